package org.mmreview.ast.stmt;

import java.util.Objects;
import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.expr.Expression;

/** {@code for (init; condition; update) body}; the init may be a declaration. */
public final class ForStatement extends Statement {
  private final Node init;
  private final Expression condition;
  private final Expression update;
  private final Statement body;

  /** {@code init} is an {@link Expression}, a {@link Declaration}, or null. */
  public ForStatement(
      Range range, Node init, Expression condition, Expression update, Statement body) {
    super(range);
    if (init != null && !(init instanceof Expression) && !(init instanceof Declaration)) {
      throw new IllegalArgumentException("for-init must be an Expression or a Declaration");
    }
    this.init = adopt(init);
    this.condition = adopt(condition);
    this.update = adopt(update);
    this.body = adopt(Objects.requireNonNull(body, "body"));
  }

  /** The init clause: an {@link Expression} or a {@link Declaration}. */
  public Optional<Node> init() {
    return Optional.ofNullable(init);
  }

  public Optional<Expression> condition() {
    return Optional.ofNullable(condition);
  }

  public Optional<Expression> update() {
    return Optional.ofNullable(update);
  }

  public Statement body() {
    return body;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
