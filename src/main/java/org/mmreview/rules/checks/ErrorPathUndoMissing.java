package org.mmreview.rules.checks;

import org.mmreview.analysis.AcquireReleasePaths;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * An exit that leaves a function still holding what an acquire of the undo table took (a {@code
 * region_chg()} reservation, a cgroup charge, {@code shmem_inode_acct_blocks()}, a folio reference,
 * an allocation), while another failure exit of the same function, after the same acquire, gives it
 * back: the unwind a reviewer asks for ("you forgot the uncharge here"). The path analysis is
 * {@link AcquireReleasePaths}; this rule words its gaps.
 */
public final class ErrorPathUndoMissing extends FunctionRule {

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    for (AcquireReleasePaths.Gap gap : fa.acquireRelease().gaps()) {
      AcquireReleasePaths.Acquire a = gap.acquire();
      ctx.at(gap.exit())
          .arg("function", fn.name())
          .arg("what", a.pair().name())
          .arg("acquire", a.call().text().replaceAll("\\s+", " "))
          .arg("undo", gap.undoElsewhere().api())
          .related(a.call(), "taken here")
          .context(gap.undoElsewhere().call(), "given back here on another error path")
          .report();
    }
  }
}
