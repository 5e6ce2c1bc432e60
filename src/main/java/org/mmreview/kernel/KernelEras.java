package org.mmreview.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When kernel APIs appeared, read from {@code api-eras.yaml} next to this class: enough to tell
 * that a helper exists in the tree a patch was written for when the patch names something younger
 * than the helper (a hunk-only review sees no more of the tree than that).
 */
public final class KernelEras {
  private static final KernelEras DEFAULT = load();

  /** The first release of each listed API, as {@code major * 1000 + minor}. */
  private final Map<String, Integer> introduced;

  /** The lengths of the shortest and longest listed names: no other identifier can be one. */
  private final int shortest;

  private final int longest;

  /**
   * The listed names' {@link String#hashCode}s, sorted: an identifier whose hash, summed as it is
   * scanned, is none of them is no listed name, and no string is made of it for the look-up.
   */
  private final int[] hashes;

  public KernelEras(Map<String, Integer> introduced) {
    this.introduced = Map.copyOf(introduced);
    this.shortest = introduced.keySet().stream().mapToInt(String::length).min().orElse(1);
    this.longest = introduced.keySet().stream().mapToInt(String::length).max().orElse(0);
    this.hashes = introduced.keySet().stream().mapToInt(String::hashCode).sorted().toArray();
  }

  /** The first release of each listed API, as {@code major * 1000 + minor}. */
  public Map<String, Integer> introduced() {
    return introduced;
  }

  /** The table shipped with mmreview. */
  public static KernelEras defaults() {
    return DEFAULT;
  }

  /**
   * The youngest listed API {@code text} names, as {@code major * 1000 + minor}: each identifier
   * (what {@code [A-Za-z_]\\w*} finds, scanned by hand: the text is a patch's every line) looked up
   * when its length is one a listed name has.
   */
  public Optional<Integer> floor(String text) {
    // a char[] copy: a patch with one character beyond Latin-1 is a UTF-16 string, where each
    // String.charAt pays a coder test and a bounds check
    char[] chars = text.toCharArray();
    Integer best = null;
    int n = chars.length;
    int i = 0;
    while (i < n) {
      char c = chars[i];
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) {
        i++;
        continue;
      }
      int start = i;
      int hash = 0;
      while (i < n && isWord(chars[i])) {
        hash = 31 * hash + chars[i]; // String.hashCode's sum
        i++;
      }
      int len = i - start;
      if (len >= shortest && len <= longest && Arrays.binarySearch(hashes, hash) >= 0) {
        Integer v = introduced.get(new String(chars, start, len));
        if (v != null && (best == null || v > best)) {
          best = v;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean isWord(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /**
   * The listed APIs of {@code apis} that {@code text} proves the tree has: {@code text} names an
   * API at least as young as each. One scan of the text for all of them (the text is a patch's
   * every line, scanned once per reviewed file rather than once per API).
   */
  public Set<String> provenBy(Collection<String> apis, String text) {
    Optional<Integer> floor = floor(text);
    if (floor.isEmpty()) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    for (String api : apis) {
      Integer since = introduced.get(api);
      if (since != null && since <= floor.get()) {
        out.add(api);
      }
    }
    return Set.copyOf(out);
  }

  private static KernelEras load() {
    try (InputStream in = KernelEras.class.getResourceAsStream("api-eras.yaml")) {
      if (in == null) {
        throw new IllegalStateException("api-eras.yaml missing from the class path");
      }
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      Map<String, Integer> out = new HashMap<>();
      root.fields()
          .forEachRemaining(
              e -> {
                String[] v = e.getValue().asText().split("\\.");
                out.put(e.getKey(), Integer.parseInt(v[0]) * 1000 + Integer.parseInt(v[1]));
              });
      return new KernelEras(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
