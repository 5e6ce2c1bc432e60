package org.mmreview.rules.checks;

import java.util.Optional;
import java.util.Set;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.ArrayAccess;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.CastExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * Parentheses a patch adds that C precedence makes redundant, in the shapes mm reviewers ask to
 * drop:
 *
 * <ul>
 *   <li>default: around a comparison that is an operand of {@code &&} or {@code ||}: {@code (vma !=
 *       new_vma) && (len >= ...)} (Lorenzo Stoakes: "these parens aren't needed");
 *   <li>{@code arithmetic}: around a {@code + - * / %} operand of a comparison: {@code (start +
 *       len) <= start};
 *   <li>{@code unary}: around the operand of {@code !}, {@code ~} or unary {@code -} when it is a
 *       name, a member, an element or a call: {@code !(vma->vm_flags)};
 *   <li>{@code cast}: around a cast's operand when it is such a primary: {@code (unsigned
 *       long)(addr)}.
 * </ul>
 *
 * <p>Not reported, because kernel style wants the parentheses or checkpatch.pl already reports
 * them: bitwise operators under a comparison ({@code (flags & X) == X} changes meaning without
 * them), shifts mixed with arithmetic, {@code &&} inside {@code ||}, conditions of {@code ?:},
 * {@code return (x);} (checkpatch.pl's RETURN_PARENTHESES), {@code if ((a == b))} (its
 * UNNECESSARY_PARENTHESES warning), and {@code &(p->member)} / {@code *(p->member)} (its --strict
 * check).
 */
public final class UnneededParentheses extends NodeRule<ParenExpression> {
  private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");
  private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "%");
  private static final Set<String> UNARY = Set.of("!", "~", "-");

  public UnneededParentheses() {
    super(ParenExpression.class);
  }

  @Override
  protected void check(ParenExpression paren, RuleContext ctx) {
    String path = "/" + ctx.file().path();
    if (!ctx.file().isAdded(paren.range().beginLine())
        || path.contains("/tools/")
        || path.contains("/scripts/")
        || path.contains("/samples/")) {
      return;
    }
    Expression inner = paren.inner();
    Optional<Node> parent = paren.parent();
    if (parent.isEmpty()) {
      return;
    }
    Node holder = parent.get();
    if (inner instanceof BinaryExpression b
        && COMPARISONS.contains(b.operator())
        && holder instanceof BinaryExpression logical
        && (logical.operator().equals("&&") || logical.operator().equals("||"))) {
      report(
          paren,
          ctx,
          null,
          "`" + logical.operator() + "` binds more loosely than `" + b.operator() + "`");
    } else if (inner instanceof BinaryExpression b
        && ARITHMETIC.contains(b.operator())
        && holder instanceof BinaryExpression cmp
        && COMPARISONS.contains(cmp.operator())) {
      report(
          paren,
          ctx,
          "arithmetic",
          "`" + b.operator() + "` binds more tightly than `" + cmp.operator() + "`");
    } else if (primary(inner)
        && holder instanceof UnaryExpression u
        && !u.isPostfix()
        && UNARY.contains(u.operator())) {
      report(paren, ctx, "unary", "the operand of `" + u.operator() + "` is a single term");
    } else if (primary(inner) && holder instanceof CastExpression) {
      report(paren, ctx, "cast", "a cast applies to the single term after it");
    }
  }

  private static void report(ParenExpression paren, RuleContext ctx, String variant, String why) {
    RuleContext.FindingBuilder f =
        ctx.at(paren).arg("expression", text(paren, ctx)).arg("why", why);
    if (variant != null) {
      f.variant(variant);
    }
    f.report();
  }

  /** The parenthesised text, on one line, shortened when long. */
  private static String text(ParenExpression paren, RuleContext ctx) {
    // The unit that holds the node: a hunk-only review has one unit per hunk, and another
    // hunk's text may cover the same offsets.
    String t =
        paren
            .findAncestor(CompilationUnit.class)
            .flatMap(u -> u.slice(paren.range()))
            .orElse("(...)")
            .replaceAll("\\s+", " ");
    return t.length() > 60 ? t.substring(0, 57) + "..." : t;
  }

  /** A name, a member, an array element or a call: a term no operator can split. */
  private static boolean primary(Expression e) {
    return e instanceof Identifier
        || e instanceof MemberAccess
        || e instanceof ArrayAccess
        || e instanceof CallExpression;
  }
}
