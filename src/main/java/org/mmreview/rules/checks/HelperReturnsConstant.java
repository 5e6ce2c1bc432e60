package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.VisibleLocals;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Words;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.MacroExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.AsmStatement;
import org.mmreview.ast.stmt.DoWhileStatement;
import org.mmreview.ast.stmt.ErrorStatement;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.ForStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.WhileStatement;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A static function that does some work and then returns the same constant on every path ({@code
 * ...; SetPageReferenced(head); return 1;}), while its callers use the result: a caller's test of
 * it can never go the other way and a caller returning it hides a constant behind a call (Ira
 * Weiny: "helper always returns 1"). Judged only when every call is in view: a whole file, or a
 * function a patch adds whole under a name its pre-image never held. Silent on stubs (a body that
 * is only a return: config stubs and default callbacks), functions whose address is taken or that a
 * macro or unparsed text names (a callback's type fixes its result), functions the file defines
 * twice (the other configuration may differ), and functions no call uses the result of.
 */
public final class HelperReturnsConstant extends FileRule {
  private static final Pattern UPPER_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final Pattern ALWAYS = Pattern.compile("(?i)\\balways returns?\\b");
  private static final Pattern INTEGER = Pattern.compile("(?:0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*");

  /** How a call's result is used: tested in a condition, or otherwise read. */
  private record Use(CallExpression call, boolean tested) {}

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    for (CompilationUnit u : file.units()) {
      for (FunctionDefinition fn : u.functions()) {
        if (!fn.isStatic()
            || fn.returnType().text().equals("void")
            // A fault handler's 0 is "handled", the dispatcher's contract, not a result to drop.
            || fn.returnType().text().equals("vm_fault_t")
            || !changedByPatch(file, fn)
            || !file.showsEveryCallOf(fn)) {
          continue;
        }
        judge(file, fn, ctx);
      }
    }
  }

  private static void judge(ReviewedFile file, FunctionDefinition fn, RuleContext ctx) {
    List<ReturnStatement> returns = ownReturns(fn);
    Optional<String> value = sameConstant(returns);
    if (value.isEmpty()
        || onlyReturns(fn)
        || VisibleLocals.hasConditional(fn)
        || definedTwice(file, fn.name())
        || documentedConstant(fn)) {
      return;
    }
    List<Use> uses = new ArrayList<>();
    for (CompilationUnit u : file.units()) {
      if (namedInOpaqueText(u, fn.name())) {
        return;
      }
      for (Identifier id : u.findAll(Identifier.class, i -> i.name().equals(fn.name()))) {
        if (!(id.parent().orElse(null) instanceof CallExpression c) || c.callee() != id) {
          return; // its address is taken: a callback, whose type fixes the result
        }
        use(c).ifPresent(uses::add);
      }
    }
    if (uses.isEmpty()) {
      return; // nobody reads the result: nothing is decided by it
    }
    Use shown = uses.stream().filter(Use::tested).findFirst().orElse(uses.get(0));
    RuleContext.FindingBuilder f =
        ctx.at(returns.get(0))
            .arg("function", fn.name())
            .arg("value", value.get())
            .related(
                shown.call(), shown.tested() ? "its result tested here" : "its result used here");
    if (shown.tested()) {
      f.variant("tested").arg("line", String.valueOf(shown.call().range().beginLine()));
    }
    f.report();
  }

  /** The returns of the function itself (a nested function-like macro body has none). */
  private static List<ReturnStatement> ownReturns(FunctionDefinition fn) {
    return fn.body().findAll(ReturnStatement.class);
  }

  /** The one constant every return gives, when there is at least one and all spell it alike. */
  private static Optional<String> sameConstant(List<ReturnStatement> returns) {
    String seen = null;
    for (ReturnStatement r : returns) {
      Optional<String> c = r.value().flatMap(HelperReturnsConstant::constant);
      if (c.isEmpty() || (seen != null && !seen.equals(c.get()))) {
        return Optional.empty();
      }
      seen = c.get();
    }
    return Optional.ofNullable(seen);
  }

  /**
   * An integer literal, its negation, {@code -EFOO}, an UPPER_CASE name, {@code true}/{@code
   * false}.
   */
  private static Optional<String> constant(Expression e) {
    Expression x = AccessPaths.strip(e);
    String sign = "";
    if (x instanceof UnaryExpression u && u.operator().equals("-") && !u.isPostfix()) {
      sign = "-";
      x = AccessPaths.strip(u.operand());
    }
    if (x instanceof Literal l && l.literalKind() == Literal.Kind.INT) {
      return INTEGER.matcher(l.value()).matches()
          ? Optional.of(sign + l.value())
          : Optional.empty();
    }
    if (x instanceof Identifier id
        && (UPPER_NAME.matcher(id.name()).matches()
            || sign.isEmpty() && (id.name().equals("true") || id.name().equals("false")))) {
      return Optional.of(sign + id.name());
    }
    return Optional.empty();
  }

  /**
   * True when the body holds nothing but returns: a stub ({@code return 0;} for a configuration
   * without the feature, a default callback), whose constant is its whole point.
   */
  private static boolean onlyReturns(FunctionDefinition fn) {
    return fn.body().statements().stream().allMatch(ReturnStatement.class::isInstance);
  }

  /**
   * True when the comment above the function says the constant is its contract ("Always returns
   * true which makes it easier to track lock state in callers"): a decision, not an oversight.
   */
  private static boolean documentedConstant(FunctionDefinition fn) {
    return fn.findAncestor(CompilationUnit.class)
        .flatMap(u -> u.commentAbove(fn.range().beginLine()))
        .map(c -> ALWAYS.matcher(c.text()).find())
        .orElse(false);
  }

  /**
   * How the call's result is used, when it is: tested ({@code if (f())}, {@code !f()}, an operand
   * of {@code &&}, {@code ||}, a comparison or {@code ?:}), or read (returned, assigned, passed
   * on). Empty when the call is a statement of its own, its result dropped.
   */
  private static Optional<Use> use(CallExpression c) {
    Node child = c;
    Node p = c.parent().orElse(null);
    while (p instanceof Expression e && AccessPaths.strip(e) == AccessPaths.strip(c)) {
      child = p;
      p = p.parent().orElse(null);
    }
    if (p instanceof ExpressionStatement) {
      return Optional.empty();
    }
    Node operand = child;
    boolean tested =
        p instanceof IfStatement i && i.condition() == child
            || p instanceof WhileStatement w && w.condition() == child
            || p instanceof DoWhileStatement d && d.condition() == child
            || p instanceof ForStatement f && f.condition().filter(x -> x == operand).isPresent()
            || p instanceof UnaryExpression u && u.operator().equals("!")
            || p instanceof BinaryExpression b && b.operator().matches("&&|\\|\\||==|!=|<|>|<=|>=")
            || p instanceof ConditionalExpression q && q.condition() == child;
    return Optional.of(new Use(c, tested));
  }

  /** True when a line of the function is added by the patch (every line is, without one). */
  private static boolean changedByPatch(ReviewedFile file, FunctionDefinition fn) {
    for (int line = fn.range().beginLine(); line <= fn.range().endLine(); line++) {
      if (file.isAdded(line)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the file's text has more than one definition head of the name (a line that starts in
   * column 0, names it before a parenthesis and is not a prototype): one per configuration, and the
   * parse shows only one of them.
   */
  private static boolean definedTwice(ReviewedFile file, String name) {
    Pattern head =
        Pattern.compile("^(?:\\S.*\\W)?" + Pattern.quote(name) + "\\s*\\((?!.*;\\s*$).*$");
    int heads = 0;
    for (CompilationUnit u : file.units()) {
      for (String line : u.source().split("\n", -1)) {
        if (head.matcher(line).matches() && ++heads > 1) {
          return true;
        }
      }
    }
    return false;
  }

  /** True when a macro definition, or text the parser kept unparsed, names the function. */
  private static boolean namedInOpaqueText(CompilationUnit u, String name) {
    for (PreprocessorLine pp : u.preprocessorLines()) {
      if (pp.directive() == PreprocessorLine.Directive.DEFINE && Words.contains(pp.text(), name)) {
        return true;
      }
    }
    return u.stream()
        .anyMatch(
            n ->
                (n instanceof MacroExpression
                        || n instanceof ErrorNode
                        || n instanceof AsmStatement
                        || n instanceof ErrorStatement)
                    && Words.contains(n.text(), name));
  }
}
