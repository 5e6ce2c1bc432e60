package org.mmreview.ast.expr;

import java.util.List;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A brace-enclosed initialiser list {@code { .a = 1, [2] = x, y }}. */
public final class InitializerList extends Expression {
  private final List<Initializer> initializers;

  public InitializerList(Range range, List<Initializer> initializers) {
    super(range);
    this.initializers = adoptAll(initializers);
  }

  public List<Initializer> initializers() {
    return initializers;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
