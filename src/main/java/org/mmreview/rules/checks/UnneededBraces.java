package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.BreakStatement;
import org.mmreview.ast.stmt.ContinueStatement;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.ForStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.ast.stmt.WhileStatement;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * Braces a patch adds around the body of an {@code if}, {@code else}, {@code for} or {@code while}
 * that is one simple statement on one line ({@code goto}, {@code return}, {@code break}, {@code
 * continue}, a call or an assignment). Kernel coding style (process/coding-style.rst, section 3):
 * "Do not unnecessarily use braces where a single statement will do", and mm reviewers ask for it
 * (Peter Xu on a braced {@code goto out;} under a two-line wraparound test: "Brackets not needed
 * here."). checkpatch.pl's BRACES check lets the braces pass when the condition spans lines; the
 * style guide makes no such exception, and that is the shape reviewers are left to point out.
 *
 * <p>The exceptions the style guide and practice keep: an {@code if}/{@code else} chain in which
 * any arm needs braces keeps them on every arm (so the chain is judged whole, at its head); a body
 * that is a nested {@code if} or loop, a declaration, a preprocessor line or a label; a single
 * statement spread over several lines; a comment inside the braces. Only braces the patch adds
 * (both on added lines) are reported, and not in userspace code (tools/, scripts/, samples/).
 */
public final class UnneededBraces extends NodeRule<Statement> {

  public UnneededBraces() {
    super(Statement.class);
  }

  @Override
  protected void check(Statement s, RuleContext ctx) {
    List<Statement> arms;
    String keyword;
    if (s instanceof IfStatement i) {
      if (isElseArm(i)) {
        return; // an else-if arm is judged with its chain's head
      }
      arms = arms(i);
      keyword = arms.size() > 1 ? "if/else" : "if";
    } else if (s instanceof ForStatement f) {
      arms = List.of(f.body());
      keyword = "for";
    } else if (s instanceof WhileStatement w) {
      arms = List.of(w.body());
      keyword = "while";
    } else {
      return;
    }
    Block reported = null;
    for (Statement arm : arms) {
      if (arm instanceof Block b) {
        if (!singleSimple(b) || hasComment(b)) {
          return; // this arm needs its braces, so every arm keeps them
        }
        if (reported == null && bracesAdded(b, ctx)) {
          reported = b;
        }
      } else if (!simple(arm)) {
        return;
      }
    }
    if (reported == null || userspace(ctx)) {
      return;
    }
    Statement only = reported.statements().get(0);
    RuleContext.FindingBuilder f =
        ctx.at(reported).arg("statement", shortText(only)).arg("keyword", keyword);
    if (arms.size() > 1) {
      f.variant("chain");
    }
    f.report();
  }

  /** True when {@code i} is the {@code else} arm of another {@code if}: an else-if. */
  private static boolean isElseArm(IfStatement i) {
    return i.parent().orElse(null) instanceof IfStatement p
        && p.elseStatement().filter(e -> e == i).isPresent();
  }

  /** The arms of an if/else-if/else chain, in order: each then, and the final else when present. */
  private static List<Statement> arms(IfStatement head) {
    List<Statement> out = new ArrayList<>();
    IfStatement cur = head;
    while (true) {
      out.add(cur.thenStatement());
      Optional<Statement> e = cur.elseStatement();
      if (e.isEmpty()) {
        return out;
      }
      if (e.get() instanceof IfStatement next) {
        cur = next;
      } else {
        out.add(e.get());
        return out;
      }
    }
  }

  /** A block of exactly one simple statement and nothing else (no preprocessor line). */
  private static boolean singleSimple(Block b) {
    List<Node> items = b.items();
    return items.size() == 1 && items.get(0) instanceof Statement st && simple(st);
  }

  /**
   * A statement that reads as one line: an expression, {@code return}, {@code goto}, {@code break}
   * or {@code continue}, beginning and ending on one line.
   */
  private static boolean simple(Statement st) {
    boolean kind =
        st instanceof ExpressionStatement
            || st instanceof ReturnStatement
            || st instanceof GotoStatement
            || st instanceof BreakStatement
            || st instanceof ContinueStatement;
    return kind && st.range().beginLine() == st.range().endLine();
  }

  /**
   * Both braces are in the text and on added lines. A hunk can end inside a body; the parser then
   * closes the block at the hunk's end, where no {@code }} is written.
   */
  private static boolean bracesAdded(Block b, RuleContext ctx) {
    if (!ctx.file().isAdded(b.range().beginLine()) || !ctx.file().isAdded(b.range().endLine())) {
      return false;
    }
    String text =
        b.findAncestor(CompilationUnit.class).flatMap(u -> u.slice(b.range())).orElse("").strip();
    return text.startsWith("{") && text.endsWith("}");
  }

  private static boolean hasComment(Block b) {
    return b.compilationUnit().map(u -> !u.commentsIn(b.range()).isEmpty()).orElse(false);
  }

  private static boolean userspace(RuleContext ctx) {
    String path = "/" + ctx.file().path();
    return path.contains("/tools/") || path.contains("/scripts/") || path.contains("/samples/");
  }

  /** The statement's text on one line, shortened when long. */
  private static String shortText(Statement st) {
    // The unit that holds the node: a hunk-only review has one unit per hunk.
    String t =
        st.findAncestor(CompilationUnit.class)
            .flatMap(u -> u.slice(st.range()))
            .orElse(st.compactText())
            .replaceAll("\\s+", " ")
            .trim();
    return t.length() > 60 ? t.substring(0, 57) + "..." : t;
  }
}
