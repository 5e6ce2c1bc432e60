package org.mmreview.rules.checks;

import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.KernelAsserts;
import org.mmreview.analysis.PmdAsserts;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * A crashing assert ({@code BUG_ON()}, {@code VM_BUG_ON()}, a same-file macro wrapping one) on the
 * state of a live PMD ({@code *pmd}, {@code pmdp_get_lockless(pmd)}, a local read from one) where
 * the PMD can change: after {@code pte_offset_map_nolock()}/{@code pte_offset_map()} without the
 * page-table lock, or under the mmap lock held for reading. The analysis is {@link PmdAsserts};
 * {@code bug-on-recoverable} leaves these asserts to this rule.
 *
 * <p>Only crashing asserts: a {@code WARN_ON_ONCE()} whose result is handled is the requested fix.
 * Asserts in functions that neither map the table nor take the mmap lock themselves are not judged
 * (the caller's locking is unknown).
 */
public final class UnstablePmdAssert extends NodeRule<CallExpression> {
  public UnstablePmdAssert() {
    super(CallExpression.class);
  }

  @Override
  protected void check(CallExpression call, RuleContext ctx) {
    KernelAsserts.defaults()
        .crashAssert(call)
        .ifPresent(
            a -> {
              FunctionAnalysis fa = ctx.unitAnalysis(call).enclosing(call).orElse(null);
              if (fa == null) {
                return;
              }
              PmdAsserts.unstable(a, fa)
                  .ifPresent(u -> ctx.at(call).arg("assertion", call.compactText()).report());
            });
  }
}
