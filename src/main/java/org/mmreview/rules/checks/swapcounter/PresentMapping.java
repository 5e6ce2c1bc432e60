package org.mmreview.rules.checks.swapcounter;

import java.util.Set;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;

/**
 * Calls that make a page resident in a page table: building a present entry for a page and adding
 * the anonymous rmap of a page being mapped. A swap-in (do_swap_page(), unuse_pte()) does both,
 * which is how a resident-page counter update on a swap-entry path is told apart from a swap entry
 * miscounted as a page.
 */
public final class PresentMapping {
  // include/linux/mm.h, pgtable.h, rmap.h
  private static final Set<String> BUILDERS =
      Set.of(
          "mk_pte", "folio_mk_pte", "pfn_pte", "mk_huge_pte", "folio_mk_pmd", "mk_pmd", "pfn_pmd");
  private static final Set<String> RMAP_ADDS =
      Set.of(
          "folio_add_anon_rmap_pte",
          "folio_add_anon_rmap_ptes",
          "folio_add_anon_rmap_pmd",
          "folio_add_new_anon_rmap",
          "page_add_anon_rmap",
          "do_page_add_anon_rmap",
          "page_add_new_anon_rmap");

  private PresentMapping() {}

  /** True when {@code n} builds a present entry or adds the rmap of a page being mapped. */
  public static boolean mapsPage(Node n) {
    return n.stream()
        .anyMatch(x -> Matchers.isCallTo(x, BUILDERS) || Matchers.isCallTo(x, RMAP_ADDS));
  }
}
