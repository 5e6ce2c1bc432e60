package org.mmreview.ast.stmt;

import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** An empty statement: a lone {@code ;} (or the missing statement after a final label). */
public final class EmptyStatement extends Statement {
  public EmptyStatement(Range range) {
    super(range);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
