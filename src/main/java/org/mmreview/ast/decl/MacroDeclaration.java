package org.mmreview.ast.decl;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/**
 * A top-level macro invocation standing as a declaration: {@code DEFINE_FREE(...)}, {@code
 * EXPORT_SYMBOL_GPL(x);}, {@code DEFINE_GUARD(...)}.
 */
public final class MacroDeclaration extends Node {
  private final String name;
  private final List<String> argumentTexts;

  public MacroDeclaration(Range range, String name, List<String> argumentTexts) {
    super(range);
    this.name = Objects.requireNonNull(name, "name");
    this.argumentTexts = List.copyOf(argumentTexts);
  }

  public String name() {
    return name;
  }

  /** The arguments as written, trimmed. */
  public List<String> argumentTexts() {
    return argumentTexts;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("name", name, "arguments", argumentTexts);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
