package org.mmreview.kernel;

import java.util.Set;

/**
 * Page-cache lookups that may return a value entry instead of a page or folio: the swap entries
 * shmem keeps in {@code i_pages}, the workingset shadows of evicted pages, DAX entries. Callers
 * must test {@code xa_is_value()} before treating the result as a page.
 */
public final class PageCacheEntries {
  /** Lookups that return whatever the slot holds. */
  private static final Set<String> ENTRY_LOOKUPS =
      Set.of("filemap_get_entry", "find_get_entry", "find_lock_entry");

  /** Lookups that return value entries only when asked to with {@code FGP_ENTRY} (5.12-5.18). */
  private static final Set<String> FGP_LOOKUPS =
      Set.of("pagecache_get_page", "__filemap_get_folio");

  /** The flag that makes {@link #FGP_LOOKUPS} return value entries. */
  public static final String FGP_ENTRY = "FGP_ENTRY";

  /** Raw loads, value entries included, when the array is a mapping's {@code i_pages}. */
  private static final Set<String> RAW_LOADS = Set.of("xa_load");

  /** The field of {@code struct address_space} that holds the page cache. */
  public static final String PAGE_CACHE_FIELD = "i_pages";

  private PageCacheEntries() {}

  /** True for a lookup that returns value entries whatever its arguments. */
  public static boolean isEntryLookup(String name) {
    return ENTRY_LOOKUPS.contains(name);
  }

  /** True for a lookup that returns value entries when its flags hold {@link #FGP_ENTRY}. */
  public static boolean isFlagLookup(String name) {
    return FGP_LOOKUPS.contains(name);
  }

  /** True for a raw xarray load: value entries when the array is {@link #PAGE_CACHE_FIELD}. */
  public static boolean isRawLoad(String name) {
    return RAW_LOADS.contains(name);
  }
}
