package org.mmreview.ast;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pre-order numbering of a {@link CompilationUnit}'s tree, and per queried node type the
 * positions of its instances, so that {@link Node#stream()} and {@link Node#findAll(Class)} on any
 * node of the unit are a slice of a shared array instead of a fresh walk.
 *
 * <p>Why: analyses and rules ask {@code findAll(CallExpression.class)} and friends over the same
 * function bodies again and again (per rule, per node visited, per helper resolved); each walk
 * allocated a stack and a list of the whole subtree. The index is valid for the unit's lifetime
 * because the tree is frozen once the unit exists (children are adopted only by constructors, so
 * every descendant was complete before the unit's constructor ran).
 *
 * <p>In pre-order a subtree is the contiguous range {@code [pre, end)} of the numbering, which is
 * also the order the old walk produced (self first, children in source order), so results are the
 * same lists in the same order.
 */
final class TreeIndex {
  private final Node[] nodes;
  private final List<Node> nodeList;

  /** Per queried type: the ascending pre-order positions of its instances (subclasses included). */
  private final Map<Class<?>, int[]> positionsByType = new ConcurrentHashMap<>();

  /** Per node class of the tree (its exact class): the ascending positions of its instances. */
  private final Map<Class<?>, int[]> positionsByClass;

  /** Numbers {@code root}'s tree, setting every node's {@code pre}/{@code end}. */
  TreeIndex(Node root) {
    List<Node> order = new ArrayList<>();
    Deque<Node> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      n.pre = order.size();
      order.add(n);
      List<Node> children = n.children();
      for (int i = children.size() - 1; i >= 0; i--) {
        stack.push(children.get(i));
      }
    }
    nodes = order.toArray(new Node[0]);
    nodeList = Collections.unmodifiableList(Arrays.asList(nodes));
    int[] size = new int[nodes.length];
    // Reverse pre-order visits every child before its parent.
    for (int i = nodes.length - 1; i >= 0; i--) {
      int s = 1;
      for (Node c : nodes[i].children()) {
        s += size[c.pre];
      }
      size[i] = s;
    }
    // per exact class: count, then fill (positions ascend as i does)
    Map<Class<?>, int[]> counts = new HashMap<>();
    for (Node n : nodes) {
      counts.computeIfAbsent(n.getClass(), c -> new int[1])[0]++;
    }
    Map<Class<?>, int[]> byClass = new HashMap<>();
    counts.forEach((c, n) -> byClass.put(c, new int[n[0]]));
    counts.values().forEach(n -> n[0] = 0);
    for (int i = 0; i < nodes.length; i++) {
      Class<?> c = nodes[i].getClass();
      byClass.get(c)[counts.get(c)[0]++] = i;
    }
    positionsByClass = byClass;
    for (int i = 0; i < nodes.length; i++) {
      nodes[i].end = i + size[i];
      nodes[i].index = this;
    }
  }

  /** The subtree of {@code n} (a node of this index), pre-order. */
  List<Node> subtree(Node n) {
    return nodeList.subList(n.pre, n.end);
  }

  /** The instances of {@code type} in the subtree of {@code n}, pre-order. */
  <T extends Node> List<T> findAll(Node n, Class<T> type) {
    int[] pos = positions(type);
    int from = lowerBound(pos, n.pre);
    int to = lowerBound(pos, n.end);
    List<T> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(type.cast(nodes[pos[i]]));
    }
    return Collections.unmodifiableList(out);
  }

  private int[] positions(Class<?> type) {
    return positionsByType.computeIfAbsent(
        type,
        t -> {
          // the node classes the tree holds (a few dozen) stand for its nodes (thousands)
          List<int[]> parts = new ArrayList<>();
          int count = 0;
          for (Map.Entry<Class<?>, int[]> e : positionsByClass.entrySet()) {
            if (t.isAssignableFrom(e.getKey())) {
              parts.add(e.getValue());
              count += e.getValue().length;
            }
          }
          if (parts.size() == 1) {
            return parts.get(0);
          }
          int[] all = new int[count];
          int at = 0;
          for (int[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
          }
          Arrays.sort(all);
          return all;
        });
  }

  /** The first index in {@code sorted} whose value is at least {@code key}. */
  private static int lowerBound(int[] sorted, int key) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
