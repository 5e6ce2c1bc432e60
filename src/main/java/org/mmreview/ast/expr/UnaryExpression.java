package org.mmreview.ast.expr;

import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/**
 * A unary operation: {@code !x}, {@code -x}, {@code ~x}, {@code *p}, {@code &x}, {@code ++x},
 * {@code x--}.
 */
public final class UnaryExpression extends Expression {
  private final String operator;
  private final Expression operand;
  private final boolean postfix;

  public UnaryExpression(Range range, String operator, Expression operand, boolean postfix) {
    super(range);
    this.operator = Objects.requireNonNull(operator, "operator");
    this.operand = adopt(Objects.requireNonNull(operand, "operand"));
    this.postfix = postfix;
  }

  public String operator() {
    return operator;
  }

  public Expression operand() {
    return operand;
  }

  /** True for {@code x++} and {@code x--}. */
  public boolean isPostfix() {
    return postfix;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("operator", operator, "postfix", postfix);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
