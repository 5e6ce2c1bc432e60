package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.Matchers;
import org.mmreview.analysis.PageSubjects;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * {@code mm_counter(page)} (which picks the counter from {@code PageAnon()}) evaluated on a path
 * that reaches the call making that same page or folio anonymous ({@code
 * folio_add_new_anon_rmap()}, {@code page_add_new_anon_rmap()}) before it: the page is not
 * anonymous yet, so the RSS of MM_FILEPAGES (or MM_SHMEMPAGES) is raised for an anonymous page.
 */
public final class RssCounterBeforeAnonRmap extends FunctionRule {
  /** Counters chosen from the page's anon-ness ({@code folio_test_anon()}). */
  private static final Set<String> COUNTERS = Set.of("mm_counter");

  /**
   * Calls that set {@code folio->mapping} to an anon_vma for a page that was not anonymous (a new
   * page): argument 0 is the page or folio.
   */
  private static final Set<String> NEW_ANON_RMAPS =
      Set.of(
          "page_add_new_anon_rmap",
          "folio_add_new_anon_rmap",
          "__page_set_anon_rmap",
          "__folio_set_anon");

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    List<CallExpression> rmaps =
        fn.body().findAll(CallExpression.class, c -> Matchers.isCallTo(c, NEW_ANON_RMAPS));
    if (rmaps.isEmpty()) {
      return;
    }
    Cfg cfg = fa.cfg();
    for (CallExpression counter :
        fn.body().findAll(CallExpression.class, c -> Matchers.isCallTo(c, COUNTERS))) {
      Optional<String> page = counter.argument(0).flatMap(PageSubjects::of);
      if (page.isEmpty()) {
        continue;
      }
      for (CallExpression rmap : rmaps) {
        if (rmap.argument(0).flatMap(PageSubjects::of).equals(page)
            && cfg.pathExists(counter, rmap, n -> defines(n, page.get()))
            && !cfg.dominates(rmap, counter)) {
          ctx.at(counter)
              .arg("page", page.get())
              .arg("argument", counter.arguments().get(0).text().strip())
              .arg("counter", counter.calleeName().orElseThrow())
              .arg("rmap", rmap.calleeName().orElseThrow())
              .related(rmap, "made anonymous only here")
              .report();
          break;
        }
      }
    }
  }

  /** True when {@code n} assigns {@code variable} (a loop's next page is another page). */
  private static boolean defines(Node n, String variable) {
    return n.stream()
        .anyMatch(
            x ->
                x instanceof AssignExpression a
                        && AccessPaths.of(a.target()).filter(variable::equals).isPresent()
                    || x instanceof Declarator d && d.name().equals(variable));
  }
}
