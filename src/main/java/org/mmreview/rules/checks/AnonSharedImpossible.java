package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.Conjuncts;
import org.mmreview.analysis.FlagTests;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.GoverningConditions;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * {@code vma_is_anonymous(v)} and VM_SHARED on the same VMA required together by a real condition
 * (or by its negation, which then is always true), or by two nested conditions. Inside an assertion
 * it is the requested form.
 */
public final class AnonSharedImpossible extends FunctionRule {

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    nested(fn, fa.cfg(), ctx);
    for (CallExpression call : fn.findAll(CallExpression.class)) {
      sameCondition(call, ctx);
    }
  }

  /** Both halves required by one condition (or by its negation) around {@code anon}. */
  private static void sameCondition(CallExpression anon, RuleContext ctx) {
    if (!Matchers.isCallTo(anon, "vma_is_anonymous") || Matchers.insideAssertion(anon)) {
      return;
    }
    Optional<String> vma = anon.argument(0).flatMap(AccessPaths::of);
    if (vma.isEmpty()) {
      return;
    }
    Expression top = Conjuncts.topCondition(anon);
    for (boolean outcome : new boolean[] {true, false}) {
      var atoms = Conjuncts.required(top, outcome);
      boolean anonRequired = atoms.stream().anyMatch(a -> a.expression() == anon && a.holds());
      if (!anonRequired) {
        continue;
      }
      for (Conjuncts.Atom a : atoms) {
        if (a.holds() && testsShared(a.expression(), vma.get())) {
          ctx.at(anon).related(a.expression(), "VM_SHARED tested on the same VMA").report();
          return;
        }
      }
    }
  }

  /**
   * The two halves in nested conditions: an {@code if} whose outcome requires one half, inside the
   * branch of an {@code if} that requires the other ({@code if (vma_is_anonymous(v)) { if
   * (v->vm_flags & VM_SHARED) ... } }, or the reverse). The inner branch is dead.
   */
  private static void nested(FunctionDefinition fn, Cfg cfg, RuleContext ctx) {
    for (IfStatement inner : fn.body().findAll(IfStatement.class)) {
      if (Matchers.insideAssertion(inner.condition()) || cfg.pointOf(inner.condition()).isEmpty()) {
        continue;
      }
      for (GoverningConditions.Governing g : GoverningConditions.of(cfg, inner.condition())) {
        List<Conjuncts.Atom> outer = Conjuncts.required(g.condition(), g.holds());
        for (boolean outcome : new boolean[] {true, false}) {
          List<Conjuncts.Atom> in = Conjuncts.required(inner.condition(), outcome);
          if (!reportPair(ctx, outer, in)) {
            reportPair(ctx, in, outer);
          }
        }
      }
    }
  }

  /**
   * Reports an anonymous half among {@code anonSide} and a shared half on the same VMA among {@code
   * sharedSide}.
   */
  private static boolean reportPair(
      RuleContext ctx, List<Conjuncts.Atom> anonSide, List<Conjuncts.Atom> sharedSide) {
    for (Conjuncts.Atom a : anonSide) {
      if (!a.holds()
          || !(a.expression() instanceof CallExpression c)
          || !Matchers.isCallTo(c, "vma_is_anonymous")
          || Matchers.insideAssertion(c)) {
        continue;
      }
      Optional<String> vma = c.argument(0).flatMap(AccessPaths::of);
      for (Conjuncts.Atom b : sharedSide) {
        if (vma.isPresent() && b.holds() && testsShared(b.expression(), vma.get())) {
          ctx.at(c)
              .related(b.expression(), "VM_SHARED tested on the same VMA in a nested condition")
              .report();
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@code v->vm_flags & VM_SHARED} (also via a local copy) or {@code vma_test(v, VMA_SHARED_BIT)}.
   */
  private static boolean testsShared(Expression e, String vma) {
    Expression x = AccessPaths.strip(e);
    if (x instanceof BinaryExpression b) {
      return FlagTests.test(b, Pattern.compile("VM_[A-Z0-9_]+"))
          .filter(t -> t.flags().equals(List.of("VM_SHARED")))
          .filter(
              t ->
                  t.flagsSource().equals(vma + "->vm_flags")
                      || t.flagsSource().equals(vma + ".vm_flags"))
          .isPresent();
    }
    return x instanceof CallExpression c
        && Matchers.isCallTo(c, "vma_test")
        && c.argument(0).flatMap(AccessPaths::of).filter(vma::equals).isPresent()
        && c.argument(1)
            .map(AccessPaths::strip)
            .filter(i -> i instanceof Identifier id && id.name().equals("VMA_SHARED_BIT"))
            .isPresent();
  }
}
