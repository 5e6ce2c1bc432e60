package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.FollowingStatements;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.checks.ptunlock.ReleasedEntries;

/**
 * A page-table entry written (or, once its table is unmapped, read) through a pointer after the
 * page-table lock was dropped: {@code pte_unmap_unlock(vmf->pte, vmf->ptl); set_pte_at(mm, addr,
 * vmf->pte, ...)}, or {@code spin_unlock(ptl); set_pmd_at(mm, addr, pmd, ...)} with {@code ptl =
 * pmd_lock(mm, pmd)}, on some path that neither maps nor locks it again (see {@link
 * ReleasedEntries}). In a function, along its CFG; in a hunk that shows the middle of a function
 * only, in the statements that follow the unlock.
 */
public final class PteUsedAfterUnlock extends NodeRule<CallExpression> {

  public PteUsedAfterUnlock() {
    super(CallExpression.class);
  }

  @Override
  protected void check(CallExpression call, RuleContext ctx) {
    String name = call.calleeName().orElse("");
    if (!ReleasedEntries.isRelease(name)) {
      return;
    }
    Optional<FunctionAnalysis> fa = ctx.unitAnalysis(call).enclosing(call);
    List<ReleasedEntries.Use> uses =
        fa.isPresent()
            ? ReleasedEntries.of(fa.get().cfg()).stream()
                .filter(u -> u.release().call() == call)
                .toList()
            : ReleasedEntries.following(call, FollowingStatements.after(call));
    Set<Integer> lines = new HashSet<>();
    List<Node> reported = new ArrayList<>();
    for (ReleasedEntries.Use u : uses) {
      if (reported.stream().anyMatch(r -> r.isAncestorOrSelf(u.at()))
          || !lines.add(u.at().range().beginLine())) {
        continue; // one finding a use: set_pte_at(.., p, f(*p)) is one mistake
      }
      reported.add(u.at());
      ReleasedEntries.Release r = u.release();
      ctx.at(u.at())
          .variant(
              r.how() == ReleasedEntries.How.UNMAPPED ? (u.write() ? "default" : "read") : "lock")
          .arg("pointer", r.pointer())
          .arg("use", u.what())
          .arg("unlock", name)
          .related(call, name + "() here")
          .report();
    }
  }
}
