package org.mmreview.review;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mmreview.cparse.ParseResult;

/**
 * Parsed hunk sides by path and text, the least recently used dropped past a fixed count to bound
 * memory. An archive repeats hunks (series resent as v2, v3, replies quoting a diff), often a few
 * lines off where an earlier hunk of the new version grew: in a corpus audit about half of the hunk
 * sides were parsed before (24% at the same line, 24% elsewhere), mostly recently (1024 entries a
 * worker catch nearly all of them), and fragment parsing is most of a corpus check.
 *
 * <p>Thread-safe, so that the workers of one audit share one cache: a worker reviews every other
 * patch mail, so with a cache each, v2 of a series handed to the other worker than v1 was parsed
 * again. A unit is frozen ({@link org.mmreview.ast.CompilationUnit#freeze}) before it is put: its
 * lazily built indexes are then complete, and the lock that hands it over publishes them, so that
 * the workers only ever read a shared tree.
 */
public final class FragmentCache {
  /** One worker's share: the entries a lone worker's cache holds. */
  public static final int PER_WORKER = 1024;

  /** A hunk side's parse and the line it was parsed at. */
  record Parsed(int firstLine, ParseResult result) {}

  private record Key(String path, String text) {}

  private final Map<Key, Parsed> entries;

  /** A cache of {@code capacity} hunk sides. */
  public FragmentCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    entries =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Parsed> eldest) {
            return size() > capacity;
          }
        };
  }

  /** A cache for {@code workers} workers that share it. */
  public static FragmentCache forWorkers(int workers) {
    return new FragmentCache(PER_WORKER * Math.max(1, workers));
  }

  synchronized Optional<Parsed> get(String path, String text) {
    return Optional.ofNullable(entries.get(new Key(path, text)));
  }

  void put(String path, String text, int firstLine, ParseResult result) {
    result.unit().freeze();
    synchronized (this) {
      entries.put(new Key(path, text), new Parsed(firstLine, result));
    }
  }
}
