package org.mmreview.rules.checks;

import org.mmreview.analysis.Matchers;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * {@code vmf_error(-ENOMEM)}: a roundabout {@code VM_FAULT_OOM}. {@code vmf_error()} translates an
 * errno that came from a call ({@code vmf_error(err)}); around the constant -ENOMEM it only hides
 * which fault result the handler returns.
 *
 * <p>Other constants ({@code vmf_error(-EINVAL)}, which is {@code VM_FAULT_SIGBUS}) are not
 * reported: over the shared corpus reviewers let them through (Linux 6.12's secretmem_fault() still
 * returns {@code vmf_error(-EINVAL)} beyond EOF), and on an allocation's failure branch {@code
 * alloc-failure-errno} asks for VM_FAULT_OOM instead.
 */
public final class VmfErrorConstant extends NodeRule<CallExpression> {
  public VmfErrorConstant() {
    super(CallExpression.class);
  }

  @Override
  protected void check(CallExpression call, RuleContext ctx) {
    if (call.calleeName().filter("vmf_error"::equals).isPresent()
        && call.arguments().size() == 1
        && Matchers.errno(call.arguments().get(0)).filter("ENOMEM"::equals).isPresent()) {
      ctx.at(call).arg("call", call.compactText()).report();
    }
  }
}
