package org.mmreview.ast.expr;

import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.type.TypeName;

/** A cast {@code (type) expression}. */
public final class CastExpression extends Expression {
  private final TypeName type;
  private final Expression expression;

  public CastExpression(Range range, TypeName type, Expression expression) {
    super(range);
    this.type = adopt(Objects.requireNonNull(type, "type"));
    this.expression = adopt(Objects.requireNonNull(expression, "expression"));
  }

  public TypeName type() {
    return type;
  }

  public Expression expression() {
    return expression;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
