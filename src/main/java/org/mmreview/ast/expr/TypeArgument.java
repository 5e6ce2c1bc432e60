package org.mmreview.ast.expr;

import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.type.TypeName;

/** A type passed where an expression stands, as in {@code container_of(p, struct foo, m)}. */
public final class TypeArgument extends Expression {
  private final TypeName type;

  public TypeArgument(Range range, TypeName type) {
    super(range);
    this.type = adopt(Objects.requireNonNull(type, "type"));
  }

  public TypeName type() {
    return type;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
