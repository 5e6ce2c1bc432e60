package org.mmreview.ast.stmt;

import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.expr.Expression;

/** {@code switch (selector) body}. */
public final class SwitchStatement extends Statement {
  private final Expression selector;
  private final Statement body;

  public SwitchStatement(Range range, Expression selector, Statement body) {
    super(range);
    this.selector = adopt(Objects.requireNonNull(selector, "selector"));
    this.body = adopt(Objects.requireNonNull(body, "body"));
  }

  public Expression selector() {
    return selector;
  }

  public Statement body() {
    return body;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
