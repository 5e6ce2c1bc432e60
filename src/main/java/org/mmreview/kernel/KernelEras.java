package org.mmreview.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When kernel APIs appeared, read from {@code api-eras.yaml} next to this class: enough to tell
 * that a helper exists in the tree a patch was written for when the patch names something younger
 * than the helper (a hunk-only review sees no more of the tree than that).
 *
 * @param introduced the first release of each listed API, as {@code major * 1000 + minor}
 */
public record KernelEras(Map<String, Integer> introduced) {
  private static final KernelEras DEFAULT = load();
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_]\\w*");

  public KernelEras {
    introduced = Map.copyOf(introduced);
  }

  /** The table shipped with mmreview. */
  public static KernelEras defaults() {
    return DEFAULT;
  }

  /** The youngest listed API {@code text} names, as {@code major * 1000 + minor}. */
  public Optional<Integer> floor(String text) {
    Integer best = null;
    Matcher m = IDENTIFIER.matcher(text);
    while (m.find()) {
      Integer v = introduced.get(m.group());
      if (v != null && (best == null || v > best)) {
        best = v;
      }
    }
    return Optional.ofNullable(best);
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
