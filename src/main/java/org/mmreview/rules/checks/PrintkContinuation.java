package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * Log lines a patch adds that {@code pr_cont()} would write better, in two variants:
 *
 * <ul>
 *   <li>default: an {@code if}/{@code else} whose two branches are each one call of the same printk
 *       function with formats that begin alike: the common part is written twice and the next
 *       change will update one copy (Kirill A. Shutemov on dump_page()'s two {@code pr_warn()}s:
 *       "Have you considered using pr_cont() here");
 *   <li>{@code missing_cont}: a printk whose format does not end the line, followed at once by
 *       another printk that is neither {@code pr_cont()} nor {@code KERN_CONT}: the second starts a
 *       record of its own, so the line the first one left open is closed there and then.
 * </ul>
 */
public final class PrintkContinuation extends NodeRule<Statement> {
  private static final Set<String> PRINTK =
      Set.of(
          "printk",
          "pr_emerg",
          "pr_alert",
          "pr_crit",
          "pr_err",
          "pr_warn",
          "pr_warning",
          "pr_notice",
          "pr_info",
          "pr_debug",
          "pr_devel",
          "pr_cont");

  /** Shortest shared beginning worth a {@code pr_cont()}: about a field or two of a dump line. */
  private static final int MIN_SHARED = 24;

  private static final Pattern STRING = Pattern.compile("\"((?:\\\\.|[^\"\\\\])*)\"");

  public PrintkContinuation() {
    super(Statement.class);
  }

  @Override
  protected void check(Statement s, RuleContext ctx) {
    if (s instanceof IfStatement i) {
      checkBranches(i, ctx);
    } else if (s instanceof Block b) {
      checkSequence(b, ctx);
    }
  }

  private static void checkBranches(IfStatement i, RuleContext ctx) {
    if (i.elseStatement().isEmpty() || !ctx.file().isAdded(i.range().beginLine())) {
      return;
    }
    Optional<Print> a = onlyPrint(i.thenStatement(), ctx);
    Optional<Print> b = onlyPrint(i.elseStatement().get(), ctx);
    if (a.isEmpty()
        || b.isEmpty()
        || !a.get().function().equals(b.get().function())
        || a.get().function().equals("pr_cont")
        || a.get().format().equals(b.get().format())) {
      return;
    }
    // The shape pr_cont() fixes: one copy is the other with fields added at the end, format and
    // arguments alike. Two messages that differ in a word ("allocated"/"freed") are not it.
    Print shortCopy = a.get().format().length() <= b.get().format().length() ? a.get() : b.get();
    Print longCopy = shortCopy == a.get() ? b.get() : a.get();
    String head =
        shortCopy.format().endsWith("\\n")
            ? shortCopy.format().substring(0, shortCopy.format().length() - 2)
            : shortCopy.format();
    int shared = head.length();
    if (shared >= MIN_SHARED
        && longCopy.format().startsWith(head)
        && argumentsExtend(shortCopy.call(), longCopy.call(), ctx)) {
      ctx.at(a.get().call())
          .arg("function", a.get().function())
          .arg("shared", Integer.toString(shared))
          .related(b.get().call(), "the other branch's copy")
          .report();
    }
  }

  private static void checkSequence(Block block, RuleContext ctx) {
    List<Statement> statements = block.statements();
    for (int k = 0; k + 1 < statements.size(); k++) {
      Optional<Print> first = print(statements.get(k), ctx);
      Optional<Print> next = print(statements.get(k + 1), ctx);
      if (first.isEmpty()
          || next.isEmpty()
          || !ctx.file().isAdded(statements.get(k + 1).range().beginLine())) {
        continue;
      }
      String f = first.get().format();
      // A format ending in %s may print the newline with its string.
      if (f.isEmpty() || f.endsWith("\\n") || f.endsWith("%s") || next.get().continues()) {
        continue;
      }
      ctx.at(next.get().call())
          .variant("missing_cont")
          .arg("function", next.get().function())
          .arg("previous", first.get().function())
          .related(first.get().call(), "the print that leaves the line open")
          .report();
    }
  }

  /** A printk-family call: its function, its format's text and whether it continues a line. */
  private record Print(CallExpression call, String function, String format, boolean continues) {}

  /** The print that {@code s} consists of: the call itself, or a block of that one call. */
  private static Optional<Print> onlyPrint(Statement s, RuleContext ctx) {
    if (s instanceof Block b) {
      return b.statements().size() == 1 ? print(b.statements().get(0), ctx) : Optional.empty();
    }
    return print(s, ctx);
  }

  private static Optional<Print> print(Node s, RuleContext ctx) {
    if (!(s instanceof ExpressionStatement es) || !(es.expression() instanceof CallExpression c)) {
      return Optional.empty();
    }
    Optional<String> name = c.calleeName();
    if (name.isEmpty() || !PRINTK.contains(name.get()) || c.arguments().isEmpty()) {
      return Optional.empty();
    }
    Optional<String> text = source(c.arguments().get(0), ctx);
    if (text.isEmpty() || !text.get().contains("\"")) {
      return Optional.empty();
    }
    StringBuilder format = new StringBuilder();
    Matcher m = STRING.matcher(text.get());
    while (m.find()) {
      format.append(m.group(1));
    }
    boolean continues = name.get().equals("pr_cont") || text.get().contains("KERN_CONT");
    return Optional.of(new Print(c, name.get(), format.toString(), continues));
  }

  /** The text of {@code e}, from the unit that holds it (one unit per hunk in a mail review). */
  private static Optional<String> source(Expression e, RuleContext ctx) {
    return e.findAncestor(CompilationUnit.class).flatMap(u -> u.slice(e.range()));
  }

  /** True when the long call passes every argument of the short one, in order, and more. */
  private static boolean argumentsExtend(
      CallExpression shortCall, CallExpression longCall, RuleContext ctx) {
    List<Expression> s = shortCall.arguments();
    List<Expression> l = longCall.arguments();
    if (l.size() < s.size()) {
      return false;
    }
    for (int k = 1; k < s.size(); k++) {
      Optional<String> x = source(s.get(k), ctx).map(t -> t.replaceAll("\\s+", ""));
      Optional<String> y = source(l.get(k), ctx).map(t -> t.replaceAll("\\s+", ""));
      if (x.isEmpty() || !x.equals(y)) {
        return false;
      }
    }
    return true;
  }
}
