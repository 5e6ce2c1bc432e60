package org.mmreview.ast.stmt;

import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.pp.PreprocessorLine;

/** A preprocessor line inside a function body, kept in order among the statements. */
public final class PreprocessorStatement extends Statement {
  private final PreprocessorLine line;

  public PreprocessorStatement(Range range, PreprocessorLine line) {
    super(range);
    this.line = adopt(Objects.requireNonNull(line, "line"));
  }

  public PreprocessorLine line() {
    return line;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
