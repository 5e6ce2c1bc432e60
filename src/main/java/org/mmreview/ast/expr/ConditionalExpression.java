package org.mmreview.ast.expr;

import java.util.Objects;
import java.util.Optional;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** {@code condition ? then : else}, with GNU {@code condition ?: else} having no then part. */
public final class ConditionalExpression extends Expression {
  private final Expression condition;
  private final Expression thenExpression;
  private final Expression elseExpression;

  public ConditionalExpression(
      Range range, Expression condition, Expression thenExpression, Expression elseExpression) {
    super(range);
    this.condition = adopt(Objects.requireNonNull(condition, "condition"));
    this.thenExpression = adopt(thenExpression);
    this.elseExpression = adopt(Objects.requireNonNull(elseExpression, "elseExpression"));
  }

  public Expression condition() {
    return condition;
  }

  /** Empty for GNU {@code a ?: b}. */
  public Optional<Expression> thenExpression() {
    return Optional.ofNullable(thenExpression);
  }

  public Expression elseExpression() {
    return elseExpression;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
