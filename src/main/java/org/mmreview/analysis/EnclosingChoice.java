package org.mmreview.analysis;

import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.SwitchStatement;

/**
 * The innermost choice that decides, by the structure of the code, whether a node runs: an {@code
 * if} whose branch holds it, a {@code switch} case, the arm of a {@code ?:}, or the right operand
 * of {@code &&}/{@code ||}. Early exits before the node are not choices here: a statement that
 * follows {@code if (!page) return -ENOMEM;} still runs on every path that gets that far, which is
 * what "unconditional" means to a reviewer reading a hunk. Loop bodies are not choices either.
 */
public final class EnclosingChoice {
  private EnclosingChoice() {}

  /** The condition (or switch value) of the innermost choice around {@code n} in its function. */
  public static Optional<Expression> of(Node n) {
    Node child = n;
    for (Node cur = n.parent().orElse(null);
        cur != null && !(cur instanceof FunctionDefinition);
        cur = cur.parent().orElse(null)) {
      if (cur instanceof IfStatement i && i.condition() != child) {
        return Optional.of(i.condition());
      }
      if (cur instanceof SwitchStatement s && s.selector() != child) {
        return Optional.of(s.selector());
      }
      if (cur instanceof ConditionalExpression c && c.condition() != child) {
        return Optional.of(c.condition());
      }
      if (cur instanceof BinaryExpression b
          && (b.operator().equals("&&") || b.operator().equals("||"))
          && b.right() == child) {
        return Optional.of(b.left());
      }
      child = cur;
    }
    return Optional.empty();
  }

  /** True when some choice decides whether {@code n} runs. */
  public static boolean isConditional(Node n) {
    return of(n).isPresent();
  }
}
