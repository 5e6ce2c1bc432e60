package org.mmreview.ast.stmt;

import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.expr.Expression;

/** {@code while (condition) body}. */
public final class WhileStatement extends Statement {
  private final Expression condition;
  private final Statement body;

  public WhileStatement(Range range, Expression condition, Statement body) {
    super(range);
    this.condition = adopt(Objects.requireNonNull(condition, "condition"));
    this.body = adopt(Objects.requireNonNull(body, "body"));
  }

  public Expression condition() {
    return condition;
  }

  public Statement body() {
    return body;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
