package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.DominatingFacts;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.Use;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * {@code flags &= FLAG} with a single flag of a known kernel family ({@code FOLL_}, {@code VM_},
 * {@code FAULT_FLAG_}, {@code __GFP_}, {@code MAP_}, ...): it clears every other flag, while the
 * function shows it wants another one of the same family kept: a dominating test established that
 * flag set ({@code if (!(gup_flags & FOLL_LONGTERM)) return ...;} then {@code gup_flags &=
 * FOLL_WRITE;}), or a later test of the same variable for it, which the assignment makes always
 * false. Almost always {@code |=} (set the flag) or {@code &= ~FLAG} (clear it) was meant.
 *
 * <p>"Keep only this flag" is a real idiom ({@code flags &= MAP_NONBLOCK; flags |= MAP_SHARED |
 * ...;} in remap_file_pages()): without evidence that another flag of the family matters, nothing
 * is reported. Masks ({@code FOLL_MASK}, {@code VM_ACCESS_FLAGS}, names with MASK, FLAGS, ALL,
 * BITS, VALID, SUPPORTED) are not single flags.
 */
public final class SingleFlagAndAssign extends FunctionRule {
  private static final Pattern FLAG =
      Pattern.compile(
          "(FOLL_|VM_|FAULT_FLAG_|__GFP_|MAP_|PROT_|MREMAP_|MFD_|MPOL_F_|FGP_|TTU_|RMAP_|ZAP_FLAG_"
              + "|UFFDIO_REGISTER_MODE_|UFFD_FEATURE_|MCL_|MLOCK_|PF_|FMODE_|SLAB_|PG_)"
              + "[A-Z0-9_]+");
  private static final Pattern NOT_SINGLE =
      Pattern.compile(
          ".*(MASK|FLAGS$|FLAGS_|_ALL$|_ALL_|BITS|VALID|SUPPORTED|SETTABLE|_ANY$|_NONE$|DEFAULT).*");

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    DominatingFacts facts = null;
    for (AssignExpression a :
        fn.body().findAll(AssignExpression.class, x -> x.operator().equals("&="))) {
      Optional<String> flag = singleFlag(a.value());
      if (flag.isEmpty() || !(AccessPaths.strip(a.target()) instanceof Identifier target)) {
        continue;
      }
      String family = family(flag.get());
      String var = target.name();
      if (!fa.defUse().isVariable(var) || followedBySet(a, var)) {
        continue;
      }
      if (facts == null) {
        facts = DominatingFacts.of(fa);
      }
      Optional<BinaryExpression> evidence = setBefore(facts, a, var, flag.get(), family);
      String variant = null;
      if (evidence.isEmpty()) {
        evidence = testedAfter(fa, a, var, flag.get(), family);
        variant = "tested_after";
      }
      if (evidence.isEmpty()) {
        continue;
      }
      BinaryExpression test = evidence.get();
      RuleContext.FindingBuilder b = ctx.at(a);
      if (variant != null) {
        b.variant(variant);
      }
      b.arg("assignment", a.compactText())
          .arg("variable", var)
          .arg("flag", flag.get())
          .arg("other", otherFlag(test, var).orElse("another flag"))
          .arg("test", test.compactText())
          .arg("line", String.valueOf(test.range().beginLine()))
          .related(test, variant == null ? "the flag is known set here" : "always false after it")
          .report();
    }
  }

  /**
   * True when the next statement ORs flags back into {@code var} ({@code flags &= MAP_NONBLOCK;
   * flags |= MAP_SHARED | ...;}): the "keep only, then set what is needed" idiom.
   */
  private static boolean followedBySet(AssignExpression a, String var) {
    if (!(a.parent().orElse(null) instanceof ExpressionStatement es)
        || !(es.parent().orElse(null) instanceof Block block)) {
      return false;
    }
    List<Statement> seq = block.statements();
    int i = seq.indexOf(es);
    return i >= 0
        && i + 1 < seq.size()
        && seq.get(i + 1) instanceof ExpressionStatement next
        && next.expression() instanceof AssignExpression set
        && set.operator().equals("|=")
        && AccessPaths.strip(set.target()) instanceof Identifier id
        && id.name().equals(var);
  }

  /** {@code FOLL_WRITE} of {@code FOLL_WRITE} or {@code (FOLL_WRITE)}: one flag, not a mask. */
  private static Optional<String> singleFlag(Expression e) {
    Expression x = AccessPaths.strip(e);
    if (x instanceof Identifier id
        && FLAG.matcher(id.name()).matches()
        && !NOT_SINGLE.matcher(id.name()).matches()) {
      return Optional.of(id.name());
    }
    return Optional.empty();
  }

  private static String family(String flag) {
    Matcher m = FLAG.matcher(flag);
    return m.matches() ? m.group(1) : flag;
  }

  /** The other flag {@code test} ({@code var & G}) tests. */
  private static Optional<String> otherFlag(BinaryExpression test, String var) {
    Expression l = AccessPaths.strip(test.left());
    Expression r = AccessPaths.strip(test.right());
    Expression other = l instanceof Identifier id && id.name().equals(var) ? r : l;
    return other instanceof Identifier id ? Optional.of(id.name()) : Optional.empty();
  }

  /** {@code var & G}, G a single flag of {@code family} other than {@code flag}. */
  private static boolean testsOther(Expression e, String var, String flag, String family) {
    if (!(AccessPaths.strip(e) instanceof BinaryExpression b) || !b.operator().equals("&")) {
      return false;
    }
    Expression l = AccessPaths.strip(b.left());
    Expression r = AccessPaths.strip(b.right());
    Expression mask;
    if (l instanceof Identifier id && id.name().equals(var)) {
      mask = r;
    } else if (r instanceof Identifier id && id.name().equals(var)) {
      mask = l;
    } else {
      return false;
    }
    Optional<String> g = singleFlag(mask);
    return g.isPresent() && !g.get().equals(flag) && family(g.get()).equals(family);
  }

  /** A dominating test that established {@code var & G} set. */
  private static Optional<BinaryExpression> setBefore(
      DominatingFacts facts, AssignExpression a, String var, String flag, String family) {
    for (DominatingFacts.Fact f : facts.factsAt(a)) {
      if (f.holds()
          && f.source() == DominatingFacts.Source.CONDITION
          && testsOther(f.atom(), var, flag, family)) {
        return Optional.of((BinaryExpression) AccessPaths.strip(f.atom()));
      }
    }
    return Optional.empty();
  }

  /** A later test {@code var & G} that this assignment reaches. */
  private static Optional<BinaryExpression> testedAfter(
      FunctionAnalysis fa, AssignExpression a, String var, String flag, String family) {
    for (Definition d : fa.defUse().definitionsOf(var)) {
      if (d.node() != a) {
        continue;
      }
      for (Use u : fa.defUse().usesReachedBy(d)) {
        Node p = ParenExpression.enclosing(u.expression()).parent().orElse(null);
        if (p instanceof BinaryExpression b
            && b.range().beginLine() > a.range().beginLine()
            && testsOther(b, var, flag, family)) {
          return Optional.of(b);
        }
      }
    }
    return Optional.empty();
  }
}
