package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Conjuncts;
import org.mmreview.analysis.DominatingFacts;
import org.mmreview.analysis.DominatingFacts.Decision;
import org.mmreview.analysis.DominatingFacts.Fact;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * A test that cannot change the outcome because what dominates it already decided it: a NULL test
 * of a pointer dereferenced on every path to it (smatch's "variable dereferenced before check"), a
 * flag tested inside a branch whose condition already settled that flag ({@code WARN_ON_ONCE(flags
 * & FOLL_GET)} where {@code FOLL_GET} is known clear), a test repeated from a governing one with
 * nothing in between that can change it, and {@code !a || a != b} where {@code b} is known not NULL
 * (a NULL {@code a} already differs from {@code b}).
 *
 * <p>The knowledge is {@link DominatingFacts}'s: only parameters and locals whose address is not
 * taken, nothing on the way that assigns them, and no call or store on the way for facts read
 * through a pointer, so a re-test after a lock drop, of a {@code READ_ONCE()} or of a global is
 * never "redundant". Looked at: {@code if} conditions and the conditions of assertion macros.
 */
public final class RedundantCheck extends FunctionRule {

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    DominatingFacts facts = null;
    for (Expression top : conditions(fn)) {
      if (facts == null) {
        facts = DominatingFacts.of(fa);
      }
      if (!reportDecided(top, facts, ctx)) {
        reportNullOrDiffers(top, facts, ctx);
      }
    }
  }

  /**
   * The {@code if} conditions, assertion conditions and other whole {@code &&}/{@code ||}
   * expressions ({@code return a || (!a && b);}) of {@code fn}, in source order, each once.
   */
  private static List<Expression> conditions(FunctionDefinition fn) {
    Set<Expression> out = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Expression> ordered = new ArrayList<>();
    // the pre-order stream, not findAll(Node.class), which copies every node of the body
    fn.body().stream()
        .forEach(
            n -> {
              Expression top = condition(n);
              if (top != null && out.add(top)) {
                ordered.add(top);
              }
            });
    return ordered;
  }

  /** The whole condition {@code n} is or holds, as {@link #conditions} gathers them; else null. */
  private static Expression condition(Node n) {
    if (n instanceof IfStatement i) {
      return i.condition();
    } else if (n instanceof CallExpression c
        && c.calleeName().filter(Matchers::isAssertionName).isPresent()
        && !c.arguments().isEmpty()) {
      return c.arguments().get(0);
    } else if (n instanceof BinaryExpression b
        && (b.operator().equals("&&") || b.operator().equals("||"))
        && Conjuncts.topCondition(b) == b
        && !(b.parent().orElse(null) instanceof IfStatement)) {
      return b;
    }
    return null;
  }

  private static boolean reportDecided(Expression top, DominatingFacts facts, RuleContext ctx) {
    for (Expression leaf : DominatingFacts.leaves(top)) {
      Optional<Decision> d = facts.decided(leaf);
      if (d.isEmpty()) {
        continue;
      }
      Fact f = d.get().because();
      String line = String.valueOf(f.where().range().beginLine());
      // Show the test as written: `!vma`, not the `vma` inside it, with its value.
      Expression shown = leaf;
      boolean value = d.get().value();
      while (shown.parent().orElse(null) instanceof UnaryExpression u
          && u.operator().equals("!")
          && !u.isPostfix()) {
        shown = u;
        value = !value;
      }
      RuleContext.FindingBuilder b = ctx.at(shown);
      switch (f.source()) {
        case DEREFERENCE ->
            b.variant("dereferenced")
                .arg("pointer", f.atom().compactText())
                .arg("line", line)
                .arg("deref", f.where().compactText())
                .related(f.where(), "dereferenced here, on every path to the test");
        case CONDITION ->
            b.arg("value", String.valueOf(value))
                .arg("earlier", f.where().compactText())
                .arg("line", line)
                .related(f.where(), "this test already decided it");
        case SAME_EXPRESSION ->
            b.variant("same_expression")
                .arg("value", String.valueOf(value))
                .arg("earlier", f.where().compactText());
      }
      b.arg("test", shown.compactText()).report();
      return true;
    }
    return false;
  }

  /**
   * {@code !a || a != b} (or {@code a == NULL || ...}, and {@code a && a == b}) where {@code b} is
   * known not NULL: the NULL test of {@code a} adds nothing.
   */
  private static void reportNullOrDiffers(Expression top, DominatingFacts facts, RuleContext ctx) {
    for (BinaryExpression or :
        top.findAll(
            BinaryExpression.class, x -> x.operator().equals("||") || x.operator().equals("&&"))) {
      boolean disjunction = or.operator().equals("||");
      Expression nullSide = Matchers.stripBranchHints(or.left());
      Expression cmp = Matchers.stripBranchHints(or.right());
      Optional<String> a = nullTested(nullSide, disjunction);
      if (a.isEmpty()
          || !(cmp instanceof BinaryExpression c
              && c.operator().equals(disjunction ? "!=" : "=="))) {
        continue;
      }
      Optional<String> other = otherSide(c, a.get());
      if (other.isEmpty()
          || !(AccessPaths.strip(c.left()) instanceof Identifier)
              && !(AccessPaths.strip(c.right()) instanceof Identifier)) {
        continue;
      }
      Optional<Fact> known = facts.nonNull(other.get(), or);
      if (known.isPresent()) {
        ctx.at(nullSide)
            .variant("null_or_differs")
            .arg("test", nullSide.compactText())
            .arg("whole", or.compactText())
            .arg("other", other.get())
            .arg("pointer", a.get())
            .related(known.get().where(), "`" + other.get() + "` is known not NULL here")
            .report();
        return;
      }
    }
  }

  /** The pointer {@code e} tests for NULL ({@code !a}, {@code a == NULL}), or non-NULL. */
  private static Optional<String> nullTested(Expression e, boolean forNull) {
    if (forNull) {
      if (e instanceof UnaryExpression u && u.operator().equals("!") && !u.isPostfix()) {
        return AccessPaths.of(Matchers.stripBranchHints(u.operand())).filter(p -> !p.contains("*"));
      }
      if (e instanceof BinaryExpression b && b.operator().equals("==")) {
        return Matchers.nullTestedPath(b);
      }
      return Optional.empty();
    }
    if (e instanceof BinaryExpression b && b.operator().equals("!=")) {
      return Matchers.nullTestedPath(b);
    }
    return AccessPaths.of(e);
  }

  /** The access path compared with {@code a} in {@code c}, when one side is {@code a}. */
  private static Optional<String> otherSide(BinaryExpression c, String a) {
    Optional<String> l = AccessPaths.of(c.left());
    Optional<String> r = AccessPaths.of(c.right());
    if (l.filter(a::equals).isPresent() && r.isPresent() && !Matchers.isNull(c.right())) {
      return r;
    }
    if (r.filter(a::equals).isPresent() && l.isPresent() && !Matchers.isNull(c.left())) {
      return l;
    }
    return Optional.empty();
  }
}
