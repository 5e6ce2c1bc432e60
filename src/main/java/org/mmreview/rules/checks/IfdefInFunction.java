package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.stmt.DeclarationStatement;
import org.mmreview.ast.stmt.EmptyStatement;
import org.mmreview.ast.stmt.ErrorStatement;
import org.mmreview.ast.stmt.PreprocessorStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.intake.Hunk;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A preprocessor conditional on a kernel config option opens inside a function body of a {@code .c}
 * file: {@code #ifdef CONFIG_X}, {@code #ifndef CONFIG_X}, {@code #if IS_ENABLED(CONFIG_X)}, {@code
 * #if defined(CONFIG_X)}, {@code #if CONFIG_X}. The coding style (section 21) asks for {@code if
 * (IS_ENABLED(CONFIG_X))} in plain C, or a helper with a stub in a header, so that both
 * configurations are compiled and the function reads straight.
 *
 * <p><b>Which lines.</b> The raw lines of the file (the parser reads each {@code #if} branch as a
 * configuration of its own, so the AST has no node for the conditional): a line opening a
 * conditional whose expression names a {@code CONFIG_} symbol, between the opening and the closing
 * brace of a function definition. Conditionals on other symbols (architecture hooks, {@code #if 0},
 * compiler versions) are not the coding style's case and are left alone. Headers are where the
 * stubs belong and are not reported; neither is userspace code (tools/, selftests).
 *
 * <p><b>Which fix.</b> The rule cannot tell whether the block compiles with the option off (a
 * member or function declared only under the option does not), so the message offers both fixes:
 * {@code IS_ENABLED()} when it does, a helper with an empty stub when it does not.
 */
public final class IfdefInFunction extends FileRule {
  private static final Pattern OPEN = Pattern.compile("^\\s*#\\s*(ifdef|ifndef|if)\\b(.*)$");
  private static final Pattern HEADING_FUNCTION =
      Pattern.compile("^[A-Za-z_][\\w\\s*]*?\\b(\\w+)\\s*\\(");
  private static final Pattern NESTED_OPEN = Pattern.compile("^\\s*#\\s*if");
  private static final Pattern CLOSE = Pattern.compile("^\\s*#\\s*endif\\b");
  private static final Pattern CONFIG = Pattern.compile("\\b(CONFIG_[A-Za-z0-9_]+)\\b");
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?(\\*/|$)|//.*$");
  private static final Pattern CONTINUATION = Pattern.compile("\\\\\\s*$");
  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
  private static final Pattern HASH = Pattern.compile("^#\\s*");
  private static final Pattern STATEMENT_END = Pattern.compile(".*([;{}:]|\\*/)$");
  private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s*(/\\*.*\\*/|//.*)$");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    if (!kernelSource(file.path())) {
      return;
    }
    for (CompilationUnit unit : file.units()) {
      // Every line scanned is a line of the unit's text: without a config symbol in it there is
      // nothing to report, and most hunks have none.
      if (!unit.source().contains("CONFIG_")) {
        continue;
      }
      for (FunctionDefinition fn : unit.functions()) {
        Range r = fn.range();
        scan(unit, bodyStartLine(unit, r), r.endLine(), fn.name(), ctx);
      }
      if (file.partial()) {
        enclosingFunction(file, unit).ifPresent(name -> scanFunctionTail(unit, name, ctx));
      }
    }
  }

  /**
   * The function a hunk starts inside, by the hunk's section heading (git names the last line
   * before the hunk that starts with an identifier: a function header, when the hunk is in one).
   */
  private static Optional<String> enclosingFunction(ReviewedFile file, CompilationUnit unit) {
    if (file.change().isEmpty()) {
      return Optional.empty();
    }
    for (Hunk h : file.change().get().hunks()) {
      if (h.newStart() == unit.range().beginLine()) {
        String heading = h.sectionHeading();
        Matcher m = HEADING_FUNCTION.matcher(heading);
        return m.find() && !heading.contains("=") ? Optional.of(m.group(1)) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * In a hunk that starts inside a function, the statements before its first definition are that
   * function's body. A conditional there is in the body when an indented statement (not a
   * declaration) follows or encloses it (a loop the hunk does not close) before the next
   * definition: a conditional around the next definition, or around a file-scope {@code
   * EXPORT_SYMBOL()} at column one, is not.
   */
  private void scanFunctionTail(CompilationUnit unit, String function, RuleContext ctx) {
    List<Node> items = unit.items();
    int bodyStatementsEnd = -1;
    for (Node item : items) {
      if (item instanceof FunctionDefinition) {
        break;
      }
      if (item instanceof Statement
          && !(item instanceof DeclarationStatement
              || item instanceof PreprocessorStatement
              || item instanceof EmptyStatement
              || item instanceof ErrorStatement)
          && item.range().beginColumn() > 1) {
        bodyStatementsEnd = item.range().endLine();
      }
    }
    if (bodyStatementsEnd > 0) {
      scan(unit, unit.range().beginLine(), bodyStatementsEnd, function, ctx);
    }
  }

  /** Kernel C: a {@code .c} file outside the userspace trees. */
  static boolean kernelSource(String path) {
    String p = "/" + path;
    return p.endsWith(".c")
        && !p.contains("/tools/")
        && !p.contains("/selftests/")
        && !p.contains("/scripts/")
        && !p.contains("/samples/");
  }

  /** Reports the config conditionals opening on lines {@code from..to} of {@code function}. */
  private static void scan(
      CompilationUnit unit, int from, int to, String function, RuleContext ctx) {
    for (int line = from; line <= to; line++) {
      Optional<String> text = unit.lineText(line);
      if (text.isEmpty()) {
        continue;
      }
      Matcher open = OPEN.matcher(text.get());
      if (!open.find()) {
        continue;
      }
      Matcher config = CONFIG.matcher(open.group(2));
      if (!config.find()) {
        continue;
      }
      if (!atStatement(unit, line, from) || wholeBody(unit, line, from, to)) {
        continue;
      }
      String option = config.group(1);
      // The directive as written, without a trailing comment, in one line of single spaces.
      String uncommented = COMMENT.matcher(text.get()).replaceAll("");
      String joined = CONTINUATION.matcher(uncommented).replaceFirst("").trim();
      String directive =
          HASH.matcher(WHITE_SPACE.matcher(joined).replaceAll(" ")).replaceFirst("#");
      ctx.at(new Range(line, 1, line, Math.max(2, text.get().length() + 1), 0, 0))
          .arg("directive", directive)
          .arg("option", option)
          .arg("function", function)
          .report();
    }
  }

  /**
   * True when the conditional stands where a statement may: the code line before it ends a
   * statement, a block or a label, and its first line is no {@code case} label nor an argument
   * ending in a comma. A conditional inside an argument list or among case labels has no {@code
   * IS_ENABLED()} form, and no helper can replace it.
   */
  private static boolean atStatement(CompilationUnit unit, int line, int from) {
    Optional<String> before = codeLine(unit, line - 1, -1, from - 1);
    if (before.isPresent() && !STATEMENT_END.matcher(before.get()).matches()) {
      return false;
    }
    Optional<String> first = codeLine(unit, line + 1, 1, Integer.MAX_VALUE);
    return first.isEmpty()
        || !(first.get().startsWith("case ")
            || first.get().startsWith("default:")
            || first.get().endsWith(","));
  }

  /**
   * True when the conditional and its {@code #endif} enclose the function's whole body: that is a
   * definition per configuration written inside the braces, a different question.
   */
  private static boolean wholeBody(CompilationUnit unit, int line, int from, int to) {
    // Kernel style puts the function's opening brace alone on the line before the body.
    Optional<String> before = codeLine(unit, line - 1, -1, from - 1);
    if (before.isEmpty() || !before.get().equals("{")) {
      return false;
    }
    int depth = 0;
    for (int l = line + 1; l <= to; l++) {
      Optional<String> t = unit.lineText(l);
      if (t.isEmpty()) {
        return false;
      }
      if (NESTED_OPEN.matcher(t.get()).find()) {
        depth++;
      } else if (CLOSE.matcher(t.get()).find()) {
        if (depth-- == 0) {
          Optional<String> after = codeLine(unit, l + 1, 1, to);
          return after.isPresent() && after.get().equals("}");
        }
      }
    }
    return false;
  }

  /**
   * The nearest line from {@code line} in direction {@code step}, not past {@code limit}, that is
   * neither blank nor a comment-only line nor a preprocessor line, trimmed.
   */
  private static Optional<String> codeLine(CompilationUnit unit, int line, int step, int limit) {
    for (int l = line; step < 0 ? l >= limit : l <= limit; l += step) {
      Optional<String> t = unit.lineText(l);
      if (t.isEmpty()) {
        return Optional.empty();
      }
      String s = t.get().trim();
      if (s.isEmpty()
          || s.startsWith("#")
          || s.startsWith("/*")
          || s.startsWith("*")
          || s.startsWith("//")) {
        continue;
      }
      return Optional.of(TRAILING_COMMENT.matcher(s).replaceAll(""));
    }
    return Optional.empty();
  }

  /** The first line after the function's opening brace (the header may span lines). */
  private static int bodyStartLine(CompilationUnit unit, Range r) {
    for (int line = r.beginLine(); line <= r.endLine(); line++) {
      Optional<String> t = unit.lineText(line);
      if (t.isPresent() && t.get().contains("{")) {
        return line + 1;
      }
    }
    return r.endLine() + 1;
  }
}
