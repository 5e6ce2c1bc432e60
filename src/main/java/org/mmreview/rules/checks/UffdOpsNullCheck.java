package org.mmreview.rules.checks;

import java.util.Optional;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Conjuncts;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.ErrorExits;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.GoverningConditions;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.rules.Fact;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.checks.uffdops.UffdOps;

/**
 * A NULL test of uffd ops that bails out (an error exit, or a ternary yielding NULL/an error) on a
 * fill path, where every VMA has ops; and {@code vm_ops ? vm_ops->uffd_ops : NULL} after a {@code
 * vma_is_anonymous()} return, where vm_ops cannot be NULL. Assertions are the requested form, and
 * the registration path really meets VMAs without ops.
 */
public final class UffdOpsNullCheck extends FunctionRule {
  /** The uffd ops values and registration path of the file, across its units. */
  private static final Fact<UffdOps> OPS =
      Fact.perFile(ctx -> new UffdOps(ctx.file().units(), ctx::unitAnalysis));

  /**
   * Whether the file's text names uffd ops at all: every ops value is, at its root, a {@code
   * ->uffd_ops} member or a {@code vma_uffd_ops()} call in some unit of the file, and the ternary
   * form tests {@code ->uffd_ops} itself. A file without the word has none to test (most files).
   */
  private static final Fact<Boolean> NAMES_OPS =
      Fact.perFile(
          ctx -> ctx.file().units().stream().anyMatch(u -> u.source().contains("uffd_ops")));

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    if (!ctx.get(NAMES_OPS)) {
      return;
    }
    for (IfStatement i : fn.findAll(IfStatement.class)) {
      Optional<UffdOps> ops = onFillPath(fn, i, ctx);
      if (ops.isPresent() && ErrorExits.isErrorExit(i.thenStatement())) {
        testedOps(i.condition(), ops.get()).ifPresent(p -> report(ctx, i.condition(), p));
      }
    }
    for (ConditionalExpression c : fn.findAll(ConditionalExpression.class)) {
      Optional<UffdOps> ops = onFillPath(fn, c, ctx);
      boolean bails =
          c.thenExpression().flatMap(ErrorExits::errorValue).isPresent()
              || ErrorExits.errorValue(c.elseExpression()).isPresent();
      if (ops.isEmpty() || !bails) {
        continue;
      }
      Optional<String> tested = testedOps(c.condition(), ops.get());
      if (tested.isPresent()) {
        report(ctx, c, tested.get());
      } else {
        vmOpsAfterAnonymousReturn(c, fa).ifPresent(p -> report(ctx, c, p + "->uffd_ops"));
      }
    }
  }

  /**
   * The file's uffd ops facts, when {@code test} is a real test (not inside an assertion, which is
   * the requested form) and {@code fn} is not on the registration path, which meets VMAs without
   * ops.
   */
  private static Optional<UffdOps> onFillPath(FunctionDefinition fn, Node test, RuleContext ctx) {
    if (Matchers.insideAssertion(test)) {
      return Optional.empty();
    }
    UffdOps ops = ctx.get(OPS);
    return ops.onRegistrationPath(fn) ? Optional.empty() : Optional.of(ops);
  }

  private static void report(RuleContext ctx, Node at, String ops) {
    ctx.at(at).arg("ops", ops).report();
  }

  /** The uffd ops path {@code cond} tests for NULL (through &&, ||, !, unlikely()). */
  private static Optional<String> testedOps(Expression cond, UffdOps ops) {
    for (Expression e : cond.findAll(Expression.class)) {
      Optional<String> path = AccessPaths.of(e);
      if (path.isPresent()
          && !Matchers.insideAssertion(e)
          && Matchers.isNullTestOf(cond, path.get())
          && ops.isOps(e)) {
        return path;
      }
    }
    return Optional.empty();
  }

  /**
   * For {@code X ? X->uffd_ops : NULL} where X is {@code vma->vm_ops} (or a local copy of it): the
   * vm_ops path, when the ternary runs only where {@code vma_is_anonymous(vma)} was false (after an
   * {@code if (vma_is_anonymous(vma)) return ...;}), since vma_is_anonymous() is {@code
   * !vma->vm_ops}.
   */
  private static Optional<String> vmOpsAfterAnonymousReturn(
      ConditionalExpression c, FunctionAnalysis fa) {
    Optional<String> tested = Matchers.nullTestedPath(c.condition());
    Optional<String> then = c.thenExpression().flatMap(AccessPaths::of);
    if (tested.isEmpty() || then.isEmpty() || !then.get().equals(tested.get() + "->uffd_ops")) {
      return Optional.empty();
    }
    Optional<String> vmOps =
        tested.filter(
            p -> AccessPaths.lastMember(p).equals("vm_ops") && !p.equals(AccessPaths.root(p)));
    if (vmOps.isEmpty()) {
      for (Definition d : fa.defUse().reachingDefinitions(tested.get(), c)) {
        vmOps =
            d.value()
                .flatMap(AccessPaths::of)
                .filter(p -> AccessPaths.lastMember(p).equals("vm_ops"));
        if (vmOps.isPresent()) {
          break;
        }
      }
    }
    if (vmOps.isEmpty()) {
      return Optional.empty();
    }
    String vma = vmOps.get().substring(0, vmOps.get().length() - "->vm_ops".length());
    // Reached only when vma_is_anonymous(vma) was false: an early return, or the else branch.
    for (GoverningConditions.Governing g : GoverningConditions.of(fa.cfg(), c)) {
      for (Conjuncts.Atom a : Conjuncts.required(g.condition(), g.holds())) {
        if (!a.holds()
            && a.expression() instanceof CallExpression call
            && Matchers.isCallTo(call, "vma_is_anonymous")
            && call.argument(0).flatMap(AccessPaths::of).filter(vma::equals).isPresent()) {
          return vmOps;
        }
      }
    }
    return Optional.empty();
  }
}
