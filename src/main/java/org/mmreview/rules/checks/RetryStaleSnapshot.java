package org.mmreview.rules.checks;

import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.checks.retry.BackwardGotoCheck;
import org.mmreview.rules.checks.retry.LockDropCheck;
import org.mmreview.rules.checks.retry.StaleVmaCheck;

/**
 * State captured before a lock drop (or a previous pass of a {@code goto retry} loop) and used
 * after the lock is taken again without being re-validated. Three detectors, in {@code
 * org.mmreview.rules.checks.retry}: {@link StaleVmaCheck} for a VMA pointer used across an mmap or
 * VMA lock drop without a fresh lookup; {@link LockDropCheck} for a release and reacquire of the
 * mmap/VMA lock, a page-table lock or mapping whose snapshots are not all compared; {@link
 * BackwardGotoCheck} for state pinned on an earlier pass of a backward goto (a folio split on that
 * pass included).
 */
public final class RetryStaleSnapshot extends FunctionRule {
  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    // A VMA that may be freed is the graver finding on a reacquire: it goes first, alone.
    new LockDropCheck(fa, ctx, new StaleVmaCheck(fa, ctx).run()).run();
    new BackwardGotoCheck(fa, ctx).run();
  }
}
