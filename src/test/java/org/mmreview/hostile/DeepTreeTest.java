package org.mmreview.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.AstJson;
import org.mmreview.ast.AstPrinter;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.TreeDepth;
import org.mmreview.cparse.CParser;
import org.mmreview.report.Finding;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;

/**
 * Chains that need no brackets build trees as deep as they are long. Past {@link TreeDepth#LIMIT}
 * the function is refused with a one-line diagnostic (the rest of the file still reviewed); just
 * under it, every rule and the printers must cope on a JVM's default thread stack.
 */
class DeepTreeTest {
  private static final RuleCatalog CATALOG = RuleCatalog.load();

  /** A fill-path NULL test of uffd ops: uffd-ops-null-check fires in {@code copy_alloc_folio}. */
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

  /**
   * Statements whose tree grows one level per repetition, written with the names the rules look for
   * (a mapped pte, a swap entry, vma flags, a folio) so that their matchers walk the chain.
   */
  private static Map<String, IntFunction<String>> chains() {
    Map<String, IntFunction<String>> m = new LinkedHashMap<>();
    // One term a line: the line length limit must not be what refuses it.
    m.put("sum", n -> "nr = " + "folio_mapcount(folio) +\n\t\t".repeat(n) + "1;");
    m.put("or of null tests", n -> "if (!pte" + " || !pte".repeat(n) + ")\n\t\treturn -EAGAIN;");
    m.put(
        "and of swap tests",
        n ->
            "if (!pte_present(ptent)"
                + " && !non_swap_entry(entry)".repeat(n)
                + ")\n\t\treturn 0;");
    m.put(
        "flag mask",
        n ->
            "if (vma->vm_flags & (VM_SHARED"
                + " | VM_MAYSHARE".repeat(n)
                + "))\n\t\treturn -EINVAL;");
    m.put("negations", n -> "if (" + "!".repeat(n) + "pte)\n\t\treturn -EAGAIN;");
    m.put("member chain", n -> "mm = vma" + "->vm_mm".repeat(n) + ";");
    m.put("assignments", n -> "nr = ".repeat(n) + "0;");
    m.put("casts", n -> "nr = " + "(long)".repeat(n) + "nr;");
    m.put("calls", n -> "nr = f" + "()".repeat(n) + ";");
    m.put("indexes", n -> "nr = a" + "[0]".repeat(n) + ";");
    m.put("conditionals", n -> "nr = " + "pte ? 1 : ".repeat(n) + "0;");
    m.put(
        "else if",
        n ->
            "if (!pte)\n\t\treturn -EAGAIN;"
                + "\n\telse if (folio_test_anon(folio))\n\t\tnr++;".repeat(n));
    m.put("nested if", n -> "if (pte) ".repeat(n) + "nr++;");
    m.put("nested while", n -> "while (pte) ".repeat(n) + "nr++;");
    m.put("case labels", n -> "switch (nr) {" + "\n\tcase 1:".repeat(n) + "\n\t\tbreak;\n\t}");
    m.put(
        "labels",
        n -> {
          StringBuilder b = new StringBuilder();
          for (int i = 0; i < n; i++) {
            b.append("l").append(i).append(": ");
          }
          return b + "nr++;";
        });
    return m;
  }

  /** A function around {@code statement}, starting on line 1. */
  private static String deep(String statement) {
    return "static int deep(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)\n{\n"
        + "\tpte_t *pte = pte_offset_map(pmd, addr);\n"
        + "\t"
        + statement
        + "\n"
        + "\treturn 0;\n}\n";
  }

  private static RuleEngine.Result review(String path, String text) {
    ReviewPlanner planner = new ReviewPlanner(new CParser());
    RuleEngine engine = new RuleEngine(RuleSet.everything(CATALOG), true);
    return assertTimeoutPreemptively(
        Duration.ofSeconds(60), () -> engine.run(planner.wholeFile(path, text)));
  }

