package org.mmreview.analysis;

import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.stmt.DoWhileStatement;
import org.mmreview.ast.stmt.ForStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.ast.stmt.WhileStatement;

/**
 * Which outcome of a condition a CFG edge stands for: the edge from an {@code if}, {@code while},
 * {@code for} or {@code do} condition into its then-branch or loop body is "true", the other edge
 * "false". Edge-sensitive analyses (a NULL test that proves a pointer set, a test of {@code
 * VM_FAULT_RETRY}) learn from the outcome; an edge whose outcome is unclear (both successors the
 * same point, a switch) teaches nothing.
 */
public final class BranchEdges {
  private BranchEdges() {}

  /** The condition a CFG point evaluates, when it is the condition of an if or a loop. */
  public static Optional<Expression> condition(CfgNode n) {
    if (n.kind() != CfgNode.Kind.CONDITION
        || !(n.ast().orElse(null) instanceof Expression cond)
        || body(cond).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(cond);
  }

  /** The outcome of {@code n}'s condition on the edge to {@code successor}; empty when unclear. */
  public static Optional<Boolean> outcome(CfgNode n, CfgNode successor) {
    Optional<Expression> cond = condition(n);
    if (cond.isEmpty() || n.successors().size() != 2) {
      return Optional.empty();
    }
    Statement body = body(cond.get()).orElseThrow();
    long intoBody = n.successors().stream().filter(s -> startsIn(s, body)).count();
    if (intoBody != 1) {
      return Optional.empty();
    }
    return Optional.of(startsIn(successor, body));
  }

  private static boolean startsIn(CfgNode s, Statement body) {
    return s.ast().map(body::isAncestorOrSelf).orElse(false);
  }

  /** The statement a condition's "true" outcome runs: the then-branch or the loop body. */
  private static Optional<Statement> body(Expression cond) {
    Node p = cond.parent().orElse(null);
    if (p instanceof IfStatement i && i.condition() == cond) {
      return Optional.of(i.thenStatement());
    }
    if (p instanceof WhileStatement w && w.condition() == cond) {
      return Optional.of(w.body());
    }
    if (p instanceof DoWhileStatement d && d.condition() == cond) {
      return Optional.of(d.body());
    }
    if (p instanceof ForStatement f && f.condition().filter(c -> c == cond).isPresent()) {
      return Optional.of(f.body());
    }
    return Optional.empty();
  }
}
