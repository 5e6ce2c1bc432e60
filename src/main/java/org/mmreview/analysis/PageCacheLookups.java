package org.mmreview.analysis;

import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.kernel.PageCacheEntries;

/** Page-cache lookup calls as the AST shows them. */
public final class PageCacheLookups {
  private PageCacheLookups() {}

  /**
   * {@code pagecache_get_page(..., FGP_ENTRY ...)} and its kin: a lookup taking FGP flags asked for
   * value entries (swap or shadow entries come back instead of NULL).
   */
  public static boolean asksForEntries(CallExpression call) {
    return PageCacheEntries.isFlagLookup(call.calleeName().orElse(""))
        && call.arguments().stream()
            .anyMatch(
                a ->
                    a.stream()
                        .anyMatch(
                            x ->
                                x instanceof Identifier id
                                    && id.name().equals(PageCacheEntries.FGP_ENTRY)));
  }
}
