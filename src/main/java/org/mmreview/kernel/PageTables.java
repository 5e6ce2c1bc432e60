package org.mmreview.kernel;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

  /**
   * Calls that write a page-table entry through its pointer (the mm/vma and address come first, the
   * pointer is one of the arguments): done without the page-table lock they race with every other
   * updater of the entry (a fault, reclaim, a zap, hardware setting accessed/dirty bits).
   */
  public static final Set<String> ENTRY_WRITES =
      Stream.concat(
              ENTRY_READ_AND_CLEAR.stream(), // a read-and-clear writes the entry too
              Stream.of(
                  "set_pte_at",
                  "set_ptes",
                  "set_pte",
                  "pte_clear",
                  "ptep_set_access_flags",
                  "ptep_set_wrprotect",
                  "ptep_modify_prot_commit",
                  "ptep_test_and_clear_young",
                  "ptep_clear_flush_young",
                  "set_pmd_at",
                  "pmd_clear",
                  "pmdp_set_access_flags",
                  "pmdp_set_wrprotect",
                  "pmdp_test_and_clear_young",
                  "pmdp_clear_flush_young",
                  "set_pud_at",
                  "set_huge_pte_at",
                  "huge_pte_clear",
                  "huge_ptep_set_wrprotect",
                  "huge_ptep_set_access_flags",
                  "huge_ptep_modify_prot_start",
                  "huge_ptep_modify_prot_commit"))
          .collect(Collectors.toUnmodifiableSet());

  /**
   * Calls that unmap a PTE table mapped by {@code pte_offset_map*()} (argument 0 is a pointer into
   * it): after them the pointer is dangling (the table may be freed once no lock or RCU read side
   * holds it, and with CONFIG_HIGHPTE its kmap is gone).
   */
  public static final Set<String> PTE_UNMAPS = Set.of("pte_unmap_unlock", "pte_unmap");

  /**
   * Calls returning the page-table lock of the entry pointer at the given argument ({@code ptl =
   * pmd_lock(mm, pmd)}): the lock that must be held while that entry is written.
   */
  public static final Map<String, Integer> ENTRY_LOCKS =
      Map.of(
          "pmd_lock", 1,
          "pud_lock", 1,
          "pmd_trans_huge_lock", 0,
          "pud_trans_huge_lock", 0,
          "huge_pte_lock", 2,
          "huge_pte_lockptr", 2,
          "pmd_lockptr", 1);

  /**
   * Maps returning a PTE pointer and its lock through the {@code spinlock_t **} argument at the
   * given index ({@code pte = pte_offset_map_lock(mm, pmd, addr, &ptl)}).
   */
  public static final Map<String, Integer> MAPS_WITH_LOCK =
      Map.of(
          "pte_offset_map_lock", 3,
          "__pte_offset_map_lock", 3,
          "pte_offset_map_nolock", 3,
          "pte_offset_map_rw_nolock", 4,
          "pte_alloc_map_lock", 3);

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
