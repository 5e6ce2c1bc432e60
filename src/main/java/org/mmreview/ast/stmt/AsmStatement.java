package org.mmreview.ast.stmt;

import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** An inline assembly statement, kept as text. */
public final class AsmStatement extends Statement {
  private final String code;

  /** {@code code} is the whole statement as written, {@code asm ... ;}. */
  public AsmStatement(Range range, String code) {
    super(range);
    this.code = Objects.requireNonNull(code, "code");
  }

  public String code() {
    return code;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("code", code);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
