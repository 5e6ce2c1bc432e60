package org.mmreview.rules.checks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A static function whose parameter list the patch adds or changes, when every call of it in the
 * file passes the same constant (an integer literal or an UPPER_CASE enumerator or macro) at one
 * position: the parameter carries no information, and reviewers ask to drop it and use the constant
 * inside. Judged only when every call is in view: a whole-file review of a patch (the file is not a
 * set of hunks), or a function the patch adds whole and whose name the pre-image never held (so no
 * call can hide outside the hunks). Silent when the function's address is taken (a callback
 * contract fixes its parameters), when a macro names it, when a call sits under a preprocessor
 * conditional (another configuration may pass something else), and with fewer than two calls.
 */
public final class ConstantArgumentParameter extends FileRule {
  private static final Pattern INTEGER = Pattern.compile("(?:0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*");
  private static final Pattern SIZE_NAME = Pattern.compile("(?i).*(size|len|length|_max|bytes)");
  private static final Pattern UPPER_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    if (!file.diffAware()) {
      // A whole file without a patch: no signature is being added or changed.
      return;
    }
    for (CompilationUnit u : file.units()) {
      for (FunctionDefinition fn : u.functions()) {
        if (!fn.isStatic() || fn.isVariadic() || fn.parameters().isEmpty()) {
          continue;
        }
        if (!signatureAdded(file, fn) || !allCallsInView(file, fn)) {
          continue;
        }
        judge(file, fn, ctx);
      }
    }
  }

  private static void judge(ReviewedFile file, FunctionDefinition fn, RuleContext ctx) {
    String name = fn.name();
    List<CallExpression> calls = new ArrayList<>();
    for (CompilationUnit u : file.units()) {
      for (Identifier id : u.findAll(Identifier.class)) {
        if (!id.name().equals(name)) {
          continue;
        }
        Optional<CallExpression> call =
            id.parent()
                .filter(CallExpression.class::isInstance)
                .map(CallExpression.class::cast)
                .filter(c -> c.callee() == id);
        if (call.isEmpty()) {
          // Used as a value: its address is taken, the signature is a contract.
          return;
        }
        calls.add(call.get());
      }
      if (namedByMacro(u, name) || calls.stream().anyMatch(c -> underConditional(u, c))) {
        return;
      }
    }
    if (calls.size() < 2) {
      return;
    }
    int arity = fn.parameters().size();
    for (CallExpression c : calls) {
      if (c.arguments().size() != arity) {
        return;
      }
    }
    List<Integer> fixed = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < arity; i++) {
      Optional<String> same = sameConstant(calls, i);
      if (same.isPresent()) {
        fixed.add(i);
        values.add(same.get());
      }
    }
    if (fixed.size() != 1) {
      // Several fixed arguments: a wrapper mirroring an interface (an ioctl's fields, a
      // syscall's flags), whose later callers vary them; the arguments document each call.
      return;
    }
    Parameter p = fn.parameters().get(fixed.get(0));
    if (p.name().isEmpty() || !file.isAdded(p.range().beginLine()) || bufferSize(p)) {
      return;
    }
    ctx.at(p)
        .arg("function", name)
        .arg("constant", values.get(0))
        .arg("parameter", p.name().get())
        .arg("calls", String.valueOf(calls.size()))
        .related(calls.get(0), "called here")
        .report();
  }

  /** The constant every call passes at {@code index}, when they all pass the same one. */
  private static Optional<String> sameConstant(List<CallExpression> calls, int index) {
    Optional<String> same = constant(calls.get(0).arguments().get(index));
    for (CallExpression c : calls) {
      if (same.isEmpty() || !constant(c.arguments().get(index)).equals(same)) {
        return Optional.empty();
      }
    }
    return same;
  }

  /**
   * A size or length passed beside a buffer ({@code size_t}, or named so): passing the bound with
   * the buffer is the defensive idiom, not a redundant parameter, even when every buffer is
   * PATH_MAX long.
   */
  private static boolean bufferSize(Parameter p) {
    String type = p.type().text().replaceAll("\\s+", " ");
    return type.contains("size_t") || SIZE_NAME.matcher(p.name().orElse("")).matches();
  }

  /**
   * True when a line of the definition's head (return type to the closing parenthesis) is added.
   */
  private static boolean signatureAdded(ReviewedFile file, FunctionDefinition fn) {
    int bodyLine = fn.body().range().beginLine();
    for (int line = fn.range().beginLine(); line <= bodyLine; line++) {
      if (file.isAdded(line)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when every call of the function must be among the units: the whole file is parsed, or the
   * function is added whole and its name was nowhere in the pre-image the patch shows.
   */
  private static boolean allCallsInView(ReviewedFile file, FunctionDefinition fn) {
    if (!file.partial()) {
      return true;
    }
    for (int line = fn.range().beginLine(); line <= fn.range().endLine(); line++) {
      if (!file.isAdded(line)) {
        return false;
      }
    }
    return !file.preImageMayContain(fn.name());
  }

  /** The argument's text when it is an integer literal or an UPPER_CASE name, else empty. */
  private static Optional<String> constant(Expression argument) {
    Expression e = AccessPaths.strip(argument);
    if (e instanceof Literal l && l.literalKind() == Literal.Kind.INT) {
      return INTEGER.matcher(l.value()).matches() ? Optional.of(l.value()) : Optional.empty();
    }
    if (e instanceof UnaryExpression u
        && u.operator().equals("-")
        && !u.isPostfix()
        && AccessPaths.strip(u.operand()) instanceof Literal l
        && l.literalKind() == Literal.Kind.INT) {
      return Optional.of("-" + l.value());
    }
    if (e instanceof Identifier id && UPPER_NAME.matcher(id.name()).matches()) {
      return Optional.of(id.name());
    }
    return Optional.empty();
  }

  private static boolean namedByMacro(CompilationUnit u, String name) {
    for (PreprocessorLine pp : u.preprocessorLines()) {
      if (pp.directive() == PreprocessorLine.Directive.DEFINE
          && Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(pp.text()).find()) {
        return true;
      }
    }
    return false;
  }

  /** True when the call lies between an {@code #if}/{@code #ifdef}/{@code #ifndef} and its end. */
  private static boolean underConditional(CompilationUnit u, CallExpression call) {
    int line = call.range().beginLine();
    Deque<Integer> open = new ArrayDeque<>();
    for (PreprocessorLine pp : u.preprocessorLines()) {
      if (pp.range().beginLine() > line) {
        break;
      }
      switch (pp.directive()) {
        case IF, IFDEF, IFNDEF -> open.push(pp.range().beginLine());
        case ENDIF -> {
          if (!open.isEmpty()) {
            open.pop();
          }
        }
        default -> {}
      }
    }
    return !open.isEmpty();
  }
}
