package org.mmreview.ast.stmt;

import java.util.Optional;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.expr.Expression;

/** {@code return [value];}. */
public final class ReturnStatement extends Statement {
  private final Expression value;

  public ReturnStatement(Range range, Expression value) {
    super(range);
    this.value = adopt(value);
  }

  public Optional<Expression> value() {
    return Optional.ofNullable(value);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
