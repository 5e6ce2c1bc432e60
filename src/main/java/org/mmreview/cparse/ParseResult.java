package org.mmreview.cparse;

import java.util.ArrayList;
import java.util.List;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.LineShift;

/**
 * The outcome of parsing one file or fragment: the AST (error nodes included), the problems as
 * data, and whether any chunk needed the full-LL retry.
 */
public record ParseResult(
    CompilationUnit unit, List<ParseProblem> problems, boolean usedLlFallback) {
  public ParseResult {
    problems = List.copyOf(problems);
  }

  /**
   * This result with every line {@code lines} further down: the same text parsed at another
   * position gives the same tree and the same problems but for the lines (see {@link LineShift}).
   * Only for a result whose problems are syntax errors, whose messages quote the line within the
   * text (others may quote the file's line numbers).
   */
  public ParseResult movedBy(int lines) {
    if (!movable()) {
      throw new IllegalStateException(
          "a result with problems other than syntax errors is not moved");
    }
    List<ParseProblem> moved = new ArrayList<>(problems.size());
    for (ParseProblem p : problems) {
      moved.add(
          new ParseProblem(
              LineShift.shift(p.range(), lines), p.message(), p.functionName(), p.kind()));
    }
    return new ParseResult(LineShift.copy(unit, lines), moved, usedLlFallback);
  }

  /** True when {@link #movedBy} can move this result: its problems are all syntax errors. */
  public boolean movable() {
    return problems.stream().allMatch(p -> p.kind() == ParseProblem.Kind.SYNTAX);
  }

  public boolean hasProblems() {
    return !problems.isEmpty();
  }
}
