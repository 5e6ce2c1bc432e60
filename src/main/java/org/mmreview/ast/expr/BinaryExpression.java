package org.mmreview.ast.expr;

import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A binary operation such as {@code a && b}, {@code a == b}, {@code flags & VM_SHARED}. */
public final class BinaryExpression extends Expression {
  private final Expression left;
  private final String operator;
  private final Expression right;

  public BinaryExpression(Range range, Expression left, String operator, Expression right) {
    super(range);
    this.left = adopt(Objects.requireNonNull(left, "left"));
    this.operator = Objects.requireNonNull(operator, "operator");
    this.right = adopt(Objects.requireNonNull(right, "right"));
  }

  public Expression left() {
    return left;
  }

  public String operator() {
    return operator;
  }

  public Expression right() {
    return right;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("operator", operator);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
