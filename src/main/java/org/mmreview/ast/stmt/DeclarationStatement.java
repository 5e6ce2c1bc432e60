package org.mmreview.ast.stmt;

import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.decl.Declaration;

/** A declaration written among a block's statements. */
public final class DeclarationStatement extends Statement {
  private final Declaration declaration;

  public DeclarationStatement(Range range, Declaration declaration) {
    super(range);
    this.declaration = adopt(Objects.requireNonNull(declaration, "declaration"));
  }

  public Declaration declaration() {
    return declaration;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
