package org.mmreview.ast.stmt;

import java.util.Objects;
import java.util.Optional;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.expr.Expression;

/** {@code if (condition) then [else else]}. */
public final class IfStatement extends Statement {
  private final Expression condition;
  private final Statement thenStatement;
  private final Statement elseStatement;

  public IfStatement(
      Range range, Expression condition, Statement thenStatement, Statement elseStatement) {
    super(range);
    this.condition = adopt(Objects.requireNonNull(condition, "condition"));
    this.thenStatement = adopt(Objects.requireNonNull(thenStatement, "thenStatement"));
    this.elseStatement = adopt(elseStatement);
  }

  public Expression condition() {
    return condition;
  }

  public Statement thenStatement() {
    return thenStatement;
  }

  public Optional<Statement> elseStatement() {
    return Optional.ofNullable(elseStatement);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
