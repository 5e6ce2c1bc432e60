package org.mmreview.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.cparse.CParser;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.review.ReviewedFile;

/** Facts are computed once per file (or unit) and shared by every rule's context. */
class FactTest {
  private static final ReviewedFile FILE =
      new ReviewPlanner(new CParser())
          .wholeFile("a.c", "int f(void) { return 1; }\nint g(void) { return 2; }\n");

  private static RuleContext context(Map<Object, Object> memo) {
    RuleMetadata meta = RuleCatalog.load().rules().get(0);
    return new RuleContext(meta, FILE, memo);
  }

  @Test
  void aPerFileFactIsComputedOnceForAllRules() {
    AtomicInteger runs = new AtomicInteger();
    Fact<Integer> units =
        Fact.perFile(
            ctx -> {
              runs.incrementAndGet();
              return ctx.file().units().size();
            });
    Map<Object, Object> memo = new HashMap<>();
    assertEquals(1, context(memo).get(units));
    assertEquals(1, context(memo).get(units));
    assertEquals(1, runs.get());
  }

  @Test
  void aPerUnitFactIsKeptPerUnitAndMayAskForOtherFacts() {
    AtomicInteger runs = new AtomicInteger();
    Fact<String> names =
        Fact.perUnit(
            u -> {
              runs.incrementAndGet();
              return String.join(
                  ",", u.unit().functions().stream().map(FunctionDefinition::name).toList());
            });
    Map<Object, Object> memo = new HashMap<>();
    CompilationUnit unit = FILE.units().get(0);
    FunctionDefinition g = unit.functions().get(1);
    assertEquals("f,g", context(memo).get(names, g));
    assertEquals("f,g", context(memo).get(names, unit));
    assertEquals(1, runs.get());
    assertSame(context(memo).unitAnalysis(g), context(memo).unitAnalysis(unit));
  }

  @Test
  void aPerUnitFactNeedsItsNode() {
    Fact<Integer> one = Fact.perUnit(u -> 1);
    assertThrows(IllegalArgumentException.class, () -> context(new HashMap<>()).get(one));
  }
}
