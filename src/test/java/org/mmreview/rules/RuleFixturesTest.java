package org.mmreview.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every rule over its fixtures with {@link RuleTestHelper}: a line marked {@code // expect:
 * <id>} must carry that rule's finding (of the severity and with the message part the marker names,
 * if it names them) and every other line must stay silent. {@code .c} fixtures are reviewed whole;
 * {@code .patch} fixtures diff-aware, with markers and findings compared in patch-text lines.
 * Prints per-rule precision and recall; known gaps are printed, not failed.
 */
class RuleFixturesTest {
  private static final RuleCatalog CATALOG = RuleCatalog.load();
  private static final Map<String, int[]> SCORES = new TreeMap<>(); // tp, fp, fn
  private static final List<String> GAPS = new ArrayList<>();

  static Path fixtureRoot() {
    return RuleCatalogTest.root().resolve("fixtures/rules");
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureOfEveryRule() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (RuleMetadata m : CATALOG.rules()) {
      Path dir = fixtureRoot().resolve(m.id());
      if (!Files.isDirectory(dir)) {
        continue; // RuleCatalogTest fails on a rule without fixtures.
      }
      for (Path f : RuleMetadataValidationTest.fixtureFiles(dir)) {
        tests.add(DynamicTest.dynamicTest(m.id() + "/" + f.getFileName(), () -> check(m, f)));
      }
    }
    return tests.stream();
  }

  private static void check(RuleMetadata m, Path fixture) {
    // Every rule of the catalogue has its class; a missing one fails here, not silently.
    RuleSet.instantiate(m);
    RuleTestHelper.Outcome o = RuleTestHelper.forRule(m.id()).addFixture(fixture).run();
    synchronized (SCORES) {
      int[] s = SCORES.computeIfAbsent(m.id(), k -> new int[3]);
      s[0] += o.expectedFound();
      s[1] += o.unexpectedLines();
      s[2] += o.missingLines();
      GAPS.addAll(o.gaps());
    }
    assertTrue(o.passed(), o.failureReport());
  }

  @AfterAll
  static void printScores() {
    StringBuilder b = new StringBuilder("rule fixtures: precision / recall per rule\n");
    SCORES.forEach(
        (id, s) -> {
          double p = s[0] + s[1] == 0 ? 1.0 : (double) s[0] / (s[0] + s[1]);
          double r = s[0] + s[2] == 0 ? 1.0 : (double) s[0] / (s[0] + s[2]);
          b.append(
              String.format(
                  "  %-28s precision %5.1f%%  recall %5.1f%%  (tp %d, fp %d, fn %d)%n",
                  id, 100 * p, 100 * r, s[0], s[1], s[2]));
        });
    GAPS.forEach(g -> b.append("  ").append(g).append('\n'));
    System.out.print(b);
  }
}
