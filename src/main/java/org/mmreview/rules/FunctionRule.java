package org.mmreview.rules;

import java.util.Set;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;

/**
 * A rule that judges a whole function, handed its analyses (CFG, def-use, lock regions, each
 * computed on first use and shared with the other rules of the file). Nodes inside the function are
 * reached through {@code fn.findAll(...)}, in source order.
 */
public abstract class FunctionRule extends Rule {

  /** Judges one function definition. */
  protected abstract void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx);

  @Override
  public final Set<Class<? extends Node>> nodeKinds() {
    return Set.of(FunctionDefinition.class);
  }

  @Override
  public final void visit(Node node, RuleContext ctx) {
    FunctionDefinition fn = (FunctionDefinition) node;
    check(fn, ctx.analysis(fn), ctx);
  }

  @Override
  public final void finishFile(RuleContext ctx) {}
}
