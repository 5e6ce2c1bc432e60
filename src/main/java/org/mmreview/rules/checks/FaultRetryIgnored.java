package org.mmreview.rules.checks;

import org.mmreview.analysis.FaultRetryFlow;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.intake.FileChange;
import org.mmreview.rules.Fact;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * After {@code handle_mm_fault()} or a {@code ->fault()} handler, the result is used as if the mmap
 * lock were still held while it may carry {@code VM_FAULT_RETRY} (or {@code VM_FAULT_COMPLETED}):
 * the VMA is read, the lock released again, or the retry turned into an errno. {@link
 * FaultRetryFlow} follows the result's possible bits along the CFG.
 *
 * <p>Era-aware for {@code VM_FAULT_COMPLETED} (5.19): it is expected to be handled only when the
 * file or the patch knows the name; before that, RETRY is the only bit that releases the lock.
 */
public final class FaultRetryIgnored extends FunctionRule {
  private static final Fact<Boolean> KNOWS_COMPLETED =
      Fact.perFile(
          ctx ->
              ctx.file()
                      .change()
                      .flatMap(FileChange::postImage)
                      .orElseGet(
                          () ->
                              String.join(
                                  "\n",
                                  ctx.file().units().stream()
                                      .map(CompilationUnit::source)
                                      .toList()))
                      .contains("VM_FAULT_COMPLETED")
                  || ctx.file().patch().addsText("VM_FAULT_COMPLETED"));

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    if (fn.findFirst(CallExpression.class, FaultRetryFlow::isFaultCall).isEmpty()) {
      return;
    }
    for (FaultRetryFlow.Misuse m : FaultRetryFlow.of(fa, ctx.get(KNOWS_COMPLETED))) {
      String call = m.fault().callee().compactText() + "()";
      RuleContext.FindingBuilder f = ctx.at(m.at());
      switch (m.kind()) {
        case VMA_READ -> f.arg("vma", m.at().compactText());
        case UNLOCK -> f.variant("unlock").arg("unlock", m.at().compactText());
        case HARD_ERROR -> f.variant("hard_error").arg("test", m.at().compactText());
      }
      f.arg("call", call).related(m.fault(), "the fault may release the mmap lock here").report();
    }
  }
}
