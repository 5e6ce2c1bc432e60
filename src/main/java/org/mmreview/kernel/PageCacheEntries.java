package org.mmreview.kernel;

import java.util.Set;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.UnaryExpression;

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

  /** Raw loads, value entries included, when the array is a mapping's {@code i_pages}. */
  private static final Set<String> RAW_LOADS = Set.of("xa_load");

  private PageCacheEntries() {}

  /** True when {@code n} is a call that may return a value entry of a mapping's page cache. */
  public static boolean mayReturnValueEntry(Node n) {
    if (!(n instanceof CallExpression c) || c.calleeName().isEmpty()) {
      return false;
    }
    String name = c.calleeName().get();
    if (ENTRY_LOOKUPS.contains(name)) {
      return true;
    }
    if (FGP_LOOKUPS.contains(name)) {
      return c.arguments().stream().anyMatch(a -> a.text().matches("(?s).*\\bFGP_ENTRY\\b.*"));
    }
    return RAW_LOADS.contains(name) && c.argument(0).filter(PageCacheEntries::isIPages).isPresent();
  }

  private static boolean isIPages(Expression e) {
    return e.unparen() instanceof UnaryExpression u
        && u.operator().equals("&")
        && u.operand().unparen() instanceof MemberAccess m
        && m.member().equals("i_pages");
  }
}
