package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.ErrnoResults;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.BreakStatement;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * The error code of a call that returns 0 or a negative errno ({@link ErrnoResults}) tested and
 * then lost, in a function that itself returns an errno: replaced by another constant ({@code if
 * (register_foo()) return -EINVAL;}, {@code ret = helper(); if (ret) { ...; return -EFAULT; }}),
 * dropped because only the success branch sets the returned variable ({@code if (!helper()) ret =
 * len;}), or swallowed in a {@code WARN_ON(helper());} statement.
 */
public final class ErrnoReplaced extends FunctionRule {
  private static final Set<String> WARNS = Set.of("WARN_ON", "WARN_ON_ONCE", "WARN", "WARN_ONCE");

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    if (!ErrnoResults.carriesErrno(fn.returnType())) {
      return;
    }
    for (IfStatement i : fn.body().findAll(IfStatement.class)) {
      checkIf(fn, fa, i, ctx);
    }
    for (ExpressionStatement s : fn.body().findAll(ExpressionStatement.class)) {
      if (s.expression().unparen() instanceof CallExpression w
          && w.calleeName().filter(WARNS::contains).isPresent()
          && !w.arguments().isEmpty()
          && Matchers.stripBranchHints(w.arguments().get(0)) instanceof CallExpression c) {
        Optional<Set<String>> errnos = ErrnoResults.errnosOf(c, fa.helpers());
        if (errnos.isPresent()) {
          ctx.at(c)
              .variant("warn")
              .arg("callee", c.calleeName().orElse("the call"))
              .arg("errnos", ErrnoResults.describe(errnos.get()))
              .arg("warn", w.calleeName().get())
              .arg("function", fn.name())
              .report();
        }
      }
    }
  }

  private void checkIf(FunctionDefinition fn, FunctionAnalysis fa, IfStatement i, RuleContext ctx) {
    Expression cond = Matchers.stripBranchHints(i.condition());
    // if (!helper(...)) ret = len;  -- the failure keeps whatever ret held
    if (cond instanceof UnaryExpression u
        && u.operator().equals("!")
        && !u.isPostfix()
        && Matchers.stripBranchHints(u.operand()) instanceof CallExpression c
        && i.elseStatement().isEmpty()) {
      Optional<Set<String>> errnos = ErrnoResults.errnosOf(c, fa.helpers());
      Optional<String> returned = assignedReturnedVariable(fn, i.thenStatement());
      if (errnos.isPresent() && returned.isPresent()) {
        ctx.at(c)
            .variant("discarded")
            .arg("callee", c.calleeName().orElse("the call"))
            .arg("errnos", ErrnoResults.describe(errnos.get()))
            .arg("variable", returned.get())
            .arg("function", fn.name())
            .report();
      }
      return;
    }
    Optional<CallExpression> failing = failingCall(fa, i, cond);
    if (failing.isEmpty()) {
      return;
    }
    CallExpression c = failing.get();
    Optional<Set<String>> errnos = ErrnoResults.errnosOf(c, fa.helpers());
    Optional<Expression> replacement = reportedError(i.thenStatement());
    if (errnos.isEmpty() || replacement.isEmpty()) {
      return;
    }
    String error = Matchers.errno(replacement.get()).orElseThrow();
    if (!errnos.get().contains(ErrnoResults.SOME_ERRNO) && errnos.get().size() < 2) {
      // one failure code makes the callee a yes/no test (hwpoison_filter()'s -EINVAL means
      // "filtered"): the caller's own code for that answer is a translation, not a loss
      return;
    }
    if (explained(i)) {
      return; // "this should never fail", "reports errors differently": a deliberate choice
    }
    ctx.at(replacement.get())
        .arg("callee", c.calleeName().orElse("the call"))
        .arg("errnos", ErrnoResults.describe(errnos.get()))
        .arg("error", "-" + error)
        .related(c, "its error code tested here")
        .report();
  }

  /**
   * A comment right above the test, inside its failure branch, or right above the test of the
   * branch that holds it (gup's "MADV_POPULATE wants to handle ... error reporting differently").
   */
  private static boolean explained(IfStatement i) {
    Optional<CompilationUnit> unit = i.compilationUnit();
    if (unit.isEmpty()) {
      return false;
    }
    if (unit.get().commentAbove(i.range().beginLine()).isPresent()
        || !unit.get().commentsIn(i.thenStatement().range()).isEmpty()) {
      return true;
    }
    Optional<IfStatement> outer = i.findAncestor(IfStatement.class);
    return outer.isPresent()
        && outer.get().thenStatement().isAncestorOrSelf(i)
        && unit.get().commentAbove(outer.get().range().beginLine()).isPresent();
  }

  /**
   * The call whose failure the condition tests: {@code helper()}, {@code helper() < 0}, {@code
   * helper() != 0}, {@code WARN_ON(helper())}, or the same on a variable whose only reaching value
   * is such a call ({@code ret = helper(); if (ret)}).
   */
  private static Optional<CallExpression> failingCall(
      FunctionAnalysis fa, IfStatement i, Expression cond) {
    Expression x = Matchers.stripBranchHints(cond);
    if (x instanceof CallExpression w
        && w.calleeName().filter(WARNS::contains).isPresent()
        && w.arguments().size() == 1) {
      x = Matchers.stripBranchHints(w.arguments().get(0));
    }
    if (x instanceof BinaryExpression b
        && (b.operator().equals("<") || b.operator().equals("!="))
        && AccessPaths.strip(b.right()) instanceof Literal l
        && l.value().equals("0")) {
      x = Matchers.stripBranchHints(b.left());
    }
    if (x instanceof CallExpression c) {
      return Optional.of(c);
    }
    if (x instanceof Identifier id && fa.defUse().isVariable(id.name())) {
      List<Definition> defs = fa.defUse().reachingDefinitions(id.name(), i);
      if (defs.size() == 1
          && defs.get(0).value().map(AccessPaths::strip).orElse(null) instanceof CallExpression c) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * The {@code -EFOO} a failure branch reports: {@code return -EFOO;}, or a block that ends with a
   * jump and assigns {@code -EFOO} to a variable.
   */
  private static Optional<Expression> reportedError(Statement branch) {
    Optional<ReturnStatement> r = Matchers.earlyErrorReturn(branch);
    if (r.isPresent()) {
      Expression v = r.get().value().orElseThrow();
      return Matchers.errno(v).isPresent() ? Optional.of(AccessPaths.strip(v)) : Optional.empty();
    }
    if (!(branch instanceof Block b) || b.statements().isEmpty()) {
      return Optional.empty();
    }
    Statement last = b.statements().get(b.statements().size() - 1);
    if (!(last instanceof GotoStatement || last instanceof BreakStatement)) {
      return Optional.empty();
    }
    for (Statement s : b.statements()) {
      if (s instanceof ExpressionStatement es
          && es.expression().unparen() instanceof AssignExpression a
          && a.operator().equals("=")
          && Matchers.errno(a.value()).isPresent()) {
        return Optional.of(AccessPaths.strip(a.value()));
      }
    }
    return Optional.empty();
  }

  /** The variable the branch assigns that the function returns ({@code return ret;}). */
  private static Optional<String> assignedReturnedVariable(
      FunctionDefinition fn, Statement branch) {
    Set<String> returned =
        Set.copyOf(
            fn.body().findAll(ReturnStatement.class).stream()
                .map(r -> r.value().map(AccessPaths::strip).orElse(null))
                .filter(v -> v instanceof Identifier)
                .map(v -> ((Identifier) v).name())
                .toList());
    for (Node n : branch.findAll(AssignExpression.class)) {
      AssignExpression a = (AssignExpression) n;
      if (a.operator().equals("=")
          && AccessPaths.strip(a.target()) instanceof Identifier t
          && returned.contains(t.name())) {
        return Optional.of(t.name());
      }
    }
    return Optional.empty();
  }
}
