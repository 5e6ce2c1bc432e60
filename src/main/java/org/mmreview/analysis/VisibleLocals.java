package org.mmreview.analysis;

import org.mmreview.ast.Node;
import org.mmreview.ast.Words;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.MacroExpression;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.AsmStatement;
import org.mmreview.ast.stmt.ErrorStatement;
import org.mmreview.ast.stmt.PreprocessorStatement;

/**
 * Whether every read and write of a local is in code the {@link DefUse} analysis sees, so that "no
 * read reaches this definition" is a fact and not a gap: the local is declared once (shadowed names
 * are merged by name), is not a parameter, and is named in no text the parser kept unparsed (a
 * macro's arguments, inline assembly, an unparsable statement). A body holding an {@code #if} is
 * never fully visible: the main parse keeps one branch, and another may read the local.
 */
public final class VisibleLocals {
  private VisibleLocals() {}

  /** True when {@code name} is a local of {@code fn} whose every read the analyses see. */
  public static boolean fullyVisible(FunctionDefinition fn, String name) {
    if (fn.parameterIndex(name) >= 0
        || fn.body().findAll(Declarator.class, d -> d.name().equals(name)).size() != 1
        || hasConditional(fn)) {
      return false;
    }
    for (Node n : fn.body().stream().toList()) {
      if ((n instanceof MacroExpression || n instanceof AsmStatement || n instanceof ErrorStatement)
          && Words.contains(n.text(), name)) {
        return false;
      }
    }
    return true;
  }

  /** True when the body holds an {@code #if}, {@code #ifdef}, {@code #ifndef} or {@code #else}. */
  public static boolean hasConditional(FunctionDefinition fn) {
    return fn.body().findAll(PreprocessorStatement.class).stream()
        .map(p -> p.line().directive())
        .anyMatch(
            d ->
                d == PreprocessorLine.Directive.IF
                    || d == PreprocessorLine.Directive.IFDEF
                    || d == PreprocessorLine.Directive.IFNDEF
                    || d == PreprocessorLine.Directive.ELIF
                    || d == PreprocessorLine.Directive.ELSE);
  }
}
