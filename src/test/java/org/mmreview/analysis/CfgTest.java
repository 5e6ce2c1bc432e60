package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.kernel.LockGroup;
import org.mmreview.testing.ParsedC;

class CfgTest {
  static FunctionDefinition fn(String src) {
    CompilationUnit cu = ParsedC.unit(src);
    return cu.functions().get(0);
  }

  static CallExpression call(Node scope, String name) {
    return scope
        .findFirst(CallExpression.class, c -> c.calleeName().orElse("").equals(name))
        .orElseThrow();
  }

  @Test
  void branchesAndEarlyReturn() {
    FunctionDefinition f =
        fn(
            "int f(int x)\n{\n\ta();\n\tif (x)\n\t\treturn b();\n\telse\n\t\tc();\n\td();\n\treturn 0;\n}\n");
    Cfg cfg = Cfg.of(f);
    assertTrue(cfg.pathExists(call(f, "a"), call(f, "b")));
    assertTrue(cfg.pathExists(call(f, "a"), call(f, "d")));
    assertFalse(cfg.pathExists(call(f, "b"), call(f, "d")), "return ends the path");
    assertFalse(cfg.pathExists(call(f, "b"), call(f, "c")));
    assertTrue(cfg.pathExists(call(f, "c"), call(f, "d")));
    assertTrue(cfg.dominates(call(f, "a"), call(f, "d")));
    assertTrue(cfg.dominates(call(f, "c"), call(f, "d")), "d is reached only via c");
    assertFalse(cfg.dominates(call(f, "b"), call(f, "d")));
    ReturnStatement ret = f.findFirst(ReturnStatement.class).orElseThrow();
    assertTrue(cfg.pointOf(ret).orElseThrow().successors().contains(cfg.exit()));
    assertTrue(cfg.backwardGotos().isEmpty());
  }

  @Test
  void whileLoopHasBackEdgeAndBreakContinue() {
    FunctionDefinition f =
        fn(
            "void f(void)\n{\n\twhile (cond()) {\n\t\tif (x())\n\t\t\tbreak;\n\t\tif (y())\n\t\t\tcontinue;\n\t\tz();\n\t}\n\tafter();\n}\n");
    Cfg cfg = Cfg.of(f);
    assertTrue(cfg.pathExists(call(f, "z"), call(f, "x")), "back edge");
    assertTrue(cfg.pathExists(call(f, "z"), call(f, "z")), "z is in a loop");
    assertTrue(cfg.pathExists(call(f, "x"), call(f, "after")));
    assertTrue(cfg.pathExists(call(f, "y"), call(f, "cond")));
    assertFalse(cfg.pathExists(call(f, "after"), call(f, "cond")));
    assertTrue(
        cfg.pathExists(call(f, "x"), call(f, "after"), n -> n.text().contains("z()")),
        "break skips z");
  }

  @Test
  void doForAndMacroLoops() {
    FunctionDefinition f =
        fn(
            "void f(void)\n{\n\tdo {\n\t\ta();\n\t} while (c1());\n\tfor (i = 0; i < n; i++)\n\t\tb();\n"
                + "\tfor_each_vma(vmi, vma) {\n\t\tm();\n\t}\n\tend();\n}\n");
    Cfg cfg = Cfg.of(f);
    assertTrue(cfg.pathExists(call(f, "c1"), call(f, "a")));
    assertTrue(cfg.pathExists(call(f, "b"), call(f, "b")));
    assertTrue(cfg.pathExists(call(f, "m"), call(f, "m")));
    assertTrue(cfg.pathExists(call(f, "a"), call(f, "end")));
    assertFalse(cfg.pathExists(call(f, "end"), call(f, "m")));
    assertFalse(cfg.pathExists(call(f, "end"), call(f, "end")));
  }

