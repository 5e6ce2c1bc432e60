package org.mmreview.ast.expr;

import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A name used as an expression: a variable, function, enumerator or object-like macro. */
public final class Identifier extends Expression {
  private final String name;

  public Identifier(Range range, String name) {
    super(range);
    this.name = Objects.requireNonNull(name, "name");
  }

  public String name() {
    return name;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("name", name);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
