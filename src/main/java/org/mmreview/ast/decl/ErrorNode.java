package org.mmreview.ast.decl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A top-level region the parser could not read; the unparsed source is its {@code text()}. */
public final class ErrorNode extends Node {
  private final String reason;
  private final String functionName;

  public ErrorNode(Range range, String reason, String functionName) {
    super(range);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.functionName = functionName;
  }

  public String reason() {
    return reason;
  }

  /** The function the region seems to belong to, when one could be guessed. */
  public Optional<String> functionName() {
    return Optional.ofNullable(functionName);
  }

  @Override
  public Map<String, Object> properties() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reason", reason);
    functionName().ifPresent(f -> m.put("functionName", f));
    return m;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
