package org.mmreview.ast.decl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.type.TypeName;

/** A function parameter: its full type and, unless abstract, its name. */
public final class Parameter extends Node {
  private final TypeName type;
  private final String name;

  public Parameter(Range range, TypeName type, String name) {
    super(range);
    this.type = adopt(Objects.requireNonNull(type, "type"));
    this.name = name;
  }

  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  public TypeName type() {
    return type;
  }

  @Override
  public Map<String, Object> properties() {
    Map<String, Object> m = new LinkedHashMap<>();
    name().ifPresent(n -> m.put("name", n));
    return m;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
