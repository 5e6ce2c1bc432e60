package org.mmreview.kernel;

import java.util.Set;

/**
 * Calls that record that a page's data has changed since it was last written back: the dirty bit of
 * a page-table entry about to be installed ({@code pte_mkdirty()} and its siblings at the other
 * levels) and the folio's own flag ({@code folio_mark_dirty()}, {@code set_page_dirty()}).
 * Whichever of them a path uses, a page the kernel filled must leave it dirty, or reclaim may free
 * it without writing it anywhere.
 */
public final class DirtyMarkers {
  private static final Set<String> NAMES =
      Set.of(
          "pte_mkdirty",
          "pmd_mkdirty",
          "pud_mkdirty",
          "huge_pte_mkdirty",
          "set_page_dirty",
          "set_page_dirty_lock",
          "folio_mark_dirty",
          "folio_mark_dirty_lock");

  private DirtyMarkers() {}

  /** True when {@code name} marks an entry or a page dirty. */
  public static boolean marksDirty(String name) {
    return NAMES.contains(name);
  }
}
