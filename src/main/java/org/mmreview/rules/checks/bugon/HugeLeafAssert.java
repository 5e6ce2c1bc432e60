package org.mmreview.rules.checks.bugon;

import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.GoverningConditions;
import org.mmreview.analysis.KernelAsserts.CrashAssert;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.kernel.PageTables;

/**
 * {@code BUG_ON(!pmd_trans_huge(pmdval))} after {@code pmd_trans_huge_lock()}: the lock is taken
 * for a huge PMD, but also for a PMD migration entry and a devmap leaf ({@code is_swap_pmd() ||
 * pmd_trans_huge() || pmd_devmap()}), so a racing migration makes the assert fire. Silent when a
 * condition governing the assert already tells those entries apart.
 */
public final class HugeLeafAssert {
  /** Tests that separate a huge PMD from a migration or devmap entry. */
  private static final Set<String> SEPARATING =
      Set.of(
          "is_swap_pmd",
          "is_pmd_migration_entry",
          "pmd_present",
          "pmd_trans_huge",
          "pmd_devmap",
          "pmd_leaf",
          "pud_trans_huge",
          "pud_devmap",
          "pud_present");

  private static final Set<String> HUGE_TESTS = Set.of("pmd_trans_huge", "pud_trans_huge");

  private HugeLeafAssert() {}

  /** The assert's {@code pmd_trans_huge()} test and the lock call before it, if this shape. */
  public record Found(CallExpression test, CallExpression lock) {}

  public static Optional<Found> in(CrashAssert a, FunctionAnalysis fa) {
    Optional<CallExpression> test = Optional.empty();
    for (Expression cond : a.condition()) {
      test = negatedHugeTest(cond);
      if (test.isPresent()) {
        break;
      }
    }
    if (test.isEmpty()) {
      return Optional.empty();
    }
    for (CallExpression lock :
        fa.function()
            .body()
            .findAll(
                CallExpression.class,
                c -> c.calleeName().filter(PageTables.HUGE_LEAF_LOCKS::contains).isPresent())) {
      if (lock != a.call() && fa.cfg().pathExists(lock, a.call()) && !separated(a, fa)) {
        return Optional.of(new Found(test.get(), lock));
      }
    }
    return Optional.empty();
  }

  /** {@code !pmd_trans_huge(x)}, alone or as a conjunct ({@code !pmd_trans_huge(x) && ...}). */
  private static Optional<CallExpression> negatedHugeTest(Expression cond) {
    Expression x = Matchers.stripBranchHints(cond);
    if (x instanceof BinaryExpression b && b.operator().equals("&&")) {
      return negatedHugeTest(b.left()).or(() -> negatedHugeTest(b.right()));
    }
    if (x instanceof UnaryExpression u
        && u.operator().equals("!")
        && !u.isPostfix()
        && Matchers.stripBranchHints(u.operand()) instanceof CallExpression c
        && c.calleeName().filter(HUGE_TESTS::contains).isPresent()) {
      return Optional.of(c);
    }
    return Optional.empty();
  }

  private static boolean separated(CrashAssert a, FunctionAnalysis fa) {
    for (GoverningConditions.Governing g : GoverningConditions.of(fa.cfg(), a.call())) {
      boolean tests =
          g.condition().findAll(CallExpression.class).stream()
              .anyMatch(c -> c.calleeName().filter(SEPARATING::contains).isPresent());
      if (tests) {
        return true;
      }
    }
    return false;
  }
}
