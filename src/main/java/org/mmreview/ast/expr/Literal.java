package org.mmreview.ast.expr;

import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/**
 * A constant as written: integer, floating, character or string (adjacent string literals joined
 * into one).
 */
public final class Literal extends Expression {

  /** The kind of constant. */
  public enum Kind {
    INT,
    FLOAT,
    CHAR,
    STRING
  }

  private final Kind literalKind;
  private final String value;

  public Literal(Range range, Kind literalKind, String value) {
    super(range);
    this.literalKind = Objects.requireNonNull(literalKind, "literalKind");
    this.value = Objects.requireNonNull(value, "value");
  }

  /**
   * The kind of constant. (Named so because {@code kind()} is the node-kind string of every node.)
   */
  public Kind literalKind() {
    return literalKind;
  }

  /** The literal's spelling, e.g. {@code 0x1UL}, {@code "abc"}, {@code 'c'}. */
  public String value() {
    return value;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("literalKind", literalKind.name(), "value", value);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
