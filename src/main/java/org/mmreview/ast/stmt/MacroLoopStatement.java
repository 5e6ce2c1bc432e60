package org.mmreview.ast.stmt;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.expr.Expression;

/**
 * A macro call followed by a statement, such as {@code list_for_each_entry(...) { }}, {@code
 * for_each_vma(...)} or {@code scoped_guard(...) { }}.
 */
public final class MacroLoopStatement extends Statement {
  private final String macroName;
  private final List<Expression> arguments;
  private final Statement body;

  public MacroLoopStatement(
      Range range, String macroName, List<? extends Expression> arguments, Statement body) {
    super(range);
    this.macroName = Objects.requireNonNull(macroName, "macroName");
    this.arguments = adoptAll(arguments);
    this.body = adopt(Objects.requireNonNull(body, "body"));
  }

  public String macroName() {
    return macroName;
  }

  /** The macro's arguments, best effort. */
  public List<Expression> arguments() {
    return arguments;
  }

  public Statement body() {
    return body;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("macroName", macroName);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
