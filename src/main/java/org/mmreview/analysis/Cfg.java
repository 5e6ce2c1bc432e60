package org.mmreview.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.LabeledStatement;

/**
 * The control-flow graph of one function at statement level: every simple statement, condition,
 * label and loop head is a {@link CfgNode}; conditions are not split at {@code &&}/{@code ||}.
 * Loops ({@code while}, {@code do}, {@code for} and macro loops) get back edges; {@code switch}
 * cases fall through; {@code goto} jumps to its label (forwards or backwards); every {@code return}
 * (and a no-return call such as {@code BUG();}) flows to {@link #exit()}.
 *
 * <p>Queries take AST nodes: a node is mapped to the CFG point of its nearest enclosing statement
 * or condition ({@link #pointOf}).
 */
public final class Cfg {
  private final FunctionDefinition function;
  private final List<CfgNode> nodes;
  private final Map<Node, CfgNode> byAst;
  private final Map<String, CfgNode> labels;
  private BitSet[] dominators;

  Cfg(
      FunctionDefinition function,
      List<CfgNode> nodes,
      Map<Node, CfgNode> byAst,
      Map<String, CfgNode> labels) {
    this.function = function;
    this.nodes = List.copyOf(nodes);
    this.byAst = byAst;
    this.labels = labels;
  }

  /** Builds the CFG of {@code function}. */
  public static Cfg of(FunctionDefinition function) {
    return CfgBuilder.build(function);
  }

  public FunctionDefinition function() {
    return function;
  }

  /** All points, entry first, exit second. */
  public List<CfgNode> nodes() {
    return nodes;
  }

  public CfgNode entry() {
    return nodes.get(0);
  }

  public CfgNode exit() {
    return nodes.get(1);
  }

  /** The CFG point that evaluates {@code n}: its nearest ancestor-or-self that is a CFG point. */
  public Optional<CfgNode> pointOf(Node n) {
    for (Node cur = n; cur != null; cur = cur.parent().orElse(null)) {
      CfgNode p = byAst.get(cur);
      if (p != null) {
        return Optional.of(p);
      }
      if (cur == function) {
        break;
      }
    }
    return Optional.empty();
  }

  private CfgNode point(Node n) {
    return pointOf(n)
        .orElseThrow(() -> new IllegalArgumentException(n + " is not in " + function.name()));
  }

  /** The label statement's point for a goto label. */
  public Optional<CfgNode> label(String name) {
    return Optional.ofNullable(labels.get(name));
  }

  /** Gotos whose target label is earlier in the source than the goto (loops made by hand). */
  public List<GotoStatement> backwardGotos() {
    List<GotoStatement> out = new ArrayList<>();
    for (GotoStatement g : function.findAll(GotoStatement.class)) {
      CfgNode target = labels.get(g.label());
      if (target != null
          && target.ast().orElseThrow() instanceof LabeledStatement l
          // The label's statement may hold the goto (again: if (...) { ...; goto again; }).
          && l.range().beginOffset() < g.range().beginOffset()) {
        out.add(g);
      }
    }
    return out;
  }

  /** The points reachable from {@code from} through one or more edges. */
  public Set<CfgNode> reachableFrom(CfgNode from) {
    return reach(from, p -> false);
  }

  /**
   * The AST statements/conditions reachable from the point of {@code n} (one or more edges; it
   * includes {@code n}'s own point only when {@code n} is inside a loop).
   */
  public Set<Node> reachableFrom(Node n) {
    Set<Node> out = new LinkedHashSet<>();
    for (CfgNode p : reachableFrom(point(n))) {
      p.ast().ifPresent(out::add);
    }
    return out;
  }

  private Set<CfgNode> reach(CfgNode from, Predicate<CfgNode> blocked) {
    Set<CfgNode> seen = new LinkedHashSet<>();
    Deque<CfgNode> work = new ArrayDeque<>(from.successors);
    while (!work.isEmpty()) {
      CfgNode n = work.pop();
      if (seen.add(n) && !blocked.test(n)) {
        work.addAll(n.successors);
      }
    }
    return seen;
  }

