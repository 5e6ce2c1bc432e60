package org.mmreview.rules.checks.stubs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.review.ReviewedFile;

/**
 * A value computed from a compilation unit's text alone, remembered for the units of the patches
 * reviewed lately: rules that read the units of every file of a patch (a patch of n files would
 * otherwise have each read n times) or that share a text scan with another rule, and an archive
 * that shows the same hunk again (a series resent, a reply quoting it, often a few lines off) then
 * pays for one scan. A value that holds lines reads the text as starting at line 1; the caller
 * moves it to the unit's lines.
 *
 * <p>One memo per thread, so that the workers never wait for each other; the least recently used of
 * more than {@link #UNITS} units go first to bound memory. A whole file (no patch) is computed each
 * time: it is read once anyway.
 *
 * @param <V> the value's type, immutable
 */
public final class UnitTextMemo<V> {
  /** Units remembered per thread. */
  static final int UNITS = 1024;

  private final Function<String, V> compute;

  @SuppressWarnings("ThreadLocalUsage") // each memo is a static constant of the class using it
  private final ThreadLocal<Map<String, V>> memo =
      ThreadLocal.withInitial(
          () ->
              new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                  return size() > UNITS;
                }
              });

  /**
   * @param compute the value of a unit's text
   */
  public UnitTextMemo(Function<String, V> compute) {
    this.compute = compute;
  }

  /** {@code u}'s value: {@code u} is a unit of {@code file} or of another file of its patch. */
  public V get(ReviewedFile file, CompilationUnit u) {
    if (!file.diffAware()) {
      return compute.apply(u.source());
    }
    Map<String, V> m = memo.get();
    V v = m.get(u.source());
    if (v == null) {
      v = compute.apply(u.source());
      m.put(u.source(), v);
    }
    return v;
  }
}
