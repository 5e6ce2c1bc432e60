package org.mmreview.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * VMA predicates the kernel names with a helper ({@code vma_is_anonymous()}, {@code
 * is_vm_hugetlb_page()}, {@code vma_is_shmem()}, ...) and the open-coded test each one stands for,
 * read from {@code vma-predicates.yaml} next to this class.
 *
 * @param predicates the rows of the table, in file order
 */
public record VmaPredicateTable(List<Predicate> predicates) {
  private static final VmaPredicateTable DEFAULT = load();
  private static final Set<String> ANON_ONLY = loadAnonOnly();

  /**
   * One helper and the test it stands for: {@code !vma->vm_ops} ({@code noOps}), {@code
   * vma->vm_flags & flag}, or {@code vma->vm_ops == &ops} for one of {@code ops}.
   */
  public record Predicate(String helper, boolean noOps, Optional<String> flag, List<String> ops) {}

  /** The table shipped with mmreview. */
  public static VmaPredicateTable defaults() {
    return DEFAULT;
  }

  /** The helper that is {@code vma->vm_flags & flag}, if the table has one. */
  public Optional<Predicate> forFlag(String flag) {
    return predicates.stream().filter(p -> p.flag().filter(flag::equals).isPresent()).findFirst();
  }

  /**
   * The helpers that test {@code vma->vm_ops == &ops}, the narrowest first: {@code
   * &shmem_anon_vm_ops} is {@code vma_is_anon_shmem()}, and part of {@code vma_is_shmem()}.
   */
  public List<Predicate> forOps(String ops) {
    return predicates.stream()
        .filter(p -> p.ops().contains(ops))
        .sorted((a, b) -> Integer.compare(a.ops().size(), b.ops().size()))
        .toList();
  }

  /**
   * Calls that only make sense for an anonymous VMA or page ({@code folio_add_new_anon_rmap()},
   * {@code anon_vma_prepare()}), from {@code anon-only-calls.yaml}.
   */
  public static Set<String> anonymousOnlyCalls() {
    return ANON_ONLY;
  }

  private static Set<String> loadAnonOnly() {
    try (InputStream in = VmaPredicateTable.class.getResourceAsStream("anon-only-calls.yaml")) {
      if (in == null) {
        throw new IllegalStateException("anon-only-calls.yaml missing from the class path");
      }
      Set<String> out = new HashSet<>();
      new ObjectMapper(new YAMLFactory()).readTree(in).forEach(n -> out.add(n.asText()));
      return Set.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The helper that is {@code !vma->vm_ops}. */
  public Optional<Predicate> forMissingOps() {
    return predicates.stream().filter(Predicate::noOps).findFirst();
  }

  private static VmaPredicateTable load() {
    try (InputStream in = VmaPredicateTable.class.getResourceAsStream("vma-predicates.yaml")) {
      if (in == null) {
        throw new IllegalStateException("vma-predicates.yaml missing from the class path");
      }
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      List<Predicate> rows = new ArrayList<>();
      for (JsonNode n : root) {
        List<String> ops = new ArrayList<>();
        n.path("ops").forEach(o -> ops.add(o.asText()));
        rows.add(
            new Predicate(
                n.get("helper").asText(),
                n.path("no_ops").asBoolean(false),
                Optional.ofNullable(n.get("flag")).map(JsonNode::asText),
                List.copyOf(ops)));
      }
      return new VmaPredicateTable(List.copyOf(rows));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
