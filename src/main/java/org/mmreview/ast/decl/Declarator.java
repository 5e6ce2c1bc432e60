package org.mmreview.ast.decl;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.type.TypeName;

/** One declared name of a declaration, with its full type and optional initialiser. */
public final class Declarator extends Node {
  private final String name;
  private final TypeName type;
  private final Expression initializer;
  private final Expression bitWidth;

  public Declarator(Range range, String name, TypeName type, Expression initializer) {
    this(range, name, type, initializer, null);
  }

  /** {@code bitWidth} is the width of a bit-field member ({@code unsigned x : 3}), or null. */
  public Declarator(
      Range range, String name, TypeName type, Expression initializer, Expression bitWidth) {
    super(range);
    this.name = Objects.requireNonNull(name, "name");
    this.type = adopt(Objects.requireNonNull(type, "type"));
    this.initializer = adopt(initializer);
    this.bitWidth = adopt(bitWidth);
  }

  public String name() {
    return name;
  }

  /** The full type of the declared name ({@code struct page *} for {@code *p}). */
  public TypeName type() {
    return type;
  }

  public Optional<Expression> initializer() {
    return Optional.ofNullable(initializer);
  }

  public Optional<Expression> bitWidth() {
    return Optional.ofNullable(bitWidth);
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
