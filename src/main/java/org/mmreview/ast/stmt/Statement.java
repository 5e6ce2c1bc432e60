package org.mmreview.ast.stmt;

import org.mmreview.ast.Node;
import org.mmreview.ast.Range;

/** Base of every statement. */
public abstract class Statement extends Node {
  protected Statement(Range range) {
    super(range);
  }
}
