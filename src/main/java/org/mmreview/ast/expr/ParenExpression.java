package org.mmreview.ast.expr;

import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A parenthesised expression {@code (inner)}. */
public final class ParenExpression extends Expression {
  private final Expression inner;

  public ParenExpression(Range range, Expression inner) {
    super(range);
    this.inner = adopt(Objects.requireNonNull(inner, "inner"));
  }

  public Expression inner() {
    return inner;
  }

  /**
   * {@code e} with every pair of parentheses around it: the expression whose parent is the operator
   * or statement that really holds {@code e}, e.g. {@code (x)} in {@code !(x)}.
   */
  public static Expression enclosing(Expression e) {
    Expression cur = e;
    while (cur.parent().orElse(null) instanceof ParenExpression p) {
      cur = p;
    }
    return cur;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
