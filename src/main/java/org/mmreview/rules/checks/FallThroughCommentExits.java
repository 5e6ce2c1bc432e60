package org.mmreview.rules.checks;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.BreakStatement;
import org.mmreview.ast.stmt.CaseStatement;
import org.mmreview.ast.stmt.DefaultStatement;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.ast.stmt.SwitchStatement;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * A comment that says the code falls through, in a branch that does not: the comment sits in the
 * body of an {@code if} (or between the cases of a {@code switch}) and the statements after it end
 * that body with a {@code return} or a {@code goto} (in a switch, a {@code break} too). The reader
 * believes the comment and looks for the code below the branch to run; it does not, or the branch
 * was meant to continue and the jump is the bug.
 *
 * <p>The comment must say it of the code it stands in: a sentence with a negation before the verb
 * ("instead of falling through", "must not fall through") or about another path ("otherwise", "if
 * not", "unless", "else") is left alone, and so is a comment with no statement after it in its
 * block (the old {@code /* fall through *}{@code /} annotation before a case label).
 */
public final class FallThroughCommentExits extends NodeRule<Block> {
  private static final Pattern FALLS_THROUGH =
      Pattern.compile("\\bfall(?:s|ing)?[ -]?thr(?:ough|u)\\b", Pattern.CASE_INSENSITIVE);

  /** Words that, before the verb in its sentence, make the comment about another path. */
  private static final Pattern OTHER_PATH =
      Pattern.compile(
          "\\b(?:not|never|no|instead|rather|without|avoid\\w*|prevent\\w*|otherwise|else|unless"
              + "|cannot|would|should|could)\\b|n't\\b");

  public FallThroughCommentExits() {
    super(Block.class);
  }

  @Override
  protected void check(Block block, RuleContext ctx) {
    if (!branchOrSwitchBody(block)) {
      return;
    }
    Optional<CompilationUnit> unit = block.compilationUnit();
    if (unit.isEmpty()) {
      return;
    }
    for (Comment c : unit.get().commentsIn(block.range())) {
      Matcher m = FALLS_THROUGH.matcher(c.text());
      if (!m.find() || aboutAnotherPath(c.text(), m.start()) || !directlyIn(block, c)) {
        continue;
      }
      Optional<Statement> exit = exitOfRun(block, c);
      if (exit.isEmpty()) {
        continue;
      }
      ctx.at(wordRange(c, m.start(), m.end()))
          .related(exit.get(), "leaves here")
          .arg("exit", keyword(exit.get()))
          .arg("line", String.valueOf(exit.get().range().beginLine()))
          .report();
    }
  }

  /** True when the sentence holding the verb negates it or speaks of another path. */
  private static boolean aboutAnotherPath(String text, int at) {
    int from = Math.max(0, text.lastIndexOf('.', at - 1) + 1);
    String before =
        text.substring(from, at).replaceAll("\\s*\\*\\s*", " ").toLowerCase(Locale.ROOT);
    return OTHER_PATH.matcher(before).find();
  }

  /**
   * True when the comment sits between statements of {@code b} itself (or between a case label of
   * it and the label's statement), not inside a nested block or an expression.
   */
  private static boolean directlyIn(Block b, Comment c) {
    for (Node n : b.items()) {
      Node inner = n;
      while (inner instanceof CaseStatement || inner instanceof DefaultStatement) {
        inner = inner instanceof CaseStatement cs ? cs.body() : ((DefaultStatement) inner).body();
      }
      if (inner.range().contains(c.range())) {
        return false;
      }
    }
    return true;
  }

  private static boolean branchOrSwitchBody(Block b) {
    Node p = b.parent().orElse(null);
    return p instanceof IfStatement || p instanceof SwitchStatement;
  }

  /**
   * The jump that ends the statements after the comment: up to the end of the block, or in a switch
   * body up to the next case label. Empty when they do not end in one, or when there are none.
   */
  private static Optional<Statement> exitOfRun(Block b, Comment c) {
    boolean inSwitch = b.parent().orElse(null) instanceof SwitchStatement;
    Statement last = null;
    for (Statement s : b.statements()) {
      if (s.range().beginOffset() < c.range().endOffset()) {
        if (s.range().contains(c.range())) {
          last = s; // the comment sits between a case label and its first statement
        }
        continue;
      }
      if (s instanceof CaseStatement || s instanceof DefaultStatement) {
        break; // the next case: falling into it is what the comment says
      }
      last = s;
    }
    while (last instanceof CaseStatement || last instanceof DefaultStatement) {
      last = last instanceof CaseStatement cs ? cs.body() : ((DefaultStatement) last).body();
    }
    if (last == null || saysFallthrough(last)) {
      return Optional.empty();
    }
    if (last instanceof ReturnStatement || last instanceof GotoStatement) {
      return Optional.of(last);
    }
    if (inSwitch && last instanceof BreakStatement) {
      return Optional.of(last);
    }
    return Optional.empty();
  }

  /** The {@code fallthrough;} pseudo-keyword, which is an expression statement to the parser. */
  private static boolean saysFallthrough(Statement s) {
    return s instanceof ExpressionStatement e
        && e.findAll(Identifier.class).stream().anyMatch(i -> i.name().equals("fallthrough"));
  }

  private static String keyword(Statement s) {
    if (s instanceof ReturnStatement) {
      return "return";
    }
    if (s instanceof GotoStatement) {
      return "goto";
    }
    return "break";
  }

  /** The range of {@code [from, to)} of the comment's text: the words the finding is about. */
  private static Range wordRange(Comment c, int from, int to) {
    String t = c.text();
    int line = c.range().beginLine();
    int lineStart = -1;
    for (int i = 0; i < from; i++) {
      if (t.charAt(i) == '\n') {
        line++;
        lineStart = i;
      }
    }
    int column = lineStart < 0 ? c.range().beginColumn() + from : from - lineStart;
    int offset = c.range().beginOffset() + from;
    return new Range(line, column, line, column + to - from, offset, offset + to - from);
  }
}
