package org.mmreview.ast.stmt;

import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.expr.Expression;

/** {@code do body while (condition);}. */
public final class DoWhileStatement extends Statement {
  private final Statement body;
  private final Expression condition;

  public DoWhileStatement(Range range, Statement body, Expression condition) {
    super(range);
    this.body = adopt(Objects.requireNonNull(body, "body"));
    this.condition = adopt(Objects.requireNonNull(condition, "condition"));
  }

  public Statement body() {
    return body;
  }

  public Expression condition() {
    return condition;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
