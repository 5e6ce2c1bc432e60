package org.mmreview.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.cparse.CParser;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.Rule;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;

/**
 * A rule that throws (an exception or an Error) on one function loses only that rule on that
 * function: the same rule still runs on the other functions, the other rules on all of them, and
 * the failure is reported as an internal failure naming the file and the function.
 */
class RuleFailureContainmentTest {

  /** Fails on every function whose name starts with {@code bad}, counts the others. */
  static final class FailingRule extends Rule {
    final List<String> seen = new ArrayList<>();
    private final Throwable failure;

    FailingRule(Throwable failure) {
      this.failure = failure;
    }

    @Override
    public void visit(Node node, RuleContext ctx) {
      FunctionDefinition fn = (FunctionDefinition) node;
      if (fn.name().startsWith("bad")) {
        sneakyThrow(failure);
      }
      seen.add(fn.name());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
      throw (T) t;
    }
  }

  /** A real fixture with findings, and one more function for the failing rule to trip on. */
  private static String source() {
    try {
      return "static long bad_one(unsigned long len)\n{\n\treturn len;\n}\n\n"
          + Files.readString(
              Path.of("fixtures/rules/bug-on-recoverable/fire_ioctl_argument_checks.c"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RuleEngine.Result run(Rule failing) {
    RuleCatalog catalog = RuleCatalog.load();
    RuleSet.Entry bugOn = RuleSet.only(catalog, List.of("bug-on-recoverable")).entries().get(0);
    List<RuleSet.Entry> entries = new ArrayList<>();
    if (failing != null) {
      entries.add(new RuleSet.Entry(bugOn.metadata(), failing));
    }
    entries.add(bugOn);
    ReviewPlanner planner = new ReviewPlanner(new CParser());
    return new RuleEngine(RuleSet.of(entries), true)
        .run(planner.wholeFile("mm/hostile.c", source()));
  }

  @Test
  void stackOverflowInOneFunctionKeepsTheOtherFunctionsAndRules() {
    RuleEngine.Result clean = run(null);
    assertTrue(clean.findings().size() >= 4, clean.findings().toString());
    FailingRule failing = new FailingRule(new StackOverflowError());
    RuleEngine.Result r = run(failing);
    assertTrue(
        failing.seen.size() >= 2 && !failing.seen.contains("bad_one"), failing.seen.toString());
    assertEquals(1, r.failures().size(), r.failures().toString());
    String f = r.failures().get(0);
    assertTrue(f.startsWith("mm/hostile.c:1: in bad_one: internal error: rule"), f);
    assertTrue(f.contains("StackOverflowError"), f);
    assertEquals(clean.findings(), r.findings());
    assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
  }

  @Test
  void runtimeExceptionIsContainedTheSameWay() {
    FailingRule failing = new FailingRule(new IllegalStateException("boom"));
    RuleEngine.Result r = run(failing);
    assertTrue(
        failing.seen.size() >= 2 && !failing.seen.contains("bad_one"), failing.seen.toString());
    assertEquals(1, r.failures().size());
    assertTrue(r.failures().get(0).contains("IllegalStateException: boom"), r.failures().get(0));
  }
}
