package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mmreview.analysis.Conjuncts;
import org.mmreview.analysis.FlagTests;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.kernel.AllocatorTable;
import org.mmreview.kernel.HugePageHints;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * A test of the MADV_HUGEPAGE hint ({@code vma->vm_flags & VM_HUGEPAGE}, {@code !(... &
 * VM_NOHUGEPAGE)}, {@code vma_test(vma, VMA_HUGEPAGE_BIT)}) whose "huge" outcome sizes, aligns or
 * shifts the range it works on by a huge page ({@code HPAGE_SIZE}, {@code addr & HPAGE_PMD_MASK},
 * ...): the code takes the wish for the fact, and treats whatever is mapped there as one huge page.
 *
 * <p>Not reported: the same test deciding what to allocate or read ahead (the hint's purpose: the
 * branch calls an allocator or a readahead helper, or counts in pages and orders rather than bytes
 * and masks), and a condition that also requires a test of what is mapped ({@code
 * pmd_trans_huge()}, {@code folio_test_large()}, {@code is_vm_hugetlb_page()}, ...).
 */
public final class HugepageHintAsSize extends NodeRule<Expression> {
  private static final Pattern HINT_FLAG = Pattern.compile("VM_(NO)?HUGEPAGE");

  public HugepageHintAsSize() {
    // Expressions, not functions: a hunk that starts inside a function body reaches the rules as
    // loose statements, and the hint test is judged from its own condition and branch alone.
    super(Expression.class);
  }

  @Override
  protected void check(Expression e, RuleContext ctx) {
    if (e instanceof BinaryExpression b && b.operator().equals("&")) {
      FlagTests.test(b, HINT_FLAG)
          .filter(t -> t.flags().size() == 1)
          .ifPresent(t -> judge(b, t.flags().get(0), ctx));
    } else if (e instanceof CallExpression c && Matchers.isCallTo(c, "vma_test")) {
      c.argument(1)
          .map(Expression::unparen)
          .filter(a -> a instanceof Identifier)
          .map(a -> ((Identifier) a).name())
          .filter(n -> HugePageHints.hintOn(n) || HugePageHints.hintOff(n))
          .ifPresent(n -> judge(c, n, ctx));
    }
  }

  /** {@code test} reads the hint {@code flag}; reports it when its huge outcome sizes by a PMD. */
  private static void judge(Expression test, String flag, RuleContext ctx) {
    if (Matchers.insideAssertion(test)) {
      return;
    }
    boolean hugeWhen = HugePageHints.hintOn(flag);
    Expression top = Conjuncts.topCondition(test);
    Node holder = top.parent().orElse(null);
    while (holder instanceof ParenExpression p) {
      holder = p.parent().orElse(null);
    }
    for (boolean outcome : new boolean[] {true, false}) {
      List<Conjuncts.Atom> atoms = Conjuncts.required(top, outcome);
      boolean hintRequired =
          atoms.stream().anyMatch(a -> a.expression().unparen() == test && a.holds() == hugeWhen);
      if (!hintRequired || atoms.stream().anyMatch(HugepageHintAsSize::mappingFact)) {
        continue;
      }
      Optional<? extends Node> branch = branch(holder, top, outcome);
      if (branch.isEmpty() || allocates(branch.get())) {
        continue;
      }
      Optional<Identifier> extent =
          branch.get().findFirst(Identifier.class, i -> HugePageHints.hugeExtent(i.name()));
      if (extent.isPresent()) {
        RuleContext.FindingBuilder f = ctx.at(test);
        if (!hugeWhen) {
          f = f.variant("off");
        }
        f.arg("flag", flag)
            .arg("extent", extent.get().name())
            .related(extent.get(), "sized as one huge page because of the hint")
            .report();
        return;
      }
    }
  }

  /** The statement or expression that runs when {@code top} has {@code outcome}. */
  private static Optional<? extends Node> branch(Node holder, Expression top, boolean outcome) {
    if (holder instanceof IfStatement i && i.condition().unparen() == top.unparen()) {
      return outcome ? Optional.of(i.thenStatement()) : i.elseStatement();
    }
    if (holder instanceof ConditionalExpression c && c.condition().unparen() == top.unparen()) {
      return outcome ? c.thenExpression() : Optional.of(c.elseExpression());
    }
    return Optional.empty();
  }

  /** An atom that holds and asks what is mapped, or whether a huge mapping is possible. */
  private static boolean mappingFact(Conjuncts.Atom a) {
    return a.expression() instanceof CallExpression c
        && c.calleeName().filter(HugePageHints::mappingFact).isPresent();
  }

  /** The branch creates memory (the hint's purpose) rather than working on what is mapped. */
  private static boolean allocates(Node branch) {
    return branch
        .findFirst(
            CallExpression.class,
            c ->
                c.calleeName()
                    .filter(
                        n ->
                            AllocatorTable.defaults().names().contains(n)
                                || n.contains("alloc")
                                || n.contains("readahead")
                                || n.startsWith("page_cache_ra"))
                    .isPresent())
        .isPresent();
  }
}
