package org.mmreview.ast.expr;

import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** An assignment {@code target = value} or compound assignment ({@code |=}, {@code +=} ...). */
public final class AssignExpression extends Expression {
  private final Expression target;
  private final String operator;
  private final Expression value;

  public AssignExpression(Range range, Expression target, String operator, Expression value) {
    super(range);
    this.target = adopt(Objects.requireNonNull(target, "target"));
    this.operator = Objects.requireNonNull(operator, "operator");
    this.value = adopt(Objects.requireNonNull(value, "value"));
  }

  public Expression target() {
    return target;
  }

  public String operator() {
    return operator;
  }

  public Expression value() {
    return value;
  }

  /** True for plain {@code =}. */
  public boolean isSimple() {
    return operator.equals("=");
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
