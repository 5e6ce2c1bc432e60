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
import org.mmreview.testing.ParsedC;

class CfgTest {
  static FunctionDefinition fn(String src) {
    return ParsedC.function(src);
  }

  static CallExpression call(Node scope, String name) {
    return scope.findFirst(CallExpression.class, c -> c.calleeName().orElse("").equals(name)).orElseThrow();
  }

  @Test
  void branchesAndEarlyReturn() {
    FunctionDefinition f = fn("""
        int f(int x)
        {
            a();
            if (x)
                return b();
            else
                c();
            d();
            return 0;
        }
        """);
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
    FunctionDefinition f = fn("""
        void f(void)
        {
            while (cond()) {
                if (x())
                    break;
                if (y())
                    continue;
                z();
            }
            after();
        }
        """);
    Cfg cfg = Cfg.of(f);
    assertTrue(cfg.pathExists(call(f, "z"), call(f, "x")), "back edge");
    assertTrue(cfg.pathExists(call(f, "z"), call(f, "z")), "z is in a loop");
    assertTrue(cfg.pathExists(call(f, "x"), call(f, "after")));
    assertTrue(cfg.pathExists(call(f, "y"), call(f, "cond")));
    assertFalse(cfg.pathExists(call(f, "after"), call(f, "cond")));
    assertTrue(cfg.pathExists(call(f, "x"), call(f, "after"), n -> n.text().contains("z()")), "break skips z");
  }

  @Test
  void doForAndMacroLoops() {
    FunctionDefinition f = fn("""
        void f(void)
        {
            do {
                a();
            } while (c1());
            for (i = 0; i < n; i++)
                b();
            for_each_vma(vmi, vma) {
                m();
            }
            end();
        }
        """);
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
    FunctionDefinition f = fn("""
        int f(int x)
        {
            switch (x) {
            case 1:
                one();
            case 2:
                two();
                break;
            case 3:
                return three();
            default:
                dflt();
            }
            after();
            return 0;
        }
        """);
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
    FunctionDefinition f = fn("""
        void f(int x)
        {
            switch (x) {
            case 1:
                one();
                break;
            }
            after();
        }
        """);
    Cfg cfg = Cfg.of(f);
    assertFalse(cfg.dominates(call(f, "one"), call(f, "after")));
    assertTrue(cfg.pathExists(call(f, "one"), call(f, "after")));
  }

  @Test
  void backwardAndForwardGotos() {
    FunctionDefinition f = fn("""
        int f(void)
        {
            int err;
        retry:
            err = move();
            if (err == -EAGAIN)
                goto retry;
            if (err)
                goto out;
            work();
        out:
            cleanup();
            return err;
        }
        """);
    Cfg cfg = Cfg.of(f);
    List<GotoStatement> back = cfg.backwardGotos();
    assertEquals(1, back.size());
    assertEquals("retry", back.get(0).label());
    assertTrue(cfg.pathExists(call(f, "move"), call(f, "move")), "retry loop");
    assertTrue(cfg.pathExists(back.get(0), call(f, "move")));
    assertTrue(cfg.pathExists(call(f, "move"), call(f, "cleanup"), n -> n.text().contains("work")), "goto out skips work");
    assertFalse(cfg.pathExists(call(f, "cleanup"), call(f, "work")));
    assertTrue(cfg.label("out").isPresent());
    assertTrue(cfg.reachableFrom(call(f, "work")).stream().anyMatch(n -> n.text().contains("cleanup")));
  }

  @Test
  void noReturnCallsEndThePath() {
    FunctionDefinition f = fn("""
        void f(int x)
        {
            if (x)
                BUG();
            after();
        }
        """);
    Cfg cfg = Cfg.of(f);
    assertFalse(cfg.pathExists(call(f, "BUG"), call(f, "after")));
    assertTrue(cfg.pointOf(call(f, "BUG")).orElseThrow().successors().contains(cfg.exit()));
  }

  @Test
  void unitAnalysisCachesPerFunction() {
    CompilationUnit cu = ParsedC.unit("""
        void f(void)
        {
            spin_lock(ptl);
            x();
            spin_unlock(ptl);
        }
        """);
    UnitAnalysis ua = new UnitAnalysis(cu);
    FunctionDefinition f = cu.functions().get(0);
    FunctionAnalysis fa = ua.enclosing(call(f, "x")).orElseThrow();
    assertTrue(fa == ua.of(f));
    assertTrue(fa.cfg() == fa.cfg());
    assertTrue(fa.locks().heldAt(call(f, "x"), "ptl"));
    assertEquals(0, fa.defUse().variables().size());
  }
}
