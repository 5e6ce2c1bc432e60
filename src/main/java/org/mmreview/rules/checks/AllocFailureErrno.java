package org.mmreview.rules.checks;

import java.util.Set;
import org.mmreview.analysis.AllocationFailures;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.kernel.AllocatorTable;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * An allocation failure reported as something other than "out of memory": {@code if (!p) return
 * -EINVAL;} after {@code p = kzalloc(...)}, {@code return VM_FAULT_SIGBUS;} after {@code
 * alloc_page()} in a fault handler. The branches and their errors are {@link AllocationFailures}'s;
 * this rule judges the error.
 *
 * <p>Left alone: {@code -EAGAIN}/{@code -EWOULDBLOCK}/{@code -EINTR}/{@code -ERESTARTSYS} (a
 * non-blocking allocation asking the caller to retry), {@code -ENOBUFS}/{@code -ENOSPC}/{@code
 * -ENOLCK} (what some interfaces document for a full table), and fault results that are not a
 * signal ({@code VM_FAULT_FALLBACK} after a failed huge-page allocation falls back to small pages).
 */
public final class AllocFailureErrno extends FunctionRule {
  private static final Set<String> ALSO_FINE =
      Set.of(
          "ENOMEM",
          "VM_FAULT_OOM",
          "EAGAIN",
          "EWOULDBLOCK",
          "EINTR",
          "ERESTARTSYS",
          "ENOBUFS",
          "ENOSPC",
          "ENOLCK");
  private static final Set<String> FAULT_SIGNALS = Set.of("VM_FAULT_SIGBUS", "VM_FAULT_SIGSEGV");

  /** True for an error that does not say "out of memory", nor anything fine after a failure. */
  private static boolean misreported(String name) {
    return !ALSO_FINE.contains(name)
        && !(name.startsWith("VM_FAULT_") && !FAULT_SIGNALS.contains(name));
  }

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    // only the errors judged wrong are asked for: the others' allocations are not looked up
    for (AllocationFailures.Failure f :
        AllocationFailures.of(fa, AllocatorTable.defaults(), AllocFailureErrno::misreported)) {
      String name = f.errorName();
      boolean fault =
          name.startsWith("VM_FAULT_") || f.error().compactText().startsWith("vmf_error");
      RuleContext.FindingBuilder b = ctx.at(f.reportedAt());
      if (fault) {
        b.variant("fault");
      }
      b.arg("variable", f.variable())
          .arg("allocation", f.allocation().calleeName().orElse("the allocation"))
          .arg("error", f.error().compactText())
          .related(f.allocation(), "allocated here")
          .report();
    }
  }
}
