package org.mmreview.cparse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel macro idioms the token passes know, read from {@code kernel-macros.yaml}: annotation
 * macros (with and without arguments), well-known typedef names, iterator and declaration macros.
 */
public record KernelMacros(
    Set<String> attributes,
    Set<String> attributesWithArguments,
    Set<String> types,
    Set<String> iterators,
    Set<String> declarations) {

  private static final String RESOURCE = "/org/mmreview/cparse/kernel-macros.yaml";
  private static volatile KernelMacros defaults;

  /** The table shipped with mmreview (read once, immutable). */
  public static KernelMacros defaults() {
    KernelMacros d = defaults;
    if (d == null) {
      synchronized (KernelMacros.class) {
        if (defaults == null) {
          defaults = load();
        }
        d = defaults;
      }
    }
    return d;
  }

  private static KernelMacros load() {
    try (InputStream in = KernelMacros.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      @SuppressWarnings("unchecked")
      Map<String, List<String>> m = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
      return new KernelMacros(
          set(m, "attributes"),
          set(m, "attributesWithArguments"),
          set(m, "types"),
          set(m, "iterators"),
          set(m, "declarations"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> set(Map<String, List<String>> m, String key) {
    List<String> l = m.get(key);
    return l == null ? Set.of() : Set.copyOf(l);
  }
}