  private static void assertNormalFindingKept(RuleEngine.Result r) {
    assertEquals(List.of(), r.failures());
    assertTrue(
        r.findings().stream().map(Finding::ruleId).anyMatch("uffd-ops-null-check"::equals),
        "finding of the normal function lost: " + r.findings());
  }

  private static void assertOneDeepDiagnostic(RuleEngine.Result r, String text) {
    assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
    String d = r.diagnostics().get(0);
    int lines = (int) text.lines().count() - (int) NORMAL.lines().count();
    assertTrue(d.startsWith("mm/hostile.c:1: input too deep ("), d);
    assertTrue(d.endsWith("; lines 1-" + lines + " (in deep) not reviewed"), d);
  }

  @Test
  void sumOfFiveThousandTerms() {
    String text = deep(chains().get("sum").apply(5_000)) + NORMAL;
    RuleEngine.Result r = review("mm/hostile.c", text);
    assertNormalFindingKept(r);
    assertOneDeepDiagnostic(r, text);
  }

  @Test
  void twoThousandElseIfs() {
    String text = deep(chains().get("else if").apply(2_000)) + NORMAL;
    RuleEngine.Result r = review("mm/hostile.c", text);
    assertNormalFindingKept(r);
    assertOneDeepDiagnostic(r, text);
  }

  @Test
  void aTreeBuiltButPastTheLimitIsNamedWithItsDepth() {
    // Deep enough to refuse, shallow enough for the tree to be built on any stack.
    String text = deep(chains().get("else if").apply(600)) + NORMAL;
    RuleEngine.Result r = review("mm/hostile.c", text);
    assertNormalFindingKept(r);
    int lines = (int) text.lines().count() - (int) NORMAL.lines().count();
    assertEquals(
        List.of(
            "mm/hostile.c:1: input too deep (tree depth 606 > "
                + TreeDepth.LIMIT
                + "); lines 1-"
                + lines
                + " (in deep) not reviewed"),
        r.diagnostics());
  }

  /**
   * The repetitions of {@code chain} that make {@code deep}'s tree exactly {@link TreeDepth#LIMIT}
   * deep, from the depths of two shallow trees (each repetition adds one level).
   */
  private static int justUnderTheLimit(IntFunction<String> chain) {
    int d10 = depthOfDeep(chain.apply(10));
    assertEquals(10, depthOfDeep(chain.apply(20)) - d10, "one level per repetition");
    int n = 10 + TreeDepth.LIMIT - d10;
    assertEquals(TreeDepth.LIMIT, depthOfDeep(chain.apply(n)));
    return n;
  }

  private static int depthOfDeep(String statement) {
    return TreeDepth.of(
        new CParser().parseFile("mm/hostile.c", deep(statement)).unit().items().get(0));
  }

  @Test
  void aTreeAtTheLimitGoesThroughEveryRuleAndPrinterOnTheDefaultStack() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    // Stack size 0: the JVM's default for new threads, which is what the limit is measured against.
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                for (Map.Entry<String, IntFunction<String>> c : chains().entrySet()) {
                  String text = deep(c.getValue().apply(justUnderTheLimit(c.getValue()))) + NORMAL;
                  RuleEngine.Result r = review("mm/hostile.c", text);
                  assertEquals(List.of(), r.diagnostics(), c.getKey());
                  assertNormalFindingKept(r);
                  CompilationUnit u = new CParser().parseFile("mm/hostile.c", text).unit();
                  Node fn = u.items().get(0);
                  assertEquals(TreeDepth.LIMIT, TreeDepth.of(fn), c.getKey());
                  assertTrue(AstPrinter.print(u).contains("deep("), c.getKey());
                  assertTrue(AstJson.toJson(u).contains("FunctionDefinition"), c.getKey());
                }
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            "default-stack",
            0);
    t.start();
    t.join();
    if (thrown.get() != null) {
      throw new AssertionError(thrown.get());
    }
  }
}
