package org.mmreview.rules.checks.mapcount;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.CfgNode;
import org.mmreview.ast.Node;

/**
 * Which conditions decide whether a point runs, and which points lie on a path through two others:
 * the "guards, on the same path" questions rules ask of a {@link Cfg}.
 */
public final class ControlDependence {
  private ControlDependence() {}

  /**
   * True when the condition at {@code condition} decides whether {@code target} runs: from one of
   * its branches {@code target} can be reached without coming back through the condition, from
   * another it cannot (an {@code if (...) return;} before it, or an {@code if} around it).
   */
  public static boolean controls(Cfg cfg, Node condition, Node target) {
    CfgNode c = cfg.pointOf(condition).orElse(null);
    CfgNode t = cfg.pointOf(target).orElse(null);
    if (c == null || t == null || c == t || c.successors().size() < 2) {
      return false;
    }
    boolean some = false;
    boolean notAll = false;
    for (CfgNode s : c.successors()) {
      if (reaches(s, t, c)) {
        some = true;
      } else {
        notAll = true;
      }
    }
    return some && notAll;
  }

  /**
   * True when {@code to} can be reached from {@code from} (or is {@code from}) without passing
   * {@code avoid}.
   */
  private static boolean reaches(CfgNode from, CfgNode to, CfgNode avoid) {
    Set<CfgNode> seen = new HashSet<>();
    Deque<CfgNode> work = new ArrayDeque<>();
    work.push(from);
    while (!work.isEmpty()) {
      CfgNode n = work.pop();
      if (n == to) {
        return true;
      }
      if (n == avoid || !seen.add(n)) {
        continue;
      }
      n.successors().forEach(work::push);
    }
    return false;
  }

  /**
   * True when some path from the entry runs through {@code first} and then {@code second} and also
   * passes {@code p} (before, between or after them); {@code p} may share a point with either.
   */
  public static boolean onPathThrough(Cfg cfg, Node p, Node first, Node second) {
    CfgNode pp = cfg.pointOf(p).orElse(null);
    CfgNode a = cfg.pointOf(first).orElse(null);
    CfgNode b = cfg.pointOf(second).orElse(null);
    if (pp == null || a == null || b == null) {
      return false;
    }
    if (pp == a || pp == b) {
      return true;
    }
    return (cfg.pathExists(p, first) && cfg.pathExists(first, second))
        || (cfg.pathExists(first, p) && cfg.pathExists(p, second))
        || (cfg.pathExists(first, second) && cfg.pathExists(second, p));
  }
}
