package org.mmreview.ast.stmt;

import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A {@code break;} statement. */
public final class BreakStatement extends Statement {
  public BreakStatement(Range range) {
    super(range);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
