package org.mmreview.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The memory allocators ({@code kmalloc()}, {@code vzalloc()}, {@code alloc_pages()}, {@code
 * folio_alloc()}, ...) whose NULL result means "out of memory" and nothing else, read from {@code
 * allocators.yaml} next to this class, by family.
 *
 * @param families the allocator names of each family ({@code slab}, {@code pages}, ...)
 * @param names every allocator name, of all families (computed once: every function reviewed asks)
 */
public record AllocatorTable(Map<String, Set<String>> families, Set<String> names) {
  private static final AllocatorTable DEFAULT = load();

  /** The table shipped with mmreview. */
  public static AllocatorTable defaults() {
    return DEFAULT;
  }

  /** The table of these families. */
  public static AllocatorTable of(Map<String, Set<String>> families) {
    return new AllocatorTable(
        Map.copyOf(families),
        families.values().stream().flatMap(Set::stream).collect(Collectors.toUnmodifiableSet()));
  }

  private static AllocatorTable load() {
    try (InputStream in = AllocatorTable.class.getResourceAsStream("allocators.yaml")) {
      if (in == null) {
        throw new IllegalStateException("allocators.yaml missing from the class path");
      }
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      Map<String, Set<String>> out = new TreeMap<>();
      root.fields()
          .forEachRemaining(
              e -> {
                List<String> names = new ArrayList<>();
                e.getValue().forEach(n -> names.add(n.asText()));
                out.put(e.getKey(), Set.copyOf(names));
              });
      return of(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
