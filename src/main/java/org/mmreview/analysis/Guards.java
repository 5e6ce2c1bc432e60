package org.mmreview.analysis;

import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.MacroLoopStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.kernel.LockGroup;

/**
 * Scope-based locks from {@code linux/cleanup.h}: {@code scoped_guard(mutex, &m) { ... }} holds the
 * lock in its body; {@code guard(rcu)();} holds it until the end of the enclosing block.
 */
final class Guards {
  private Guards() {}

  /**
   * True when a scoped guard of {@code group} surrounds {@code n}, or a guard() before it in its
   * block.
   */
  static boolean guarded(Node n, LockGroup group) {
    for (Node cur = n; cur != null; cur = cur.parent().orElse(null)) {
      if (cur instanceof MacroLoopStatement m
          && (m.macroName().equals("scoped_guard") || m.macroName().equals("scoped_cond_guard"))
          && m.body().isAncestorOrSelf(n)
          && m.arguments().stream()
              .findFirst()
              .flatMap(Guards::groupOf)
              .filter(group::equals)
              .isPresent()) {
        return true;
      }
      if (cur instanceof Statement s && s.parent().orElse(null) instanceof Block b) {
        for (Statement earlier : b.statements()) {
          if (earlier == s) {
            break;
          }
          if (guardGroup(earlier).filter(group::equals).isPresent()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The group a {@code guard(class)(args);} statement locks. */
  static Optional<LockGroup> guardGroup(Statement s) {
    if (s instanceof ExpressionStatement e
        && e.expression().unparen() instanceof CallExpression outer
        && outer.callee().unparen() instanceof CallExpression inner
        && inner.calleeName().filter("guard"::equals).isPresent()) {
      return inner.argument(0).flatMap(Guards::groupOf);
    }
    return Optional.empty();
  }

  private static Optional<LockGroup> groupOf(Expression lockClass) {
    return lockClass.unparen() instanceof Identifier id
        ? LockGroup.ofGuardClass(id.name())
        : Optional.empty();
  }
}
