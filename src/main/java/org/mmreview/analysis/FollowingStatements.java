package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.List;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.BreakStatement;
import org.mmreview.ast.stmt.ContinueStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;

/**
 * The statements that run after a node in source order when there is no CFG to ask: a hunk that
 * shows the middle of a function parses as bare statements, without the function around them. Rules
 * that follow a value along a function's CFG fall back to this in such hunks.
 */
public final class FollowingStatements {
  private FollowingStatements() {}

  /**
   * The statements after the one holding {@code n}: the rest of its block, then the rest of each
   * enclosing block (or of the hunk's top level), as long as the part passed through does not end
   * in a jump ({@code return}, {@code goto}, {@code break}, {@code continue}).
   */
  public static List<Node> after(Node n) {
    List<Node> after = new ArrayList<>();
    Node at = n;
    while (true) {
      Node parent = at.parent().orElse(null);
      if (parent == null) {
        return after;
      }
      List<Node> items =
          parent instanceof Block b
              ? b.items()
              : parent instanceof CompilationUnit u ? u.items() : null;
      if (items != null && at instanceof Statement) {
        int i = items.indexOf(at);
        List<Node> rest = items.subList(i + 1, items.size());
        after.addAll(rest);
        if (!rest.isEmpty() && isJump(rest.get(rest.size() - 1))) {
          return after;
        }
      }
      at = parent;
    }
  }

  private static boolean isJump(Node n) {
    return n instanceof ReturnStatement
        || n instanceof GotoStatement
        || n instanceof BreakStatement
        || n instanceof ContinueStatement;
  }
}
