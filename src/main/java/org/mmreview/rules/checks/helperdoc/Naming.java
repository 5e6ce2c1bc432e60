package org.mmreview.rules.checks.helperdoc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a name says. A name "promises more than the code does" when it reads as a general facility
 * of a core mm object ({@code vma_snapshot}, {@code folio_state}) while it is a local type or
 * helper of one file that serves one operation; a reader meeting it elsewhere assumes the general
 * thing. A name "says what it does" when it has two or more words.
 */
public final class Naming {
  /** Core objects whose name prefix reads as their own API ({@code vma_*}, {@code folio_*}). */
  private static final Set<String> OBJECTS =
      Set.of(
          "vma",
          "mm",
          "folio",
          "page",
          "pte",
          "pmd",
          "pud",
          "file",
          "inode",
          "mapping",
          "anon_vma",
          "mem");

  /** Nouns that promise the whole of the object rather than the subset an operation needs. */
  private static final Set<String> BROAD =
      Set.of("snapshot", "state", "generic", "common", "info", "all");

  /** Short names the kernel uses for some mm files, so a name carrying them is scoped. */
  private static final Map<String, List<String>> ALIASES =
      Map.of(
          "userfaultfd", List.of("uffd", "userfault", "uffdio"),
          "huge_memory", List.of("thp", "huge"),
          "memcontrol", List.of("memcg"),
          "memory", List.of("fault"),
          "hugetlb", List.of("hugetlb", "huge"),
          "migrate", List.of("migration"),
          "mremap", List.of("move", "remap"),
          "mmap", List.of("map"),
          "swapfile", List.of("swap"),
          "page_alloc", List.of("alloc"));

  private Naming() {}

  /**
   * The broad-name reading of {@code name} in {@code path}: the object, the broad word and a name
   * that states the file's scope; empty when the name is scoped or not about a core object.
   */
  public static Optional<BroadName> broad(String name, String path) {
    if (!path.endsWith(".c")) {
      return Optional.empty();
    }
    String lower = name.toLowerCase(Locale.ROOT);
    String object =
        OBJECTS.stream()
            .filter(o -> lower.startsWith(o + "_"))
            .max((a, b) -> a.length() - b.length())
            .orElse(null);
    if (object == null) {
      return Optional.empty();
    }
    List<String> parts = Arrays.asList(lower.substring(object.length() + 1).split("_"));
    String word = parts.stream().filter(BROAD::contains).findFirst().orElse(null);
    if (word == null) {
      return Optional.empty();
    }
    List<String> scope = scopeWords(path);
    if (parts.stream()
        .anyMatch(
            p ->
                scope.stream()
                    .anyMatch(s -> p.equals(s) || (s.length() >= 4 && p.startsWith(s))))) {
      return Optional.empty();
    }
    String suggestion = object + "_" + scope.get(0) + "_" + String.join("_", parts);
    return Optional.of(new BroadName(object, word, suggestion));
  }

  /** The broad reading of a name: its object, its broad word and a scoped alternative. */
  public record BroadName(String object, String word, String suggestion) {}

  /** The words that scope a name to the file at {@code path}: the short ones first. */
  static List<String> scopeWords(String path) {
    String base =
        path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.[ch]$", "").replace('-', '_');
    List<String> words = new ArrayList<>(ALIASES.getOrDefault(base, List.of()));
    words.add(base);
    for (String p : base.split("_")) {
      if (p.length() >= 3) {
        words.add(p);
      }
    }
    return words;
  }

  /**
   * Two or more words ({@code record_subpages}, {@code thp_split_allowed}): it says what it does.
   */
  public static boolean descriptive(String name) {
    return Arrays.stream(name.split("_")).filter(p -> p.length() >= 2).count() >= 2;
  }
}
