package org.mmreview.ast.stmt;

import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** {@code goto label;}. */
public final class GotoStatement extends Statement {
  private final String label;

  public GotoStatement(Range range, String label) {
    super(range);
    this.label = Objects.requireNonNull(label, "label");
  }

  public String label() {
    return label;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("label", label);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
