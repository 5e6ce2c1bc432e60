package org.mmreview.rules.checks.swapcounter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.analysis.Cfg;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.testing.ParsedC;

/** SwapEntryPaths and RssCounters, the facts of swap-counter-mismatch, on kernel-shaped C. */
class SwapCounterFactsTest {
  private static FunctionDefinition fn(String src) {
    CompilationUnit cu = ParsedC.unit(src);
    return cu.functions().get(0);
  }

  private static CallExpression call(FunctionDefinition f, String name) {
    return f.findFirst(CallExpression.class, c -> c.calleeName().orElse("").equals(name))
        .orElseThrow();
  }

  @Test
  void anEarlyContinueDecidesTheEntryOfWhatFollows() {
    FunctionDefinition f =
        fn(
            "void f(pte_t *p, int n)\n{\n\tfor (; n; n--) {\n\t\tpte_t pte = ptep_get(p);\n"
                + "\t\tif (pte_present(pte)) {\n\t\t\tpresent();\n\t\t\tcontinue;\n\t\t}\n\t\tafter();\n\t}\n}\n");
    Cfg cfg = Cfg.of(f);
    assertEquals(SwapEntryPaths.Meaning.SWAP, SwapEntryPaths.at(cfg, call(f, "after")));
    assertEquals(SwapEntryPaths.Meaning.NOT_SWAP, SwapEntryPaths.at(cfg, call(f, "present")));
  }

  @Test
  void bothOutcomesReachingAJoinLeaveTheEntryUnknown() {
    FunctionDefinition f =
        fn(
            "void f(pmd_t pmd)\n{\n\tif (pmd_present(pmd))\n\t\ta();\n\telse\n\t\tb(pmd_to_swp_entry(pmd));\n\tjoin();\n}\n");
    assertEquals(SwapEntryPaths.Meaning.UNKNOWN, SwapEntryPaths.at(Cfg.of(f), call(f, "join")));
  }

  @Test
  void specialEntriesAndAssertionsRuleASwapEntryOut() {
    FunctionDefinition f =
        fn(
            "void f(pte_t pte)\n{\n\tswp_entry_t e = pte_to_swp_entry(pte);\n"
                + "\tif (is_migration_entry(e))\n\t\tmig();\n\tswap();\n\tVM_WARN_ON_ONCE(!is_device_private_entry(e));\n\tdev();\n}\n");
    Cfg cfg = Cfg.of(f);
    assertEquals(SwapEntryPaths.Meaning.NOT_SWAP, SwapEntryPaths.at(cfg, call(f, "mig")));
    assertEquals(
        SwapEntryPaths.Meaning.SWAP,
        SwapEntryPaths.at(cfg, call(f, "swap")),
        "the accessor dominates");
    assertEquals(
        SwapEntryPaths.Meaning.NOT_SWAP,
        SwapEntryPaths.at(cfg, call(f, "dev")),
        "asserted device entry");
  }

  @Test
  void rssCounterUpdatesWithTheirSign() {
    FunctionDefinition f =
        fn(
            "void f(struct mm_struct *mm, int *rss)\n{\n\tinc_mm_counter(mm, MM_SWAPENTS);\n"
                + "\tadd_mm_counter(mm, MM_ANONPAGES, -nr);\n\trss[MM_ANONPAGES]--;\n\trss[MM_FILEPAGES] += 2;\n}\n");
    List<RssCounters.Update> u = RssCounters.in(f.body());
    assertEquals(
        List.of("MM_SWAPENTS", "MM_ANONPAGES", "MM_ANONPAGES", "MM_FILEPAGES"),
        u.stream().map(RssCounters.Update::counter).toList());
    assertEquals(List.of(1, -1, -1, 1), u.stream().map(RssCounters.Update::sign).toList());
  }
}
