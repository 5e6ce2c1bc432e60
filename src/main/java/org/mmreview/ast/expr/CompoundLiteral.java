package org.mmreview.ast.expr;

import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.type.TypeName;

/** A compound literal {@code (type){ ... }}. */
public final class CompoundLiteral extends Expression {
  private final TypeName type;
  private final InitializerList initializer;

  public CompoundLiteral(Range range, TypeName type, InitializerList initializer) {
    super(range);
    this.type = adopt(Objects.requireNonNull(type, "type"));
    this.initializer = adopt(Objects.requireNonNull(initializer, "initializer"));
  }

  public TypeName type() {
    return type;
  }

  public InitializerList initializer() {
    return initializer;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
