package org.mmreview.ast.stmt;

import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A {@code continue;} statement. */
public final class ContinueStatement extends Statement {
  public ContinueStatement(Range range) {
    super(range);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
