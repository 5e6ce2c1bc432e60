package org.mmreview.ast.expr;

import org.mmreview.ast.Node;
import org.mmreview.ast.Range;

/** Base of every expression. */
public abstract class Expression extends Node {
  protected Expression(Range range) {
    super(range);
  }

  /** This expression with any enclosing {@link ParenExpression}s stripped. */
  public Expression unparen() {
    Expression e = this;
    while (e instanceof ParenExpression p) {
      e = p.inner();
    }
    return e;
  }
}
