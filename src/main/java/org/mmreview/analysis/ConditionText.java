package org.mmreview.analysis;

import java.util.Map;
import java.util.Set;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CommaExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.UnaryExpression;

/**
 * A condition written back as a finding suggests it: negated ({@code if (!x) return;}) or joined
 * with another by {@code &&}, with parentheses only where C's precedence needs them, so the
 * suggestion reads as a person would write it.
 */
public final class ConditionText {
  /**
   * Operators that get parentheses beside {@code &&}: {@code ||} must, and the bitwise ones are
   * written in parentheses by kernel convention ({@code (flags & VM_SHARED) && ...}).
   */
  private static final Set<String> BITWISE_OR_LOOSER = Set.of("||", "&", "|", "^");

  private ConditionText() {}

  /**
   * {@code e} negated: {@code !x} for {@code x}, {@code x} for {@code !x}, {@code a != b} for
   * {@code a == b}, {@code a || !b} for {@code !a && b}, {@code !(...)} for the rest.
   */
  public static String negated(Expression e) {
    Expression x = e.unparen();
    if (x instanceof UnaryExpression u && u.operator().equals("!") && !u.isPostfix()) {
      return u.operand().unparen().compactText();
    }
    if (x instanceof BinaryExpression b && FLIPPED.containsKey(b.operator())) {
      return b.left().compactText()
          + " "
          + FLIPPED.get(b.operator())
          + " "
          + b.right().compactText();
    }
    if (x instanceof BinaryExpression b
        && (b.operator().equals("&&") || b.operator().equals("||"))
        && isLeaf(b.left())
        && isLeaf(b.right())) {
      // De Morgan on two plain tests: !(!a && b != c) reads better as a || b == c.
      return negated(b.left()) + (b.operator().equals("&&") ? " || " : " && ") + negated(b.right());
    }
    return "!" + (needsParentheses(x, false) ? "(" + x.compactText() + ")" : x.compactText());
  }

  /** A comparison's operator and the one that negates it. */
  private static final Map<String, String> FLIPPED =
      Map.of("==", "!=", "!=", "==", "<", ">=", ">=", "<", ">", "<=", "<=", ">");

  /**
   * A test whose negation stays one unparenthesised operand of {@code &&} or {@code ||}: a call, a
   * name, a member, a {@code !x} or a comparison.
   */
  private static boolean isLeaf(Expression e) {
    Expression x = e.unparen();
    if (x instanceof BinaryExpression b) {
      return FLIPPED.containsKey(b.operator());
    }
    if (x instanceof UnaryExpression u
        && u.operator().equals("!")
        && u.operand().unparen() instanceof BinaryExpression inner) {
      return FLIPPED.containsKey(inner.operator());
    }
    return !(x instanceof ConditionalExpression
        || x instanceof AssignExpression
        || x instanceof CommaExpression);
  }

  /** {@code e} as an operand of {@code &&}: parenthesised when it is an {@code ||} or looser. */
  public static String conjunct(Expression e) {
    Expression x = e.unparen();
    return needsParentheses(x, true) ? "(" + x.compactText() + ")" : x.compactText();
  }

  /**
   * True when {@code x} binds looser than the operator it is to sit under: any binary operator
   * under a unary {@code !}; under {@code &&}, {@code ||}, the bitwise operators, {@code ?:},
   * assignments and commas (a comparison reads fine beside {@code &&}).
   */
  private static boolean needsParentheses(Expression x, boolean underAnd) {
    if (x instanceof ConditionalExpression
        || x instanceof AssignExpression
        || x instanceof CommaExpression) {
      return true;
    }
    if (x instanceof BinaryExpression b) {
      return !underAnd || BITWISE_OR_LOOSER.contains(b.operator());
    }
    return false;
  }
}
