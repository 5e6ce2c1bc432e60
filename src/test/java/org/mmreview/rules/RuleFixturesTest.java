package org.mmreview.rules;

import org.mmreview.review.ReviewPlanner;
import org.mmreview.review.ReviewedFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchSource;
import org.mmreview.report.Finding;

/**
 * Runs every rule over its fixtures: a line marked {@code // expect: <id>} must carry that
 * rule's finding and every other line must stay silent. {@code .c} fixtures are reviewed whole;
 * {@code .patch} fixtures diff-aware, with markers and findings compared in patch-text lines.
 * Prints per-rule precision and recall; known gaps are printed, not failed.
 */
class RuleFixturesTest {
  private static final CParser PARSER = new CParser();
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
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          String n = f.getFileName().toString();
          if (n.endsWith(".c") || n.endsWith(".patch")) {
            tests.add(DynamicTest.dynamicTest(m.id() + "/" + n, () -> check(m, f)));
          }
        }
      }
    }
    return tests.stream();
  }

  private static void check(RuleMetadata m, Path fixture) throws IOException {
    // Every rule of the catalogue has its class; a missing one fails here, not silently.
    RuleSet.instantiate(m);
    FixtureMarkers markers = FixtureMarkers.read(fixture);
    TreeSet<Integer> expected = new TreeSet<>();
    TreeSet<Integer> gaps = new TreeSet<>();
    markers.expects().stream().filter(x -> x.id().equals(m.id())).forEach(x -> expected.add(x.line()));
    markers.knownGaps().stream().filter(x -> x.id().equals(m.id())).forEach(x -> gaps.add(x.line()));

    boolean patch = fixture.toString().endsWith(".patch");
    Review review = review(m, fixture);
    List<Finding> findings = review.findings();
    List<String> diagnostics = review.diagnostics();
    fixture = review.reviewed();
    assertEquals(List.of(), diagnostics, "rule or intake problems on " + fixture);

    TreeSet<Integer> actual = new TreeSet<>();
    for (Finding f : findings) {
      actual.add(patch ? f.patchLine().orElse(-f.location().line()) : f.location().line());
    }
    TreeSet<Integer> missing = new TreeSet<>(expected);
    missing.removeAll(actual);
    TreeSet<Integer> extra = new TreeSet<>(actual);
    extra.removeAll(expected);
    extra.removeAll(gaps);
    TreeSet<Integer> gapMissing = new TreeSet<>(gaps);
    gapMissing.removeAll(actual);
    for (int g : gapMissing) {
      GAPS.add(m.id() + ": " + fixture.getFileName() + ":" + g + " (known gap)");
    }
    int[] s = SCORES.computeIfAbsent(m.id(), k -> new int[3]);
    s[0] += expected.size() - missing.size();
    s[1] += extra.size();
    s[2] += missing.size();
    StringBuilder why = new StringBuilder();
    if (!missing.isEmpty()) {
      why.append("expected finding not reported on line(s) ").append(missing).append("; ");
    }
    if (!extra.isEmpty()) {
      why.append("unexpected finding on line(s) ").append(extra).append(": ");
      for (Finding f : findings) {
        int at = patch ? f.patchLine().orElse(-f.location().line()) : f.location().line();
        if (extra.contains(at)) {
          why.append("\n  ").append(at).append(": ").append(f.message());
        }
      }
    }
    // A marker that names a severity ("expect: id:error") pins the finding's severity too.
    for (FixtureMarkers.Marker x : markers.expects()) {
      if (!x.id().equals(m.id()) || x.severity().isEmpty()) {
        continue;
      }
      for (Finding f : findings) {
        int at = patch ? f.patchLine().orElse(-f.location().line()) : f.location().line();
        if (at == x.line() && !f.severity().label().equals(x.severity().get())) {
          why.append("line ").append(at).append(" is ").append(f.severity().label())
              .append(", expected ").append(x.severity().get()).append("; ");
        }
      }
    }
    assertTrue(why.length() == 0, fixture + ": " + why);
  }

  /** What one rule reported on one fixture (its markers blanked), and the problems met. */
  record Review(Path reviewed, List<Finding> findings, List<String> diagnostics) {}

  /**
   * Runs rule {@code m} alone over a fixture: a {@code .c} file reviewed whole, a {@code .patch}
   * diff-aware. Rules that read comments must not see the test's own markers: they are blanked
   * in place, keeping every offset, and the blanked copy is reviewed under the fixture's name.
   */
  static Review review(RuleMetadata m, Path fixture) throws IOException {
    RuleEngine engine = new RuleEngine(RuleSet.only(CATALOG, List.of(m.id())), false);
    ReviewPlanner planner = new ReviewPlanner(PARSER);
    List<Finding> findings = new ArrayList<>();
    List<String> diagnostics = new ArrayList<>();
    boolean patch = fixture.toString().endsWith(".patch");
    fixture = blankMarkers(fixture);
    if (patch) {
      PatchSource.Result read = PatchSource.read(PatchSource.Request.ofFiles(List.of(fixture)));
      read.diagnostics().forEach(d -> diagnostics.add(d.input() + ": " + d.reason()));
      assertTrue(!read.patches().isEmpty(), "fixture reads as no patch: " + diagnostics);
      for (Patch p : read.patches()) {
        for (ReviewedFile rf : planner.patch(p)) {
          RuleEngine.Result r = engine.run(rf);
          findings.addAll(r.findings());
          diagnostics.addAll(r.diagnostics());
          diagnostics.addAll(r.failures());
        }
      }
    } else {
      String text = Files.readString(fixture, StandardCharsets.UTF_8);
      RuleEngine.Result r = engine.run(planner.wholeFile(fixture.toString(), text));
      findings.addAll(r.findings());
      diagnostics.addAll(r.diagnostics());
      diagnostics.addAll(r.failures());
    }
    return new Review(fixture, findings, diagnostics);
  }

  private static final java.util.regex.Pattern MARKER =
      java.util.regex.Pattern.compile("(//\\s*(?:expect|known-gap):.*$)|(/\\*\\s*(?:expect|known-gap):.*?\\*/)",
          java.util.regex.Pattern.MULTILINE);

  static Path blankMarkers(Path fixture) throws IOException {
    String text = Files.readString(fixture, StandardCharsets.UTF_8);
    java.util.regex.Matcher m = MARKER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, " ".repeat(m.group().length()));
    }
    m.appendTail(out);
    Path dir = Files.createTempDirectory("mmreview-fixture");
    Path copy = dir.resolve(fixture.getFileName());
    Files.writeString(copy, out.toString(), StandardCharsets.UTF_8);
    return copy;
  }

  @AfterAll
  static void printScores() {
    StringBuilder b = new StringBuilder("rule fixtures: precision / recall per rule\n");
    SCORES.forEach(
        (id, s) -> {
          double p = s[0] + s[1] == 0 ? 1.0 : (double) s[0] / (s[0] + s[1]);
          double r = s[0] + s[2] == 0 ? 1.0 : (double) s[0] / (s[0] + s[2]);
          b.append(String.format("  %-28s precision %5.1f%%  recall %5.1f%%  (tp %d, fp %d, fn %d)%n",
              id, 100 * p, 100 * r, s[0], s[1], s[2]));
        });
    GAPS.forEach(g -> b.append("  ").append(g).append('\n'));
    System.out.print(b);
  }
}
