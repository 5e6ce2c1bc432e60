package org.mmreview.rules.checks;

import java.util.Optional;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.VmOpsPresence;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.rules.Fact;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * {@code vma->vm_ops->member} read or called where nothing proves {@code vma->vm_ops} is set: no
 * test of the ops or of {@code vma_is_anonymous()} governs it, no earlier dereference dominates it,
 * and neither the ops table the function sits in nor its same-file callers vouch for the VMA
 * ({@link VmOpsPresence}). Also through a local copy ({@code ops = vma->vm_ops; ops->fault}).
 */
public final class VmOpsNullDeref extends NodeRule<MemberAccess> {
  private static final Fact<VmOpsPresence> PRESENCE = Fact.perUnit(VmOpsPresence::new);
  private static final String OPS = "->vm_ops";

  public VmOpsNullDeref() {
    super(MemberAccess.class);
  }

  @Override
  protected void check(MemberAccess m, RuleContext ctx) {
    if (!m.isArrow()) {
      return;
    }
    Optional<String> object = AccessPaths.of(m.object());
    if (object.isEmpty()) {
      return;
    }
    FunctionAnalysis fa = ctx.unitAnalysis(m).enclosing(m).orElse(null);
    if (fa == null) {
      return;
    }
    String ops = object.get();
    if (!ops.endsWith(OPS)) {
      ops = VmOpsPresence.canonical(fa, ops); // a local copy of some vma->vm_ops
    }
    if (!ops.endsWith(OPS)) {
      return;
    }
    String vma = ops.substring(0, ops.length() - OPS.length());
    if (vma.isEmpty() || ctx.get(PRESENCE, m).known(fa, vma, m)) {
      return;
    }
    ctx.at(m).arg("access", m.compactText()).arg("vma", vma).report();
  }
}
