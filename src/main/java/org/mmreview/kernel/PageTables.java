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

  /**
   * Calls that read a live entry through its pointer (argument 0, or the one after the mm and
   * address) while clearing or invalidating it, and return the value it held at that moment.
   */
  public static final Set<String> ENTRY_READ_AND_CLEAR =
      Set.of(
          "ptep_clear_flush",
          "ptep_get_and_clear",
          "ptep_get_and_clear_full",
          "ptep_modify_prot_start",
          "huge_ptep_get_and_clear",
          "huge_ptep_clear_flush",
          "pmdp_huge_clear_flush",
          "pmdp_huge_get_and_clear",
          "pmdp_huge_get_and_clear_full",
          "pmdp_invalidate",
          "pmdp_invalidate_ad",
          "pmdp_collapse_flush",
          "pmdp_get_and_clear",
          "pudp_huge_clear_flush",
          "pudp_huge_get_and_clear");

  /** Equality of two entries' values: {@code pte_same(a, b)}. */
  public static final Set<String> ENTRY_EQUALITY = Set.of("pte_same", "pmd_same", "pud_same");

  /** An entry's raw value, compared with {@code ==}: {@code pte_val(a) != pte_val(b)}. */
  public static final Set<String> ENTRY_VALUE =
      Set.of("pte_val", "pmd_val", "pud_val", "p4d_val", "pgd_val");

  /**
   * Locks taken only when the PMD (PUD) maps a huge page <i>or</i> holds a migration entry, or a
   * devmap or special leaf: a non-NULL result does not mean {@code pmd_trans_huge()}.
   */
  public static final Set<String> HUGE_LEAF_LOCKS =
      Set.of("pmd_trans_huge_lock", "__pmd_trans_huge_lock", "pud_trans_huge_lock");

  private static final Pattern ENTRY_TYPE = Pattern.compile("p[tmu4g]d_t|pte_t");

  private PageTables() {}

  /** True for a function that reads a page-table entry through its pointer ({@code ptep_get}). */
  public static boolean isEntryRead(String function) {
    return ENTRY_READS.contains(function);
  }

  /** True for a call returning the entry's value at one moment: a read, or a read and clear. */
  public static boolean isEntrySnapshot(String function) {
    return ENTRY_READS.contains(function) || ENTRY_READ_AND_CLEAR.contains(function);
  }

  /**
   * True for an entry type's name: {@code pte_t}, {@code pmd_t}, {@code pud_t}, {@code p4d_t},
   * {@code pgd_t}.
   */
  public static boolean isEntryType(String typeName) {
    return ENTRY_TYPE.matcher(typeName).matches();
  }
}
