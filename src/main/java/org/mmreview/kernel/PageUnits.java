package org.mmreview.kernel;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kernel quantities whose unit is known from their name alone: a number of pages (or a page index)
 * or a number of bytes (a size, an address). mm code converts between the two with {@code <<
 * PAGE_SHIFT}, {@code >> PAGE_SHIFT}, {@code * PAGE_SIZE} or {@code / PAGE_SIZE}; adding or
 * comparing one with the other directly is a unit error.
 */
public final class PageUnits {
  /** The two units. */
  public enum Unit {
    PAGES,
    BYTES
  }

  /** Functions returning a page count or index, and their byte twin where one exists. */
  private static final Map<String, Unit> FUNCTIONS =
      Map.ofEntries(
          Map.entry("folio_nr_pages", Unit.PAGES),
          Map.entry("compound_nr", Unit.PAGES),
          Map.entry("thp_nr_pages", Unit.PAGES),
          Map.entry("hpage_nr_pages", Unit.PAGES),
          Map.entry("pages_per_huge_page", Unit.PAGES),
          Map.entry("linear_page_index", Unit.PAGES),
          Map.entry("folio_index", Unit.PAGES),
          Map.entry("page_index", Unit.PAGES),
          Map.entry("folio_pgoff", Unit.PAGES),
          Map.entry("page_to_pgoff", Unit.PAGES),
          Map.entry("page_pgoff", Unit.PAGES),
          Map.entry("folio_next_index", Unit.PAGES),
          Map.entry("vma_pages", Unit.PAGES),
          Map.entry("thp_size", Unit.BYTES),
          Map.entry("folio_size", Unit.BYTES),
          Map.entry("page_size", Unit.BYTES),
          Map.entry("huge_page_size", Unit.BYTES),
          Map.entry("vma_kernel_pagesize", Unit.BYTES),
          Map.entry("vma_mmu_pagesize", Unit.BYTES),
          Map.entry("folio_pos", Unit.BYTES),
          Map.entry("page_offset", Unit.BYTES),
          Map.entry("i_size_read", Unit.BYTES));

  /** Constants. */
  private static final Map<String, Unit> CONSTANTS =
      Map.ofEntries(
          Map.entry("PAGE_SIZE", Unit.BYTES),
          Map.entry("PMD_SIZE", Unit.BYTES),
          Map.entry("PUD_SIZE", Unit.BYTES),
          Map.entry("HPAGE_SIZE", Unit.BYTES),
          Map.entry("HPAGE_PMD_SIZE", Unit.BYTES),
          Map.entry("HPAGE_PUD_SIZE", Unit.BYTES),
          Map.entry("HPAGE_PMD_NR", Unit.PAGES),
          Map.entry("HPAGE_PUD_NR", Unit.PAGES));

  /** Fields, by member name, whatever holds them. */
  private static final Map<String, Unit> FIELDS =
      Map.ofEntries(
          Map.entry("vm_pgoff", Unit.PAGES),
          Map.entry("pgoff", Unit.PAGES),
          Map.entry("nr_pages", Unit.PAGES),
          Map.entry("vm_start", Unit.BYTES),
          Map.entry("vm_end", Unit.BYTES),
          Map.entry("address", Unit.BYTES),
          Map.entry("real_address", Unit.BYTES));

  /** {@code ->index} is a page index on a page or a folio (not on an xarray state or a table). */
  private static final Pattern PAGE_HOLDER = Pattern.compile("(?i).*(page|folio)");

  /**
   * Scalar types that carry a unit, though not always: {@code pgoff_t} is also used for other
   * indexes (a swap slot, a byte of {@code swap_map}), so a variable of this type counts as pages
   * only when the function also uses it as a page index ({@link #PAGE_INDEX_ARGUMENTS}).
   */
  private static final Map<String, Unit> TYPES = Map.of("pgoff_t", Unit.PAGES);

  /** Page-cache lookups and the argument that is a page index. */
  private static final Map<String, Integer> PAGE_INDEX_ARGUMENTS =
      Map.ofEntries(
          Map.entry("pagecache_get_page", 1),
          Map.entry("find_get_page", 1),
          Map.entry("find_lock_page", 1),
          Map.entry("find_or_create_page", 1),
          Map.entry("grab_cache_page", 1),
          Map.entry("filemap_get_folio", 1),
          Map.entry("__filemap_get_folio", 1),
          Map.entry("filemap_lock_folio", 1),
          Map.entry("filemap_grab_folio", 1),
          Map.entry("filemap_get_entry", 1),
          Map.entry("read_mapping_page", 1),
          Map.entry("read_mapping_folio", 1),
          Map.entry("shmem_get_folio", 1),
          Map.entry("shmem_read_folio", 1),
          Map.entry("find_get_entry", 1),
          Map.entry("find_lock_entry", 1));

  /** Local names that mm code uses for one unit only. */
  private static final Map<String, Unit> LOCALS =
      Map.ofEntries(
          Map.entry("nr_pages", Unit.PAGES),
          Map.entry("pgoff", Unit.PAGES),
          Map.entry("addr", Unit.BYTES),
          Map.entry("address", Unit.BYTES),
          Map.entry("haddr", Unit.BYTES));

  private PageUnits() {}

  /** The unit of a call's result, by the function's name. */
  public static Optional<Unit> ofFunction(String name) {
    return Optional.ofNullable(FUNCTIONS.get(name));
  }

  /** The unit of a constant, by its name. */
  public static Optional<Unit> ofConstant(String name) {
    return Optional.ofNullable(CONSTANTS.get(name));
  }

  /** The unit of a local variable or parameter by a name mm code uses for one unit only. */
  public static Optional<Unit> ofLocalName(String name) {
    return Optional.ofNullable(LOCALS.get(name));
  }

  /** The unit a variable's scalar type suggests ({@link #TYPES}: to be confirmed by its uses). */
  public static Optional<Unit> ofType(String typeName) {
    return Optional.ofNullable(TYPES.get(typeName));
  }

  /** The index of the page-index argument of a page-cache lookup. */
  public static Optional<Integer> pageIndexArgument(String function) {
    return Optional.ofNullable(PAGE_INDEX_ARGUMENTS.get(function));
  }

  /** The unit of {@code holder->member} (or {@code holder.member}); holder is its last name. */
  public static Optional<Unit> ofField(String holder, String member) {
    if (member.equals("index")) {
      return PAGE_HOLDER.matcher(holder).matches() ? Optional.of(Unit.PAGES) : Optional.empty();
    }
    return Optional.ofNullable(FIELDS.get(member));
  }
}
