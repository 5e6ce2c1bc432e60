package org.mmreview.ast.expr;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.type.TypeName;

/**
 * {@code sizeof(type)}, {@code sizeof expression} and the alike operators ({@code _Alignof}, {@code
 * __alignof__}); exactly one of type and expression is present.
 */
public final class SizeofExpression extends Expression {
  private final String operator;
  private final TypeName type;
  private final Expression expression;

  public SizeofExpression(Range range, String operator, TypeName type, Expression expression) {
    super(range);
    if ((type == null) == (expression == null)) {
      throw new IllegalArgumentException("sizeof takes a type or an expression");
    }
    this.operator = Objects.requireNonNull(operator, "operator");
    this.type = adopt(type);
    this.expression = adopt(expression);
  }

  /** {@code sizeof}, {@code _Alignof}, {@code __alignof__}, ... */
  public String operator() {
    return operator;
  }

  public Optional<TypeName> type() {
    return Optional.ofNullable(type);
  }

  public Optional<Expression> expression() {
    return Optional.ofNullable(expression);
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
