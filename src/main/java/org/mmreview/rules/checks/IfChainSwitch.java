package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * An {@code if} / {@code else if} chain whose every arm compares one and the same expression with
 * constants ({@code x == A}, or {@code x == A || x == B} for an arm of two cases): three arms or
 * more, counting a final {@code else}, of which at least two test. A {@code switch} says the same
 * in one place, lets the compiler warn on a missed enumerator, and makes an impossible value a
 * {@code default:} that can say so (Kirill A. Shutemov on mremap's {@code pgt_entry}: "use
 * switch()").
 *
 * <p>Only chains a {@code switch} can replace as written: the compared expression has no call, no
 * assignment and no increment (a switch evaluates it once, the chain on every arm), each constant
 * is an integer or character literal or an upper-case name (a macro or enumerator), never NULL nor
 * a size, shift or limit that may equal another in some configuration, and no constant appears
 * twice. The head of the chain reports; an arm nested in another arm's body starts a chain of its
 * own.
 */
public final class IfChainSwitch extends NodeRule<IfStatement> {
  /** A macro or enumerator name: what kernel code compares against as a case label. */
  private static final Pattern CONSTANT_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

  /**
   * Names of sizes, shifts and limits: they may share a value in some configuration ({@code
   * PMD_SIZE == PUD_SIZE} with folded page-table levels), and duplicate case labels do not compile.
   */
  private static final Pattern MAY_COINCIDE =
      Pattern.compile(".*(SIZE|SHIFT|MASK|ORDER|_NR|NR_|MAX|MIN|BYTES|PAGES|LIMIT).*");

  public IfChainSwitch() {
    super(IfStatement.class);
  }

  @Override
  protected void check(IfStatement head, RuleContext ctx) {
    if (head.parent().orElse(null) instanceof IfStatement p
        && p.elseStatement().filter(e -> e == head).isPresent()) {
      return; // an arm of a longer chain: its head judges it
    }
    List<Expression> conditions = new ArrayList<>();
    boolean finalElse = false;
    Statement at = head;
    while (at instanceof IfStatement arm) {
      conditions.add(arm.condition());
      Optional<Statement> next = arm.elseStatement();
      if (next.isEmpty()) {
        break;
      }
      at = next.get();
      finalElse = !(at instanceof IfStatement);
    }
    int arms = conditions.size() + (finalElse ? 1 : 0);
    if (conditions.size() < 2 || arms < 3) {
      return;
    }
    String compared = null;
    Set<String> constants = new HashSet<>();
    for (Expression cond : conditions) {
      List<BinaryExpression> tests = new ArrayList<>();
      if (!equalityTests(Matchers.stripBranchHints(cond), tests)) {
        return;
      }
      for (BinaryExpression t : tests) {
        Optional<Expression[]> sides = subjectAndConstant(t);
        if (sides.isEmpty()) {
          return;
        }
        String subject = sides.get()[0].compactText();
        if (compared == null) {
          if (!sideEffectFree(sides.get()[0])) {
            return;
          }
          compared = subject;
        } else if (!compared.equals(subject)) {
          return;
        }
        if (!constants.add(sides.get()[1].compactText())) {
          return;
        }
      }
    }
    RuleContext.FindingBuilder b = ctx.at(conditions.get(0));
    for (Expression c : conditions.subList(1, conditions.size())) {
      b.related(c, "`" + compared + "` compared again");
    }
    b.arg("subject", compared)
        .arg("arms", String.valueOf(arms))
        .arg("cases", String.valueOf(constants.size()))
        .report();
  }

  /**
   * Collects the {@code ==} tests of {@code e}, a single test or a {@code ||} of tests; false when
   * {@code e} is anything else.
   */
  private static boolean equalityTests(Expression e, List<BinaryExpression> out) {
    Expression x = e.unparen();
    if (x instanceof BinaryExpression b && b.operator().equals("||")) {
      return equalityTests(b.left(), out) && equalityTests(b.right(), out);
    }
    if (x instanceof BinaryExpression b && b.operator().equals("==")) {
      out.add(b);
      return true;
    }
    return false;
  }

  /** The compared expression and the case constant of {@code t}, either way round. */
  private static Optional<Expression[]> subjectAndConstant(BinaryExpression t) {
    Expression l = t.left().unparen();
    Expression r = t.right().unparen();
    if (isCaseConstant(r) && !isCaseConstant(l)) {
      return Optional.of(new Expression[] {l, r});
    }
    if (isCaseConstant(l) && !isCaseConstant(r)) {
      return Optional.of(new Expression[] {r, l});
    }
    return Optional.empty();
  }

  /** An integer or character literal, a negated one, or an upper-case name other than NULL. */
  private static boolean isCaseConstant(Expression e) {
    Expression x = e.unparen();
    if (x instanceof UnaryExpression u
        && (u.operator().equals("-") || u.operator().equals("~"))
        && !u.isPostfix()) {
      x = u.operand().unparen();
    }
    if (x instanceof Literal l) {
      return l.literalKind() == Literal.Kind.INT || l.literalKind() == Literal.Kind.CHAR;
    }
    return x instanceof Identifier id
        && CONSTANT_NAME.matcher(id.name()).matches()
        && !MAY_COINCIDE.matcher(id.name()).matches()
        && !id.name().equals("NULL");
  }

  /** No call, assignment or increment anywhere in {@code e}. */
  private static boolean sideEffectFree(Expression e) {
    if (e instanceof CallExpression || e instanceof AssignExpression) {
      return false;
    }
    if (e instanceof UnaryExpression u
        && (u.operator().equals("++") || u.operator().equals("--"))) {
      return false;
    }
    return e.findAll(CallExpression.class).isEmpty()
        && e.findAll(AssignExpression.class).isEmpty()
        && e.findAll(
                UnaryExpression.class, u -> u.operator().equals("++") || u.operator().equals("--"))
            .isEmpty();
  }
}
