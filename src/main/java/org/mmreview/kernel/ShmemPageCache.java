package org.mmreview.kernel;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * How shmem (tmpfs) keeps its pages: in the page cache while in memory, and as a swap entry in the
 * same slot of {@code i_pages} once swapped out. The generic page-cache lookups return pages only,
 * so on a shmem mapping they answer "absent" for a page that is merely on swap; shmem's own getter
 * ({@code shmem_get_folio()}, formerly {@code shmem_getpage()}, with an {@code SGP_*} mode) swaps
 * it back in.
 */
public final class ShmemPageCache {
  /**
   * Lookups that return a page or folio, never a value entry (unless given {@code FGP_ENTRY}, see
   * {@link PageCacheEntries}): NULL, or an ERR_PTR since 6.4 for the folio ones, when the slot
   * holds no page.
   */
  private static final Set<String> PAGE_ONLY_LOOKUPS =
      Set.of(
          "find_get_page",
          "find_lock_page",
          "find_get_page_flags",
          "find_lock_head",
          "find_get_folio",
          "find_lock_folio",
          "filemap_get_folio",
          "filemap_lock_folio",
          "pagecache_get_page",
          "__filemap_get_folio");

  /**
   * Calls that see a shmem page wherever it is: shmem's getters (which swap in), the entry lookups
   * and tests that tell a swap entry from a page, and the swap-aware residency lookup.
   */
  private static final Pattern SWAP_AWARE =
      Pattern.compile(
          "shmem_(?:get_folio\\w*|getpage\\w*|read_mapping_page\\w*|read_folio\\w*|swapin\\w*"
              + "|get_partial_\\w+)|xa_is_value|filemap_get_entry|find_get_entry|find_lock_entry"
              + "|filemap_get_incore_folio");

  /** Predicates that hold only for shmem: a vma, a mapping, a file. */
  private static final Set<String> SHMEM_PREDICATES =
      Set.of("vma_is_shmem", "shmem_mapping", "shmem_file");

  /**
   * Files whose functions handle shmem's own mappings, and files where a file-backed vma other than
   * hugetlbfs can only be shmem's: userfaultfd's fill paths (UFFDIO_COPY, ZEROPAGE, CONTINUE) send
   * hugetlbfs to their own routines and reject any vma that is neither anonymous nor shmem before
   * they get to a page-cache lookup ({@code mfill_atomic()}: {@code if (!vma_is_anonymous(dst_vma)
   * && !vma_is_shmem(dst_vma)) goto out_unlock;}).
   */
  private static final Set<String> SHMEM_FILES = Set.of("mm/shmem.c", "mm/userfaultfd.c");

  private ShmemPageCache() {}

  /** True for a lookup that returns pages only (absent for a page shmem has on swap). */
  public static boolean isPageOnlyLookup(String name) {
    return PAGE_ONLY_LOOKUPS.contains(name);
  }

  /** True for a call that finds a shmem page on swap too, or tells its swap entry apart. */
  public static boolean isSwapAware(String name) {
    return SWAP_AWARE.matcher(name).matches();
  }

  /** True for {@code vma_is_shmem()}, {@code shmem_mapping()}, {@code shmem_file()}. */
  public static boolean isShmemPredicate(String name) {
    return SHMEM_PREDICATES.contains(name);
  }

  /**
   * True when a file-backed, non-hugetlb mapping handled in {@code path} is shmem's (see {@link
   * #SHMEM_FILES}).
   */
  public static boolean fileMappingsAreShmem(String path) {
    for (String f : SHMEM_FILES) {
      if (path.equals(f) || path.endsWith("/" + f)) {
        return true;
      }
    }
    return false;
  }
}
