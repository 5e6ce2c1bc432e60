package org.mmreview.analysis;

import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.Expression;

/**
 * A place that (possibly) gives a variable or access path a value: a parameter, a declarator, an
 * assignment, an increment, {@code &x} passed to a call, or a pointer passed to a call (which may
 * write the fields reached through it).
 */
public record Definition(String target, Kind kind, Node node, Expression valueExpression) {

  /** How the value is given. */
  public enum Kind {
    PARAMETER,
    DECLARATION,
    ASSIGNMENT,
    INCREMENT,
    /** {@code &x} passed to a call: the callee may write {@code x}. */
    ADDRESS_TAKEN,
    /** A pointer passed to a call: the callee may write the fields reached through it. */
    CALL_ARGUMENT;
  }

  /** True for definitions that may not happen (they do not hide earlier ones). */
  public boolean isPossible() {
    return kind == Kind.ADDRESS_TAKEN || kind == Kind.CALL_ARGUMENT;
  }

  /** The assigned or initial value, when there is one. */
  public Optional<Expression> value() {
    return Optional.ofNullable(valueExpression);
  }

  @Override
  public String toString() {
    return kind + " " + target + "@" + node.range().beginLine();
  }
}
