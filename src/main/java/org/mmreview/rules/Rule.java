package org.mmreview.rules;

import java.util.Set;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;

/**
 * One review concern. A subclass lives in {@code org.mmreview.rules.checks}, is named after its id
 * ({@code uffd-ops-null-check} → {@code UffdOpsNullCheck}) and takes its id, severity and message
 * from {@code rules/<id>.yaml}. The engine walks each file once and hands every node of a kind in
 * {@link #nodeKinds()} to {@link #visit}; matching logic shared between rules belongs in {@code
 * org.mmreview.analysis}, not here.
 *
 * <p>Rules extend one of the typed shapes rather than this class: {@link NodeRule} (one node kind,
 * handed typed), {@link FunctionRule} (a whole function with its analyses) or {@link FileRule} (the
 * reviewed file once parsed).
 */
public abstract class Rule {

  /** The node classes this rule wants to see (a node matches a kind or any of its subclasses). */
  public Set<Class<? extends Node>> nodeKinds() {
    return Set.of(FunctionDefinition.class);
  }

  /** Called for every node of a kind in {@link #nodeKinds()}, in source order. */
  public void visit(Node node, RuleContext ctx) {}

  /** Called once per file after the walk, for rules that judge the file or patch as a whole. */
  public void finishFile(RuleContext ctx) {}
}
