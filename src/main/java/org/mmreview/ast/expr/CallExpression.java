package org.mmreview.ast.expr;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A call {@code callee(arguments)}: a function, a function pointer or a function-like macro. */
public final class CallExpression extends Expression {
  private final Expression callee;
  private final List<Expression> arguments;

  public CallExpression(Range range, Expression callee, List<? extends Expression> arguments) {
    super(range);
    this.callee = adopt(Objects.requireNonNull(callee, "callee"));
    this.arguments = adoptAll(arguments);
  }

  public Expression callee() {
    return callee;
  }

  public List<Expression> arguments() {
    return arguments;
  }

  /** The argument at {@code index}, if there is one. */
  public Optional<Expression> argument(int index) {
    return index >= 0 && index < arguments.size()
        ? Optional.of(arguments.get(index))
        : Optional.empty();
  }

  /** The called name when the callee is a plain identifier (parentheses ignored). */
  public Optional<String> calleeName() {
    return callee.unparen() instanceof Identifier id ? Optional.of(id.name()) : Optional.empty();
  }

  @Override
  public Map<String, Object> properties() {
    return calleeName().<Map<String, Object>>map(n -> Map.of("calleeName", n)).orElse(Map.of());
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
