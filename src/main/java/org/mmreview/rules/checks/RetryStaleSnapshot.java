package org.mmreview.rules.checks;

import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.checks.retry.BackwardGotoCheck;
import org.mmreview.rules.checks.retry.LockDropCheck;

/**
 * State captured before a lock drop (or a previous pass of a {@code goto retry} loop) and used
 * after the lock is taken again without being re-validated. Two detectors, in {@code
 * org.mmreview.rules.checks.retry}: {@link LockDropCheck} for a release and reacquire of the
 * mmap/VMA lock, a page-table lock or mapping; {@link BackwardGotoCheck} for state pinned on an
 * earlier pass of a backward goto.
 */
public final class RetryStaleSnapshot extends FunctionRule {
  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    new LockDropCheck(fa, ctx).run();
    new BackwardGotoCheck(fa, ctx).run();
  }
}
