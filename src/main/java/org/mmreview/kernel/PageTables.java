package org.mmreview.kernel;

import java.util.Set;
import java.util.regex.Pattern;

/** Page-table entries: their types and the functions that read one through its pointer. */
public final class PageTables {
  /**
   * Reads of a live page-table entry through its pointer (argument 0): the value can change unless
   * the page-table lock is held, and a local defined from one snapshots the entry.
   */
  public static final Set<String> ENTRY_READS =
      Set.of(
          "ptep_get",
          "ptep_get_lockless",
          "huge_ptep_get",
          "pmdp_get",
          "pmdp_get_lockless",
          "pudp_get",
          "p4dp_get",
          "pgdp_get");

  private static final Pattern ENTRY_TYPE = Pattern.compile("p[tmu4g]d_t|pte_t");

  private PageTables() {}

  /** True for a function that reads a page-table entry through its pointer ({@code ptep_get}). */
  public static boolean isEntryRead(String function) {
    return ENTRY_READS.contains(function);
  }

  /**
   * True for an entry type's name: {@code pte_t}, {@code pmd_t}, {@code pud_t}, {@code p4d_t},
   * {@code pgd_t}.
   */
  public static boolean isEntryType(String typeName) {
    return ENTRY_TYPE.matcher(typeName).matches();
  }
}
