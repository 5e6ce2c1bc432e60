package org.mmreview.ast.stmt;

import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** {@code default:} and the statement following the label. */
public final class DefaultStatement extends Statement {
  private final Statement body;

  public DefaultStatement(Range range, Statement body) {
    super(range);
    this.body = adopt(Objects.requireNonNull(body, "body"));
  }

  public Statement body() {
    return body;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
