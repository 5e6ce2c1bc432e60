package org.mmreview.ast.stmt;

import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A statement the parser could not read; the unparsed source is its {@code text()}. */
public final class ErrorStatement extends Statement {
  private final String reason;

  public ErrorStatement(Range range, String reason) {
    super(range);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public String reason() {
    return reason;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("reason", reason);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
