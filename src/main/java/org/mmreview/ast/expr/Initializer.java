package org.mmreview.ast.expr;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/**
 * One element of an initialiser list: designators as text ({@code .vm_ops}, {@code [3]}) and a
 * value.
 */
public final class Initializer extends Node {
  private final List<String> designators;
  private final Expression value;

  public Initializer(Range range, List<String> designators, Expression value) {
    super(range);
    this.designators = List.copyOf(designators);
    this.value = adopt(Objects.requireNonNull(value, "value"));
  }

  public List<String> designators() {
    return designators;
  }

  public Expression value() {
    return value;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("designators", designators);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
