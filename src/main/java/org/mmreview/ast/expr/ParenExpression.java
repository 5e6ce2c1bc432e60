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

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
