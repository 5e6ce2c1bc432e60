package org.mmreview.rules.checks;

import java.util.Optional;
import org.mmreview.analysis.ConditionText;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * {@code if (a) { if (b) { ... } }}: an {@code if} whose whole body is another {@code if}, neither
 * with an {@code else}. One {@code if (a && b)} says the same with one indentation level less
 * (Vlastimil Babka: "it could have been a single if with && and the reduced indentation").
 *
 * <p>Only that exact shape: the outer body holds the inner {@code if} and nothing else (no other
 * statement, declaration, preprocessor line or comment, which would lose its place), neither level
 * has an {@code else}, and the joined condition stays one readable line (each test on one line, no
 * {@code ||}, at most {@value #JOINED_WIDTH} characters together). Reported when the patch adds one
 * of the two conditions.
 */
public final class NestedIfMergeable extends NodeRule<IfStatement> {
  /** The longest joined condition reported: beyond it the split may be the readable choice. */
  static final int JOINED_WIDTH = 90;

  public NestedIfMergeable() {
    super(IfStatement.class);
  }

  @Override
  protected void check(IfStatement outer, RuleContext ctx) {
    if (outer.elseStatement().isPresent()
        || outer.parent().orElse(null) instanceof IfStatement p
            && p.elseStatement().filter(e -> e == outer).isPresent()) {
      return; // an else-if arm: merging would change which arm runs
    }
    Optional<IfStatement> inner = soleIf(outer.thenStatement());
    if (inner.isEmpty() || inner.get().elseStatement().isPresent()) {
      return;
    }
    if (hasComment(outer, outer.thenStatement(), inner.get())
        || !readableJoined(outer.condition(), inner.get().condition())) {
      return;
    }
    ctx.at(inner.get().condition())
        .related(outer.condition(), "the enclosing test")
        .arg("outer", outer.condition().compactText())
        .arg("inner", inner.get().condition().compactText())
        .arg(
            "merged",
            ConditionText.conjunct(outer.condition())
                + " && "
                + ConditionText.conjunct(inner.get().condition()))
        .report();
  }

  /**
   * True when the two conditions join into one short line: each on one line, neither an {@code ||}
   * (it would need parentheses), and together at most {@value #JOINED_WIDTH} characters. Two long
   * or multi-line tests often read better apart.
   */
  private static boolean readableJoined(Expression a, Expression b) {
    return !changesState(a)
        && !changesState(b)
        && a.range().beginLine() == a.range().endLine()
        && b.range().beginLine() == b.range().endLine()
        && !isDisjunction(a)
        && !isDisjunction(b)
        && ConditionText.conjunct(a).length() + ConditionText.conjunct(b).length() + 4
            <= JOINED_WIDTH;
  }

  /** An assignment or increment in a test: joined by {@code &&}, it hides behind the first test. */
  private static boolean changesState(Expression e) {
    return !e.findAll(AssignExpression.class).isEmpty()
        || !e.findAll(
                UnaryExpression.class, u -> u.operator().equals("++") || u.operator().equals("--"))
            .isEmpty();
  }

  private static boolean isDisjunction(Expression e) {
    return e.unparen() instanceof BinaryExpression x && x.operator().equals("||");
  }

  /** The {@code if} that is all of {@code body}: itself, or the only item of its block. */
  private static Optional<IfStatement> soleIf(Statement body) {
    if (body instanceof IfStatement i) {
      return Optional.of(i);
    }
    if (body instanceof Block b
        && b.items().size() == 1
        && b.items().get(0) instanceof IfStatement i) {
      return Optional.of(i);
    }
    return Optional.empty();
  }

  /**
   * True when a comment sits between the outer condition and the inner {@code if}, or after the
   * inner {@code if} in the outer block: merging would leave it nowhere.
   */
  private static boolean hasComment(IfStatement outer, Statement body, IfStatement inner) {
    Optional<CompilationUnit> unit = outer.compilationUnit();
    if (unit.isEmpty()) {
      return false;
    }
    Range cond = outer.condition().range();
    Range in = inner.range();
    for (Comment c : unit.get().comments()) {
      Range r = c.range();
      boolean before = r.beginOffset() >= cond.endOffset() && r.endOffset() <= in.beginOffset();
      boolean after =
          r.beginOffset() >= in.endOffset() && r.endOffset() <= body.range().endOffset();
      if (before || after) {
        return true;
      }
    }
    return false;
  }
}
