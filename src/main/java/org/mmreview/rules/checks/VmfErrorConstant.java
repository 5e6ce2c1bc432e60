package org.mmreview.rules.checks;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AllocationFailures;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.kernel.AllocatorTable;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * {@code vmf_error()} of a constant errno: {@code vmf_error(-ENOMEM)} is {@code VM_FAULT_OOM} and
 * {@code vmf_error(-EFOO)} for any other constant is {@code VM_FAULT_SIGBUS}, so the translation
 * only hides which fault result the handler returns. {@code vmf_error()} is for an errno that came
 * from a call ({@code vmf_error(err)}).
 *
 * <p>A constant other than -ENOMEM on an allocation's failure branch is left to {@code
 * alloc-failure-errno}, which asks for VM_FAULT_OOM there instead.
 */
public final class VmfErrorConstant extends FunctionRule {

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    Set<Node> allocationFailures = null;
    for (CallExpression call :
        fn.body()
            .findAll(
                CallExpression.class,
                c ->
                    c.calleeName().filter("vmf_error"::equals).isPresent()
                        && c.arguments().size() == 1)) {
      Optional<String> errno = Matchers.errno(call.arguments().get(0));
      if (errno.isEmpty()) {
        continue;
      }
      boolean oom = errno.get().equals("ENOMEM");
      if (!oom) {
        if (allocationFailures == null) {
          allocationFailures = Collections.newSetFromMap(new IdentityHashMap<>());
          for (AllocationFailures.Failure f :
              AllocationFailures.of(fa, AllocatorTable.defaults())) {
            allocationFailures.add(f.reportedAt());
          }
        }
        if (allocationFailures.stream().anyMatch(n -> n.isAncestorOrSelf(call))) {
          continue;
        }
      }
      ctx.at(call)
          .arg("call", call.compactText())
          .arg("result", oom ? "VM_FAULT_OOM" : "VM_FAULT_SIGBUS")
          .report();
    }
  }
}
