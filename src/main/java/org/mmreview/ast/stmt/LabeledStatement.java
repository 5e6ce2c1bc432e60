package org.mmreview.ast.stmt;

import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** {@code label:} and the statement following it. */
public final class LabeledStatement extends Statement {
  private final String label;
  private final Statement body;

  public LabeledStatement(Range range, String label, Statement body) {
    super(range);
    this.label = Objects.requireNonNull(label, "label");
    this.body = adopt(Objects.requireNonNull(body, "body"));
  }

  public String label() {
    return label;
  }

  public Statement body() {
    return body;
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
