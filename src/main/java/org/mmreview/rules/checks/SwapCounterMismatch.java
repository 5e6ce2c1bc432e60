package org.mmreview.rules.checks;

import java.util.List;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.CfgNode;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.checks.swapcounter.PresentMapping;
import org.mmreview.rules.checks.swapcounter.RssCounters;
import org.mmreview.rules.checks.swapcounter.SwapEntryPaths;

/**
 * An MM_ANONPAGES update on a path where the entry is a genuine swap entry. A swap entry has no
 * resident page, so moving or dropping it moves or drops MM_SWAPENTS. The update is legitimate only
 * when the same path turns the entry into (or out of) a resident page: then MM_SWAPENTS of the same
 * mm moves the opposite way alongside (do_swap_page(), unuse_pte(), try_to_unmap_one()), or a
 * present entry for the page is built / its rmap added.
 */
public final class SwapCounterMismatch extends FunctionRule {
  private static final String RESIDENT = "MM_ANONPAGES";
  private static final String SWAPPED = "MM_SWAPENTS";

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    List<RssCounters.Update> updates = RssCounters.in(fn.body());
    if (updates.stream().noneMatch(u -> u.counter().equals(RESIDENT))) {
      return;
    }
    Cfg cfg = fa.cfg();
    for (RssCounters.Update u : updates) {
      if (!u.counter().equals(RESIDENT) || cfg.pointOf(u.node()).isEmpty()) {
        continue;
      }
      if (SwapEntryPaths.at(cfg, u.node()) != SwapEntryPaths.Meaning.SWAP) {
        continue;
      }
      if (convertsEntry(cfg, u, updates)) {
        continue;
      }
      ctx.at(u.node()).arg("call", u.node().compactText()).report();
    }
  }

  /**
   * True when the path through {@code u} converts between a swap entry and a resident page: an
   * opposite MM_SWAPENTS update, or a page being mapped, on the same straight path (one of the two
   * points dominates the other).
   */
  private static boolean convertsEntry(
      Cfg cfg, RssCounters.Update u, List<RssCounters.Update> updates) {
    CfgNode at = cfg.pointOf(u.node()).orElseThrow();
    for (RssCounters.Update other : updates) {
      if (other.counter().equals(SWAPPED)
          && (u.sign() == 0 || other.sign() == 0 || other.sign() == -u.sign())
          && sameMm(u, other)
          && onSamePath(cfg, at, other.node())) {
        return true;
      }
    }
    for (CfgNode p : cfg.nodes()) {
      if (p.evaluated().stream().anyMatch(PresentMapping::mapsPage) && onSamePath(cfg, at, p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A conversion happens inside one mm: {@code inc_mm_counter(dst_mm, MM_SWAPENTS)} does not
   * balance {@code dec_mm_counter(src_mm, MM_ANONPAGES)}. Rss-array updates carry no mm.
   */
  private static boolean sameMm(RssCounters.Update a, RssCounters.Update b) {
    if (a.node() instanceof CallExpression ca && b.node() instanceof CallExpression cb) {
      String ma = ca.argument(0).map(e -> e.text().replaceAll("\\s+", "")).orElse("");
      String mb = cb.argument(0).map(e -> e.text().replaceAll("\\s+", "")).orElse("");
      return ma.equals(mb);
    }
    return true;
  }

  private static boolean onSamePath(Cfg cfg, CfgNode at, Node other) {
    return cfg.pointOf(other).map(p -> onSamePath(cfg, at, p)).orElse(false);
  }

  private static boolean onSamePath(Cfg cfg, CfgNode a, CfgNode b) {
    return a == b || cfg.dominates(a, b) || cfg.dominates(b, a);
  }
}
