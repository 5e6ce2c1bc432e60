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

  /**
   * The PTE-table maps that return NULL when the table is gone: since the 6.5 page-table rework
   * ({@code __pte_offset_map()} in mm/pgtable-generic.c) a concurrent THP collapse, zap or
   * retraction may free the table or replace it with a huge PMD between the PMD read and the map.
   * {@code pte_offset_kernel()} never fails and is not here; {@code pte_alloc_map*()} may fail for
   * other reasons and is not here either.
   */
  public static final Set<String> FAILING_MAPS =
      Set.of(
          "pte_offset_map",
          "pte_offset_map_lock",
          "pte_offset_map_nolock",
          "pte_offset_map_ro_nolock",
          "pte_offset_map_rw_nolock",
          "__pte_offset_map",
          "__pte_offset_map_lock");

  /**
   * Names that exist only in trees where the maps can fail: the failing implementation itself and
   * the no-lock variants added with it (6.5) or after it (6.12).
   */
  public static final Pattern FAILING_MAP_ERA =
      Pattern.compile(
          "\\b(__pte_offset_map|pte_offset_map_nolock|pte_offset_map_ro_nolock"
              + "|pte_offset_map_rw_nolock)\\b");

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
