package org.mmreview.analysis;

import java.util.Optional;
import java.util.Set;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.UnaryExpression;

/** Which page a page or folio expression is about, whatever conversion it goes through. */
public final class PageSubjects {
  /** Conversions that name the same page (or its folio) as their argument. */
  private static final Set<String> SAME_PAGE = Set.of("page_folio", "folio_page", "compound_head");

  private PageSubjects() {}

  /**
   * The variable a page or folio expression names: {@code page} for {@code page_folio(page)} and
   * for {@code &folio->page} of {@code folio}; empty when it names none.
   */
  public static Optional<String> of(Expression e) {
    Expression x = AccessPaths.strip(e);
    if (x instanceof CallExpression c
        && c.calleeName().filter(SAME_PAGE::contains).isPresent()
        && !c.arguments().isEmpty()) {
      return of(c.arguments().get(0));
    }
    if (x instanceof UnaryExpression u
        && u.operator().equals("&")
        && AccessPaths.strip(u.operand()) instanceof MemberAccess m
        && m.member().equals("page")) {
      return of(m.object());
    }
    return AccessPaths.of(x).map(AccessPaths::root);
  }
}
