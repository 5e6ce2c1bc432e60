package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.testing.ParsedC;

/** GoverningConditions and Conjuncts on kernel-shaped C. */
class BranchFactsTest {
  private static FunctionDefinition fn(String src) {
    CompilationUnit cu = ParsedC.unit(src);
    return cu.functions().get(0);
  }

  private static CallExpression call(FunctionDefinition f, String name) {
    return f.findFirst(CallExpression.class, c -> c.calleeName().orElse("").equals(name))
        .orElseThrow();
  }

  @Test
  void anEarlyContinueGovernsWhatFollowsWithItsOtherOutcome() {
    FunctionDefinition f =
        fn(
            "void f(pte_t *p, int n)\n{\n\tfor (; n; n--) {\n\t\tpte_t pte = ptep_get(p);\n"
                + "\t\tif (pte_present(pte)) {\n\t\t\tpresent();\n\t\t\tcontinue;\n\t\t}\n\t\tafter();\n\t}\n}\n");
    Cfg cfg = Cfg.of(f);
    List<GoverningConditions.Governing> g = GoverningConditions.of(cfg, call(f, "after"));
    assertEquals(1, g.size());
    assertFalse(g.get(0).holds(), "after() runs when pte_present() is false");
    assertTrue(GoverningConditions.of(cfg, call(f, "present")).get(0).holds());
  }

  @Test
  void bothOutcomesReachingAJoinGovernNothing() {
    FunctionDefinition f =
        fn(
            "void f(pmd_t pmd)\n{\n\tif (pmd_present(pmd))\n\t\ta();\n\telse\n\t\tb(pmd_to_swp_entry(pmd));\n\tjoin();\n}\n");
    Cfg cfg = Cfg.of(f);
    assertTrue(GoverningConditions.of(cfg, call(f, "join")).isEmpty());
  }

  @Test
  void conjunctsFollowDeMorgan() {
    FunctionDefinition f =
        fn("int f(struct vm_area_struct *v)\n{\n\treturn !(!a(v) || !b(v));\n}\n");
    Expression top = Conjuncts.topCondition(call(f, "a"));
    List<Conjuncts.Atom> whenTrue = Conjuncts.required(top, true);
    assertEquals(2, whenTrue.size());
    assertTrue(whenTrue.stream().allMatch(Conjuncts.Atom::holds));
    assertTrue(
        Conjuncts.required(top, false).isEmpty(), "false is a disjunction: nothing required");
  }
}
