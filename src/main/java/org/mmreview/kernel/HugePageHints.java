package org.mmreview.kernel;

import java.util.Set;

/**
 * What says a mapping may use huge pages, and what says it does. {@code VM_HUGEPAGE} and {@code
 * VM_NOHUGEPAGE} record madvise(MADV_HUGEPAGE / MADV_NOHUGEPAGE): a wish about future allocations,
 * which THP settings, allocation failure, a split or a partial range can leave unfulfilled. What is
 * mapped is told by the page tables and the folio ({@code pmd_trans_huge()}, {@code
 * folio_test_large()}, ...) or by the VMA's kind ({@code is_vm_hugetlb_page()}).
 */
public final class HugePageHints {
  /** The VMA flag bits that carry the hint, in both spellings (legacy mask and VMA_*_BIT). */
  private static final Set<String> HINT_ON = Set.of("VM_HUGEPAGE", "VMA_HUGEPAGE_BIT");

  private static final Set<String> HINT_OFF = Set.of("VM_NOHUGEPAGE", "VMA_NOHUGEPAGE_BIT");

  /** The byte extent, address mask or shift of one PMD-sized (huge) page. */
  private static final Set<String> HUGE_EXTENTS =
      Set.of(
          "HPAGE_SIZE",
          "HPAGE_MASK",
          "HPAGE_SHIFT",
          "HPAGE_PMD_SIZE",
          "HPAGE_PMD_MASK",
          "HPAGE_PMD_SHIFT",
          "PMD_SIZE",
          "PMD_MASK",
          "PMD_SHIFT");

  /** Tests of what is actually mapped, or of whether a huge mapping is allowed and fits. */
  private static final Set<String> MAPPING_FACTS =
      Set.of(
          "pmd_trans_huge",
          "pmd_leaf",
          "pmd_devmap",
          "pud_trans_huge",
          "pud_leaf",
          "folio_test_large",
          "folio_test_pmd_mappable",
          "PageTransHuge",
          "PageCompound",
          "PageHuge",
          "folio_test_hugetlb",
          "is_vm_hugetlb_page",
          "thp_vma_allowable_order",
          "thp_vma_allowable_orders",
          "thp_vma_suitable_order",
          "transhuge_vma_suitable",
          "hugepage_vma_check",
          "__thp_vma_allowable_orders");

  private HugePageHints() {}

  /** True for {@code VM_HUGEPAGE} (the hint that huge pages are wanted). */
  public static boolean hintOn(String flag) {
    return HINT_ON.contains(flag);
  }

  /** True for {@code VM_NOHUGEPAGE} (the hint that they are not). */
  public static boolean hintOff(String flag) {
    return HINT_OFF.contains(flag);
  }

  /** True for a constant that sizes, aligns or shifts by one huge page. */
  public static boolean hugeExtent(String name) {
    return HUGE_EXTENTS.contains(name);
  }

  /** True for a call that tells what is mapped (or whether a huge mapping is possible). */
  public static boolean mappingFact(String name) {
    return MAPPING_FACTS.contains(name);
  }
}
