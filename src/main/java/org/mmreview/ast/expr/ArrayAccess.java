package org.mmreview.ast.expr;

import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A subscript {@code array[index]}. */
public final class ArrayAccess extends Expression {
  private final Expression array;
  private final Expression index;

  public ArrayAccess(Range range, Expression array, Expression index) {
    super(range);
    this.array = adopt(Objects.requireNonNull(array, "array"));
    this.index = adopt(Objects.requireNonNull(index, "index"));
  }

  public Expression array() {
    return array;
  }

  public Expression index() {
    return index;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
