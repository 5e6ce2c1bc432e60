package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.Statement;

/**
 * The {@code if} conditions that decide whether a node runs, with the outcome that leads to it: the
 * node is inside the then/else branch, or it follows an {@code if} whose other branch never falls
 * through to it ({@code if (pte_present(pte)) { ...; continue; }} governs what follows with
 * "false"). Built on the CFG: a condition governs a node only when it dominates it and exactly one
 * of its outcomes reaches the node without passing the condition again (so loop back edges do not
 * count).
 */
public final class GoverningConditions {
  private GoverningConditions() {}

  /** A condition and the outcome under which the governed node runs. */
  public record Governing(Expression condition, boolean holds) {}

  /** The conditions governing {@code n} in the function {@code cfg} was built for. */
  public static List<Governing> of(Cfg cfg, Node n) {
    List<Governing> out = new ArrayList<>();
    if (cfg.pointOf(n).isEmpty()) {
      return out;
    }
    for (IfStatement i : cfg.function().body().findAll(IfStatement.class)) {
      Expression c = i.condition();
      if (contains(c, n) || !cfg.dominates(c, n)) {
        continue;
      }
      if (contains(i.thenStatement(), n)) {
        out.add(new Governing(c, true));
        continue;
      }
      Optional<Statement> els = i.elseStatement();
      if (els.isPresent() && contains(els.get(), n)) {
        out.add(new Governing(c, false));
        continue;
      }
      boolean thenReaches = branchReaches(cfg, i.thenStatement(), c, n);
      boolean elseReaches = els.map(e -> branchReaches(cfg, e, c, n)).orElse(true);
      if (thenReaches != elseReaches) {
        out.add(new Governing(c, thenReaches));
      }
    }
    return out;
  }

  private static boolean branchReaches(Cfg cfg, Statement branch, Expression cond, Node n) {
    Statement first = branch;
    while (first instanceof Block b) {
      if (b.statements().isEmpty()) {
        return true; // an empty branch falls through
      }
      first = b.statements().get(0);
    }
    if (cfg.pointOf(first).isEmpty()) {
      return true;
    }
    return cfg.pathExists(first, n, x -> x == cond);
  }

  private static boolean contains(Node outer, Node inner) {
    for (Node cur = inner; cur != null; cur = cur.parent().orElse(null)) {
      if (cur == outer) {
        return true;
      }
    }
    return false;
  }
}
