package org.mmreview.rules.checks;

import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.SuccessCodes;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * A failure jump ({@code if (!page) goto out;}) to a label that returns the function's code
 * variable unchanged while that variable still holds success ({@code int ret = 0;}, or a call's
 * result tested just above): the function reports success on a failure. The must-analysis is {@link
 * SuccessCodes}; this rule words its findings.
 */
public final class ErrorCodeUnset extends FunctionRule {

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    for (SuccessCodes.UnsetCode u : fa.successCodes().unsetCodes()) {
      ctx.at(u.jump())
          .arg("label", u.jump().label())
          .arg("variable", u.variable())
          .arg("value", u.value().equals("a success value") ? u.value() : "`" + u.value() + "`")
          .arg("function", fn.name())
          .related(u.labelReturn(), "returned here")
          .report();
    }
  }
}
