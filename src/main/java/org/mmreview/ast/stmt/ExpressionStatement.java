package org.mmreview.ast.stmt;

import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.expr.Expression;

/** An expression followed by {@code ;}. */
public final class ExpressionStatement extends Statement {
  private final Expression expression;

  public ExpressionStatement(Range range, Expression expression) {
    super(range);
    this.expression = adopt(Objects.requireNonNull(expression, "expression"));
  }

  public Expression expression() {
    return expression;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
