package org.mmreview.cparse;

import java.util.List;
import org.mmreview.ast.CompilationUnit;

/**
 * The outcome of parsing one file or fragment: the AST (error nodes included), the problems as
 * data, and whether any chunk needed the full-LL retry.
 */
public record ParseResult(
    CompilationUnit unit, List<ParseProblem> problems, boolean usedLlFallback) {
  public ParseResult {
    problems = List.copyOf(problems);
  }

  public boolean hasProblems() {
    return !problems.isEmpty();
  }
}
