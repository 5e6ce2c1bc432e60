package org.mmreview.ast.decl;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.expr.Expression;

/** One enumerator of an enum, with its optional explicit value. */
public final class Enumerator extends Node {
  private final String name;
  private final Expression value;

  public Enumerator(Range range, String name, Expression value) {
    super(range);
    this.name = Objects.requireNonNull(name, "name");
    this.value = adopt(value);
  }

  public String name() {
    return name;
  }

  public Optional<Expression> value() {
    return Optional.ofNullable(value);
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