  @Test
  void switchFallthroughAndDefault() {
    FunctionDefinition f =
        fn(
            "int f(int x)\n{\n\tswitch (x) {\n\tcase 1:\n\t\tone();\n\tcase 2:\n\t\ttwo();\n\t\tbreak;\n"
                + "\tcase 3:\n\t\treturn three();\n\tdefault:\n\t\tdflt();\n\t}\n\tafter();\n\treturn 0;\n}\n");
    Cfg cfg = Cfg.of(f);
    assertTrue(cfg.pathExists(call(f, "one"), call(f, "two")), "case 1 falls through");
    assertFalse(cfg.pathExists(call(f, "two"), call(f, "three")), "break");
    assertTrue(cfg.pathExists(call(f, "two"), call(f, "after")));
    assertFalse(cfg.pathExists(call(f, "three"), call(f, "after")));
    assertTrue(cfg.pathExists(call(f, "dflt"), call(f, "after")));
    assertFalse(cfg.pathExists(call(f, "one"), call(f, "dflt")));
    assertFalse(cfg.dominates(call(f, "one"), call(f, "two")));
  }

  @Test
  void switchWithoutDefaultCanSkipAllCases() {
    FunctionDefinition f =
        fn(
            "void f(int x)\n{\n\tswitch (x) {\n\tcase 1:\n\t\tone();\n\t\tbreak;\n\t}\n\tafter();\n}\n");
    Cfg cfg = Cfg.of(f);
    assertFalse(cfg.dominates(call(f, "one"), call(f, "after")));
    assertTrue(cfg.pathExists(call(f, "one"), call(f, "after")));
  }

  @Test
  void backwardAndForwardGotos() {
    FunctionDefinition f =
        fn(
            "int f(void)\n{\n\tint err;\nretry:\n\terr = move();\n\tif (err == -EAGAIN)\n\t\tgoto retry;\n"
                + "\tif (err)\n\t\tgoto out;\n\twork();\nout:\n\tcleanup();\n\treturn err;\n}\n");
    Cfg cfg = Cfg.of(f);
    List<GotoStatement> back = cfg.backwardGotos();
    assertEquals(1, back.size());
    assertEquals("retry", back.get(0).label());
    assertTrue(cfg.pathExists(call(f, "move"), call(f, "move")), "retry loop");
    assertTrue(cfg.pathExists(back.get(0), call(f, "move")));
    assertTrue(
        cfg.pathExists(call(f, "move"), call(f, "cleanup"), n -> n.text().contains("work")),
        "goto out skips work");
    assertFalse(cfg.pathExists(call(f, "cleanup"), call(f, "work")));
    assertTrue(cfg.label("out").isPresent());
    assertTrue(
        cfg.reachableFrom(call(f, "work")).stream().anyMatch(n -> n.text().contains("cleanup")));
  }

  @Test
  void noReturnCallsEndThePath() {
    FunctionDefinition f = fn("void f(int x)\n{\n\tif (x)\n\t\tBUG();\n\tafter();\n}\n");
    Cfg cfg = Cfg.of(f);
    assertFalse(cfg.pathExists(call(f, "BUG"), call(f, "after")));
    assertTrue(cfg.pointOf(call(f, "BUG")).orElseThrow().successors().contains(cfg.exit()));
  }

  @Test
  void unitAnalysisCachesPerFunction() {
    CompilationUnit cu =
        ParsedC.unit("void f(void)\n{\n\tspin_lock(ptl);\n\tx();\n\tspin_unlock(ptl);\n}\n");
    UnitAnalysis ua = new UnitAnalysis(cu);
    FunctionDefinition f = cu.functions().get(0);
    FunctionAnalysis fa = ua.enclosing(call(f, "x")).orElseThrow();
    assertTrue(fa == ua.of(f));
    assertTrue(fa.cfg() == fa.cfg());
    assertTrue(fa.locks().heldAt(call(f, "x"), LockGroup.PTL));
    assertEquals(0, fa.defUse().variables().size());
  }
}
