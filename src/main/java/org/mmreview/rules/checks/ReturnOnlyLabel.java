package org.mmreview.rules.checks;

import java.util.List;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.Node;
import org.mmreview.ast.Words;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.MacroExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.AsmStatement;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.BreakStatement;
import org.mmreview.ast.stmt.ContinueStatement;
import org.mmreview.ast.stmt.ErrorStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * {@code out: return ret;}: a label whose whole statement is a return of a variable or a constant,
 * reached by {@code goto}. There is no cleanup to share, so each jump is a return written the long
 * way, and the reader has to scroll to the label to learn that (Peter Xu: "out label unneeded:
 * return directly"; coding-style.rst, section 7: "If there is no cleanup needed then just return
 * directly").
 *
 * <p>Only a label whose statement is the return itself: a label followed by anything else (an
 * unlock, a free, a preprocessor line, a second label that does cleanup first) has work to share.
 * The returned value must be cheap to repeat (a variable, a literal, {@code -EFOO}, {@code NULL}):
 * {@code out: return foo(bar);} is left alone. A label named anywhere but in a {@code goto} (a
 * macro such as {@code unsafe_get_user(x, p, Efault)} jumps to it) and functions the parser could
 * not read whole are left alone too.
 */
public final class ReturnOnlyLabel extends FunctionRule {

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    if (!fn.body().findAll(ErrorStatement.class).isEmpty()) {
      return; // an unparsed statement may jump to (or hold) the label
    }
    for (LabeledStatement label : fn.body().findAll(LabeledStatement.class)) {
      if (!(label.body() instanceof ReturnStatement ret)
          || ret.value().isPresent() && !cheapToRepeat(ret.value().get())) {
        continue;
      }
      String name = label.label();
      List<GotoStatement> gotos =
          fn.body().findAll(GotoStatement.class, g -> g.label().equals(name));
      if (gotos.isEmpty() || namedOutsideGotos(fn, name) || bottomOfUnwindLadder(fn, label)) {
        continue;
      }
      RuleContext.FindingBuilder f =
          ctx.at(label).arg("label", name).arg("statement", ret.compactText());
      if (gotos.size() == 1) {
        f.variant("single");
      } else {
        f.arg("count", Integer.toString(gotos.size()));
      }
      for (GotoStatement g : gotos) {
        f.related(g, "could be `" + ret.compactText() + "`");
      }
      f.report();
    }
  }

  /**
   * True when another error label's cleanup falls into this label ({@code err_slab: exit_sysfs();
   * err_sysfs: return err;}): the label is the last rung of an unwind ladder, one rung per setup
   * step, and keeping the rung for the first step (with nothing to undo) keeps the ladder regular;
   * reviewers do not ask to break it. Walks back through the statements that fall into the label
   * until a jump or return (no fall-through) or the start of the block; a label met on the way is a
   * rung unless a backward {@code goto} makes it a retry point.
   */
  private static boolean bottomOfUnwindLadder(FunctionDefinition fn, LabeledStatement label) {
    LabeledStatement top = label;
    while (top.parent().orElse(null) instanceof LabeledStatement outer) {
      top = outer; // start_split_failed: map_count_exceeded: return error;
    }
    if (!(top.parent().orElse(null) instanceof Block block)) {
      return false;
    }
    List<Node> items = block.items();
    for (int i = items.indexOf(top) - 1; i >= 0; i--) {
      Node item = items.get(i);
      Node stmt = item instanceof LabeledStatement l ? l.body() : item;
      if (item instanceof LabeledStatement l && !isRetryPoint(fn, l)) {
        return true;
      }
      if (stmt instanceof ReturnStatement
          || stmt instanceof GotoStatement
          || stmt instanceof BreakStatement
          || stmt instanceof ContinueStatement) {
        return false;
      }
    }
    return false;
  }

  /** A label some {@code goto} after it jumps back to: the start of a retry loop, not cleanup. */
  private static boolean isRetryPoint(FunctionDefinition fn, LabeledStatement l) {
    return !fn.body()
        .findAll(
            GotoStatement.class, g -> g.label().equals(l.label()) && l.range().isBefore(g.range()))
        .isEmpty();
  }

  /**
   * A variable, a literal, {@code -EFOO}, {@code NULL}, {@code true}: repeating it costs nothing.
   */
  private static boolean cheapToRepeat(Expression e) {
    Expression x = e.unparen();
    if (x instanceof UnaryExpression u && u.operator().equals("-") && !u.isPostfix()) {
      x = u.operand().unparen();
    }
    return x instanceof Identifier || x instanceof Literal;
  }

  /**
   * True when the label's name appears outside a {@code goto}: as an identifier (a macro argument
   * such as {@code unsafe_put_user(v, p, Efault)}, or {@code &&label}) or in text the parser kept
   * unparsed.
   */
  private static boolean namedOutsideGotos(FunctionDefinition fn, String name) {
    if (!fn.body().findAll(Identifier.class, id -> id.name().equals(name)).isEmpty()) {
      return true;
    }
    for (Node n : fn.body().stream().toList()) {
      if ((n instanceof MacroExpression || n instanceof AsmStatement)
          && Words.contains(n.text(), name)) {
        return true;
      }
    }
    return false;
  }
}
