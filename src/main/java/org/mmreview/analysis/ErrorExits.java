package org.mmreview.analysis;

import java.util.Optional;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.BreakStatement;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;

/**
 * Branches that bail out with a failure: {@code return NULL;}, {@code return -EFOO;}, {@code return
 * ERR_PTR(-EFOO);}, and the kernel's {@code ret = -EFOO; goto out;} form (an error value assigned,
 * then a jump or a return of it).
 */
public final class ErrorExits {
  private ErrorExits() {}

  /** True when {@code s} is, or ends with, a NULL or error exit. */
  public static boolean isErrorExit(Statement s) {
    if (Matchers.isEarlyReturnOfNullOrError(s)) {
      return true;
    }
    if (!(s instanceof Block b) || b.statements().isEmpty()) {
      return false;
    }
    Statement last = b.statements().get(b.statements().size() - 1);
    boolean jumps =
        last instanceof GotoStatement
            || last instanceof BreakStatement
            || last instanceof ReturnStatement;
    return jumps && b.statements().stream().anyMatch(ErrorExits::assignsError);
  }

  private static boolean assignsError(Statement s) {
    if (!(s instanceof ExpressionStatement es)
        || !(es.expression().unparen() instanceof AssignExpression a)
        || !a.operator().equals("=")) {
      return false;
    }
    Expression v = AccessPaths.strip(a.value());
    return Matchers.errno(v).isPresent()
        || Matchers.isNull(v)
        || (v instanceof CallExpression c && c.calleeName().filter("ERR_PTR"::equals).isPresent());
  }

  /** The value a ternary arm gives when it is NULL or an error. */
  public static Optional<Expression> errorValue(Expression arm) {
    Expression v = AccessPaths.strip(arm);
    if (Matchers.isNull(v)
        || Matchers.errno(v).isPresent()
        || (v instanceof CallExpression c
            && c.calleeName().filter("ERR_PTR"::equals).isPresent())) {
      return Optional.of(v);
    }
    return Optional.empty();
  }
}
