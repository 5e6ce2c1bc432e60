package org.mmreview.ast.expr;

import java.util.List;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A comma expression {@code a, b, c}. */
public final class CommaExpression extends Expression {
  private final List<Expression> expressions;

  public CommaExpression(Range range, List<? extends Expression> expressions) {
    super(range);
    this.expressions = adoptAll(expressions);
  }

  public List<Expression> expressions() {
    return expressions;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
