package org.mmreview.ast.expr;

import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.stmt.Block;

/** A GNU statement expression {@code ({ ... })}. */
public final class StatementExpression extends Expression {
  private final Block block;

  public StatementExpression(Range range, Block block) {
    super(range);
    this.block = adopt(Objects.requireNonNull(block, "block"));
  }

  public Block block() {
    return block;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
