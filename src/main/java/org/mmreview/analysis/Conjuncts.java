package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.List;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.UnaryExpression;

/**
 * The atoms a boolean condition requires at once: {@code a && !b} requires a and not-b when true;
 * {@code !a || b} requires a and not-b when false (De Morgan). Used to ask "can this condition, or
 * its negation, only hold when both X and Y hold?".
 */
public final class Conjuncts {
  private Conjuncts() {}

  /** An operand required to have truth value {@code holds}. */
  public record Atom(Expression expression, boolean holds) {}

  /** The atoms required when {@code e} evaluates to {@code holds}; a disjunction adds nothing. */
  public static List<Atom> required(Expression e, boolean holds) {
    List<Atom> out = new ArrayList<>();
    collect(e, holds, out);
    return out;
  }

  private static void collect(Expression e, boolean holds, List<Atom> out) {
    Expression x = Matchers.stripBranchHints(e);
    if (x instanceof UnaryExpression u && u.operator().equals("!") && !u.isPostfix()) {
      collect(u.operand(), !holds, out);
    } else if (x instanceof BinaryExpression b && b.operator().equals(holds ? "&&" : "||")) {
      collect(b.left(), holds, out);
      collect(b.right(), holds, out);
    } else if (!(x instanceof BinaryExpression b2
        && (b2.operator().equals("&&") || b2.operator().equals("||")))) {
      out.add(new Atom(x, holds));
    }
  }

  /**
   * The whole boolean expression {@code n} is an operand of: climbs through parentheses, {@code !},
   * {@code &&} and {@code ||}, and {@code likely()}/{@code unlikely()}.
   */
  public static Expression topCondition(Expression n) {
    Expression cur = n;
    while (true) {
      Node p = cur.parent().orElse(null);
      if (p instanceof ParenExpression pe) {
        cur = pe;
      } else if (p instanceof UnaryExpression u && u.operator().equals("!")) {
        cur = u;
      } else if (p instanceof BinaryExpression b
          && (b.operator().equals("&&") || b.operator().equals("||"))) {
        cur = b;
      } else if (p instanceof CallExpression c
          && c.callee() != cur
          && c.calleeName().filter(s -> s.equals("likely") || s.equals("unlikely")).isPresent()) {
        cur = c;
      } else {
        return cur;
      }
    }
  }
}
