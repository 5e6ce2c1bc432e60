package org.mmreview.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.cparse.CParser;
import org.mmreview.report.Finding;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;

/**
 * Ordinary and hostile C that once sent an analysis into unbounded recursion or work. Each case
 * sits beside a function that must still get its finding, so a contained failure (which costs only
 * the bad function) is told apart from a clean run: the run must have no failures at all.
 */
class AnalysisHostileInputTest {
  private static final RuleCatalog CATALOG = RuleCatalog.load();

  /** A fill-path NULL test of uffd ops: uffd-ops-null-check fires on line 8 of this text. */
  private static final String NORMAL =
      """
      static const struct vm_uffd_ops *state_ops(struct mfill_state *state)
      {
      	return vma_uffd_ops(state->vma);
      }
      static int copy_alloc_folio(struct mfill_state *state)
      {
      	const struct vm_uffd_ops *ops = state_ops(state);
      	if (!ops)
      		return -EINVAL;
      	return ops->alloc_folio(state->vma, state->dst_addr) ? 0 : -ENOMEM;
      }
      """;

  private static RuleEngine.Result review(String text) {
    ReviewPlanner planner = new ReviewPlanner(new CParser());
    RuleEngine engine = new RuleEngine(RuleSet.everything(CATALOG), true);
    return assertTimeoutPreemptively(
        Duration.ofSeconds(30), () -> engine.run(planner.wholeFile("mm/hostile.c", text)));
  }

  /** The run is clean, and the normal function's finding is there. */
  private static void assertNormalFindingKept(RuleEngine.Result r) {
    assertEquals(List.of(), r.failures());
    assertEquals(List.of(), r.diagnostics());
    assertTrue(
        r.findings().stream().map(Finding::ruleId).anyMatch("uffd-ops-null-check"::equals),
        "finding of the normal function lost: " + r.findings());
  }

  @Test
  void definitionsFeedingEachOtherInAForLoop() {
    String loop =
        """
        int f(char *p, int len)
        {
        	int copy;

        	for (;;) {
        		copy = len;
        		len -= copy;
        		if (!copy)
        			break;
        	}
        	if (len)
        		return -EFAULT;
        	return 0;
        }
        """;
    assertNormalFindingKept(review(loop + NORMAL));
  }

  @Test
  void definitionsFeedingEachOtherInAWhileLoop() {
    String loop =
        """
        int g(int a, int b)
        {
        	while (a) {
        		a = b;
        		b = a;
        	}
        	if (!b)
        		return -EINVAL;
        	return a ? 0 : -ENOMEM;
        }
        """;
    assertNormalFindingKept(review(NORMAL + loop));
  }

  @Test
  void definitionsFeedingEachOtherAcrossABackwardGoto() {
    String loop =
        """
        int h(int x)
        {
        	int y = 0;
        retry:
        	y = x;
        	x = y;
        	if (x)
        		goto retry;
        	if (!y)
        		return -EAGAIN;
        	return 0;
        }
        """;
    assertNormalFindingKept(review(loop + NORMAL));
  }
}
