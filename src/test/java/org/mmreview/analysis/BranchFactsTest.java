package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.testing.ParsedC;

/** GoverningConditions, SwapEntryPaths, Conjuncts, RssCounters on kernel-shaped C. */
class BranchFactsTest {
  private static CallExpression call(FunctionDefinition f, String name) {
    return CfgTest.call(f, name);
  }

  @Test
  void anEarlyContinueGovernsWhatFollowsWithItsOtherOutcome() {
    FunctionDefinition f = ParsedC.function("""
        void f(pte_t *p, int n)
        {
            for (; n; n--) {
                pte_t pte = ptep_get(p);
                if (pte_present(pte)) {
                    present();
                    continue;
                }
                after();
            }
        }
        """);
    Cfg cfg = Cfg.of(f);
    List<GoverningConditions.Governing> g = GoverningConditions.of(cfg, call(f, "after"));
    assertEquals(1, g.size());
    assertFalse(g.get(0).holds(), "after() runs when pte_present() is false");
    assertTrue(GoverningConditions.of(cfg, call(f, "present")).get(0).holds());
    assertEquals(SwapEntryPaths.Meaning.SWAP, SwapEntryPaths.at(cfg, call(f, "after")));
    assertEquals(SwapEntryPaths.Meaning.NOT_SWAP, SwapEntryPaths.at(cfg, call(f, "present")));
  }

  @Test
  void bothOutcomesReachingAJoinGovernNothing() {
    FunctionDefinition f = ParsedC.function("""
        void f(pmd_t pmd)
        {
            if (pmd_present(pmd))
                a();
            else
                b(pmd_to_swp_entry(pmd));
            join();
        }
        """);
    Cfg cfg = Cfg.of(f);
    assertTrue(GoverningConditions.of(cfg, call(f, "join")).isEmpty());
    assertEquals(SwapEntryPaths.Meaning.UNKNOWN, SwapEntryPaths.at(cfg, call(f, "join")));
  }

  @Test
  void specialEntriesAndAssertionsRuleASwapEntryOut() {
    FunctionDefinition f = ParsedC.function("""
        void f(pte_t pte)
        {
            swp_entry_t e = pte_to_swp_entry(pte);
            if (is_migration_entry(e))
                mig();
            swap();
            VM_WARN_ON_ONCE(!is_device_private_entry(e));
            dev();
        }
        """);
    Cfg cfg = Cfg.of(f);
    assertEquals(SwapEntryPaths.Meaning.NOT_SWAP, SwapEntryPaths.at(cfg, call(f, "mig")));
    assertEquals(SwapEntryPaths.Meaning.SWAP, SwapEntryPaths.at(cfg, call(f, "swap")), "the accessor dominates");
    assertEquals(SwapEntryPaths.Meaning.NOT_SWAP, SwapEntryPaths.at(cfg, call(f, "dev")), "asserted device entry");
  }

  @Test
  void conjunctsFollowDeMorgan() {
    FunctionDefinition f = ParsedC.function("""
        int f(struct vm_area_struct *v)
        {
            return !(!a(v) || !b(v));
        }
        """);
    Expression top = Conjuncts.topCondition(call(f, "a"));
    List<Conjuncts.Atom> whenTrue = Conjuncts.required(top, true);
    assertEquals(2, whenTrue.size());
    assertTrue(whenTrue.stream().allMatch(Conjuncts.Atom::holds));
    assertTrue(Conjuncts.required(top, false).isEmpty(), "false is a disjunction: nothing required");
  }

  @Test
  void rssCounterUpdatesWithTheirSign() {
    FunctionDefinition f = ParsedC.function("""
        void f(struct mm_struct *mm, int *rss)
        {
            inc_mm_counter(mm, MM_SWAPENTS);
            add_mm_counter(mm, MM_ANONPAGES, -nr);
            rss[MM_ANONPAGES]--;
            rss[MM_FILEPAGES] += 2;
        }
        """);
    List<RssCounters.Update> u = RssCounters.in(f.body());
    assertEquals(List.of("MM_SWAPENTS", "MM_ANONPAGES", "MM_ANONPAGES", "MM_FILEPAGES"),
        u.stream().map(RssCounters.Update::counter).toList());
    assertEquals(List.of(1, -1, -1, 1), u.stream().map(RssCounters.Update::sign).toList());
  }
}
