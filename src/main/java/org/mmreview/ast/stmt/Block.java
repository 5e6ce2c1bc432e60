package org.mmreview.ast.stmt;

import java.util.List;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A compound statement {@code { ... }}: statements and declaration statements in order. */
public final class Block extends Statement {
  private final List<Statement> items;

  public Block(Range range, List<? extends Statement> items) {
    super(range);
    this.items = adoptAll(items);
  }

  /** The items in order (statements and {@link DeclarationStatement}s). */
  @SuppressWarnings("unchecked")
  public List<Node> items() {
    return (List<Node>) (List<?>) items;
  }

  /** The same items, typed as statements. */
  public List<Statement> statements() {
    return items;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
