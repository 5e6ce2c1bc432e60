package org.mmreview.ast.expr;

import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** Something a macro produced in expression position that is not C; kept as best-effort text. */
public final class MacroExpression extends Expression {
  private final String spelling;

  public MacroExpression(Range range, String spelling) {
    super(range);
    this.spelling = Objects.requireNonNull(spelling, "spelling");
  }

  /** The text as written. */
  public String spelling() {
    return spelling;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("spelling", spelling);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
