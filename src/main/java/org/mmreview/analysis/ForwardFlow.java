package org.mmreview.analysis;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A forward dataflow problem over a function's {@link Cfg}, solved with a worklist: the state
 * entering each node reached from the start is the join of what its predecessors' edges pass on,
 * iterated until nothing changes. The analyses differ only in their state, transfer, edge and join;
 * this is the loop they share.
 */
public final class ForwardFlow {
  private ForwardFlow() {}

  /** What a node does to the state entering it. */
  @FunctionalInterface
  public interface Transfer<S> {
    S apply(CfgNode node, S in);
  }

  /** What an edge passes on of the state leaving {@code from} (a branch may refine it). */
  @FunctionalInterface
  public interface Edge<S> {
    S apply(CfgNode from, CfgNode to, S out);
  }

  /**
   * The state entering a node: {@code old} (null the first time it is reached) joined with what an
   * edge brings.
   */
  @FunctionalInterface
  public interface Join<S> {
    S apply(S old, S incoming);
  }

  /**
   * Solves the problem from {@code start} with {@code initial}, filling {@code in} with the state
   * entering each reached node and, when {@code out} is not null, {@code out} with the state
   * leaving it. States must not be changed once handed over: a join returns a new state.
   */
  public static <S> void solve(
      CfgNode start,
      S initial,
      Transfer<S> transfer,
      Edge<S> edge,
      Join<S> join,
      Map<CfgNode, S> in,
      Map<CfgNode, S> out) {
    Deque<CfgNode> work = new ArrayDeque<>();
    in.put(start, initial);
    work.add(start);
    while (!work.isEmpty()) {
      CfgNode n = work.poll();
      S after = transfer.apply(n, in.get(n));
      if (out != null) {
        out.put(n, after);
      }
      for (CfgNode s : n.successors()) {
        S old = in.get(s);
        S merged = join.apply(old, edge.apply(n, s, after));
        if (old == null || !merged.equals(old)) {
          in.put(s, merged);
          work.add(s);
        }
      }
    }
  }

  /** The join of set states: their union, in a new set. */
  public static <T> Set<T> union(Set<T> old, Set<T> incoming) {
    Set<T> merged = new LinkedHashSet<>(old == null ? Set.of() : old);
    merged.addAll(incoming);
    return merged;
  }
}
