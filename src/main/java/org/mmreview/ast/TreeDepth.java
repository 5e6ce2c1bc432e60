package org.mmreview.ast;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How deep a tree may be. Operator chains need no brackets ({@code a + b + ...}, {@code a->b->...},
 * {@code else if} after {@code else if}), so a tree can be thousands of levels deep while its
 * bracket nesting stays low; the parser refuses a chunk deeper than {@link #LIMIT}, and every
 * recursive walker (the printers, the CFG builder, the matchers of the rules) may rely on it.
 */
public final class TreeDepth {
  /**
   * Deepest tree the parser hands on, counted from a top-level item (a function is 1). The fixtures
   * stay below 15. Measured on a JVM's default 1 MiB thread stack, the first walker to overflow was
   * the printer on a chain of 600 '!' (the CFG builder on else-if and while chains near 950); about
   * half of that leaves room for JIT differences and for rules yet to come, while staying above the
   * bracket nesting limit (256 parentheses make a tree some 260 deep, which must still parse).
   * DeepTreeTest runs a tree of exactly this depth through every rule and printer.
   */
  public static final int LIMIT = 300;

  private TreeDepth() {}

  /** The depth of the tree under {@code root} ({@code root} alone is 1), without recursion. */
  public static int of(Node root) {
    int max = 0;
    Deque<Node> nodes = new ArrayDeque<>();
    Deque<Integer> depths = new ArrayDeque<>();
    nodes.push(root);
    depths.push(1);
    while (!nodes.isEmpty()) {
      Node n = nodes.pop();
      int d = depths.pop();
      max = Math.max(max, d);
      for (Node c : n.children()) {
        nodes.push(c);
        depths.push(d + 1);
      }
    }
    return max;
  }
}
