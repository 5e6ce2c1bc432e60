package org.mmreview.rules.checks;

import java.util.Optional;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Words;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.CastExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MacroExpression;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.DeclarationStatement;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * A local given a plain value ({@code addr = (unsigned long)p;}) only to be passed to a call on the
 * very next statement that assigns the local again ({@code addr = untagged_addr(addr);}): the first
 * value is read nowhere else (reaching definitions, {@link DefUse}), so the two statements are one
 * assignment written in two (Khalid Aziz: "addr = (unsigned long)untagged_addr(p)" in one line).
 * Only when the first value is plain (a variable, a field, or a cast of one: nothing whose
 * evaluation a reader would want on its own line), the second is a call reading the local once, and
 * the merged statement still fits in 80 columns.
 */
public final class SplitAssignment extends NodeRule<ExpressionStatement> {
  private static final int MAX_COLUMNS = 80;

  public SplitAssignment() {
    super(ExpressionStatement.class);
  }

  @Override
  protected void check(ExpressionStatement es, RuleContext ctx) {
    Optional<Statement> previous = previous(es);
    {
      {
        Optional<First> first = previous.flatMap(SplitAssignment::first);
        if (first.isEmpty()
            || !(es.expression().unparen() instanceof AssignExpression second)
            || !second.isSimple()
            || !AccessPaths.of(second.target()).filter(first.get().name()::equals).isPresent()
            || !ctx.file().isAdded(es.range().beginLine())
                && !ctx.file().isAdded(previous.get().range().beginLine())) {
          return;
        }
        String name = first.get().name();
        Expression value = AccessPaths.strip(second.value());
        // The second statement follows the first directly (no label: a label would be a
        // LabeledStatement here) and overwrites the local, so its one read is the only read the
        // first value can reach: no wider def-use is needed, and a hunk without its function's
        // head is judged as well.
        if (!(value instanceof CallExpression call)
            || reads(call, name) != 1
            || reads(call.callee(), name) != 0
            || hiddenRead(call, name)) {
          return;
        }
        String merged = merged(call, name, first.get().value());
        int indent = columns(es);
        if (indent + name.length() + 3 + merged.length() + 1 > MAX_COLUMNS) {
          return;
        }
        ctx.at(es)
            .arg("variable", name)
            .arg("value", first.get().value().compactText())
            .arg("merged", name + " = " + merged + ";")
            .related(first.get().node(), "first assigned here")
            .report();
      }
    }
  }

  /**
   * The statement just before {@code s} in its block (or, in a hunk parsed without its function,
   * among the fragment's top-level statements).
   */
  private static Optional<Statement> previous(Statement s) {
    Node parent = s.parent().orElse(null);
    if (!(parent instanceof Block) && !(parent instanceof CompilationUnit)) {
      return Optional.empty();
    }
    Statement before = null;
    for (Node n : parent.children()) {
      if (n == s) {
        return Optional.ofNullable(before);
      }
      before = n instanceof Statement st ? st : null;
    }
    return Optional.empty();
  }

  /** The first statement's local, its defining node and its plain value. */
  private record First(String name, Node node, Expression value) {}

  private static Optional<First> first(Statement s) {
    if (s instanceof ExpressionStatement es
        && es.expression().unparen() instanceof AssignExpression a
        && a.isSimple()
        && AccessPaths.strip(a.target()) instanceof Identifier id
        && plain(a.value())) {
      return Optional.of(new First(id.name(), a, a.value()));
    }
    if (s instanceof DeclarationStatement ds
        && ds.declaration().declarators().size() == 1
        && !ds.declaration().isStatic()) {
      Declarator d = ds.declaration().declarators().get(0);
      if (d.initializer().filter(SplitAssignment::plain).isPresent()) {
        return Optional.of(new First(d.name(), d, d.initializer().get()));
      }
    }
    return Optional.empty();
  }

  /** A variable, a field, or a cast of one. */
  private static boolean plain(Expression e) {
    Expression x = AccessPaths.strip(e);
    if (x instanceof CastExpression c) {
      x = AccessPaths.strip(c.expression());
    }
    return x instanceof Identifier || x instanceof MemberAccess && AccessPaths.of(x).isPresent();
  }

  private static long reads(Node scope, String name) {
    return scope.findAll(Identifier.class, id -> id.name().equals(name)).size();
  }

  /** True when the call's text names the local where the parser kept text unparsed. */
  private static boolean hiddenRead(CallExpression call, String name) {
    return call.stream()
        .anyMatch(n -> n instanceof MacroExpression && Words.contains(n.text(), name));
  }

  /** The call's text with the local replaced by the first value (parenthesised when a cast). */
  private static String merged(CallExpression call, String name, Expression value) {
    Identifier id = call.findFirst(Identifier.class, i -> i.name().equals(name)).orElseThrow();
    String text = call.compactText();
    String v = value.compactText();
    int at = id.range().beginOffset() - call.range().beginOffset();
    String raw = call.text();
    if (raw.equals(text)) {
      return raw.substring(0, at) + v + raw.substring(at + name.length());
    }
    return text.replaceFirst("\\b" + Pattern.quote(name) + "\\b", v);
  }

  /** The display column (tabs to 8) where the statement starts. */
  private static int columns(Statement s) {
    return s.findAncestor(CompilationUnit.class)
        .flatMap(u -> u.lineText(s.range().beginLine()))
        .map(
            t -> {
              int col = 0;
              for (char c : t.toCharArray()) {
                if (c == '\t') {
                  col = (col / 8 + 1) * 8;
                } else if (c == ' ') {
                  col++;
                } else {
                  break;
                }
              }
              return col;
            })
        .orElse(0);
  }
}
