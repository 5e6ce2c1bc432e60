package org.mmreview.ast.stmt;

import java.util.Objects;
import java.util.Optional;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.expr.Expression;

/** {@code case value:} (or GNU {@code case lo ... hi:}) and the statement following the label. */
public final class CaseStatement extends Statement {
  private final Expression value;
  private final Expression rangeEnd;
  private final Statement body;

  public CaseStatement(Range range, Expression value, Expression rangeEnd, Statement body) {
    super(range);
    this.value = adopt(Objects.requireNonNull(value, "value"));
    this.rangeEnd = adopt(rangeEnd);
    this.body = adopt(Objects.requireNonNull(body, "body"));
  }

  public Expression value() {
    return value;
  }

  /** The upper bound of a {@code case lo ... hi:} range. */
  public Optional<Expression> rangeEnd() {
    return Optional.ofNullable(rangeEnd);
  }

  public Statement body() {
    return body;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