  /** The points from which {@code to} can be reached through one or more edges. */
  public Set<CfgNode> reachingTo(CfgNode to) {
    Set<CfgNode> seen = new LinkedHashSet<>();
    Deque<CfgNode> work = new ArrayDeque<>(to.predecessors);
    while (!work.isEmpty()) {
      CfgNode n = work.pop();
      if (seen.add(n)) {
        work.addAll(n.predecessors);
      }
    }
    return seen;
  }

  /**
   * The points on some path from {@code from}'s point to {@code to}'s point, both included: for a
   * backward {@code goto retry}, {@code between(label, goto)} is the body of the retry loop.
   */
  public Set<CfgNode> between(Node from, Node to) {
    CfgNode a = point(from);
    CfgNode b = point(to);
    Set<CfgNode> forward = reachableFrom(a);
    forward.add(a);
    Set<CfgNode> backward = reachingTo(b);
    backward.add(b);
    forward.retainAll(backward);
    return forward;
  }

  /** The label statement a goto jumps to, when the label exists in this function. */
  public Optional<LabeledStatement> target(GotoStatement g) {
    return label(g.label()).flatMap(CfgNode::ast).map(LabeledStatement.class::cast);
  }

  /**
   * True when control can go from {@code a} to {@code b}: {@code b}'s point is reachable from
   * {@code a}'s, or both share a point and {@code b} comes after {@code a} in the source.
   */
  public boolean pathExists(Node a, Node b) {
    return pathExists(a, b, n -> false);
  }

  /**
   * True when control can go from {@code a} to {@code b} without passing through a point (other
   * than those of {@code a} and {@code b}) where one of the {@linkplain CfgNode#evaluated()
   * evaluated} nodes matches {@code avoiding}.
   */
  public boolean pathExists(Node a, Node b, Predicate<? super Node> avoiding) {
    CfgNode pa = point(a);
    CfgNode pb = point(b);
    if (pa == pb && a.range().isBefore(b.range())) {
      return true;
    }
    Predicate<CfgNode> blocked = p -> p != pb && p.evaluated().stream().anyMatch(avoiding);
    return reaches(pa, pb, blocked);
  }

  /**
   * True when {@code target} is in {@code reach(from, blocked)}: the same search, but stopping at
   * the target and marking points in a bit set, since rules ask this per pair of nodes (every
   * governing-condition test is one) and the answer is all they need.
   */
  private boolean reaches(CfgNode from, CfgNode target, Predicate<CfgNode> blocked) {
    BitSet seen = new BitSet(nodes.size());
    Deque<CfgNode> work = new ArrayDeque<>(from.successors);
    while (!work.isEmpty()) {
      CfgNode n = work.pop();
      if (seen.get(n.index())) {
        continue;
      }
      if (n == target) {
        return true;
      }
      seen.set(n.index());
      if (!blocked.test(n)) {
        work.addAll(n.successors);
      }
    }
    return false;
  }

  /** True when every path from the entry to {@code b}'s point passes through {@code a}'s point. */
  public boolean dominates(Node a, Node b) {
    return dominates(point(a), point(b));
  }

  /** True when every path from the entry to {@code b} passes through {@code a}. */
  public boolean dominates(CfgNode a, CfgNode b) {
    if (dominators == null) {
      dominators = computeDominators();
    }
    return dominators[b.index()].get(a.index());
  }

  private BitSet[] computeDominators() {
    int n = nodes.size();
    BitSet[] dom = new BitSet[n];
    BitSet all = new BitSet(n);
    all.set(0, n);
    for (int i = 0; i < n; i++) {
      dom[i] = (BitSet) all.clone();
    }
    dom[0] = new BitSet(n);
    dom[0].set(0);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 1; i < n; i++) {
        CfgNode node = nodes.get(i);
        BitSet d = (BitSet) all.clone();
        if (node.predecessors.isEmpty()) {
          d.clear();
        }
        for (CfgNode p : node.predecessors) {
          d.and(dom[p.index()]);
        }
        d.set(i);
        if (!d.equals(dom[i])) {
          dom[i] = d;
          changed = true;
        }
      }
    }
    return dom;
  }
}
