package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.List;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;

/**
 * What an expression already knows when it reaches an operand: in {@code a && b} the right operand
 * runs only when {@code a} holds, in {@code a || b} only when it does not, in {@code c ? x : y}
 * {@code x} only when {@code c} holds. {@code pte && pte_none(*pte)}, {@code !vma->vm_ops ||
 * !vma->vm_ops->close} and {@code vma->vm_ops ? vma->vm_ops->fault : NULL} are guarded this way
 * inside one statement, where the CFG (which does not split conditions) cannot see it.
 */
public final class ShortCircuit {
  private ShortCircuit() {}

  /**
   * The atoms that hold whenever {@code n} is evaluated, from the {@code &&}, {@code ||} and {@code
   * ?:} operators between {@code n} and {@code top} (exclusive; {@code top} an ancestor, or null
   * for the whole expression).
   */
  public static List<Conjuncts.Atom> atomsHolding(Node n, Node top) {
    List<Conjuncts.Atom> out = new ArrayList<>();
    Node child = n;
    for (Node cur = n.parent().orElse(null);
        cur != null && child != top && cur instanceof Expression;
        cur = cur.parent().orElse(null)) {
      if (cur instanceof BinaryExpression b && b.right() == child) {
        if (b.operator().equals("&&")) {
          out.addAll(Conjuncts.required(b.left(), true));
        } else if (b.operator().equals("||")) {
          out.addAll(Conjuncts.required(b.left(), false));
        }
      } else if (cur instanceof ConditionalExpression c && c.condition() != child) {
        boolean inThen = c.thenExpression().filter(t -> t == childOf(c, n)).isPresent();
        out.addAll(Conjuncts.required(c.condition(), inThen));
      }
      child = cur;
      if (cur == top) {
        break;
      }
    }
    return out;
  }

  private static Node childOf(Node parent, Node descendant) {
    Node cur = descendant;
    while (cur.parent().orElse(null) != parent) {
      cur = cur.parent().orElseThrow();
    }
    return cur;
  }
}
