package org.mmreview.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.BaseTree;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchSource;
import org.mmreview.report.Finding;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.review.ReviewedFile;

/**
 * Runs one rule, through the real {@link CParser} and {@link RuleEngine}, over C or patch text
 * carrying its expectations inline, and compares, as Error Prone's {@code CompilationTestHelper}
 * does:
 *
 * <pre>{@code
 * RuleTestHelper.forRule("bug-on-recoverable")
 *     .addSource("mm/x.c", """
 *         int f(struct uffdio_copy *uc)
 *         {
 *             BUG_ON(uc->len == 0); // expect: bug-on-recoverable "WARN_ON_ONCE"
 *             return 0;
 *         }
 *         """)
 *     .doTest();
 * }</pre>
 *
 * A {@code .c} source is reviewed whole. A patch is reviewed diff-aware: hunk by hunk, or, when
 * {@link #withBase} gave the pre-image of its files, as whole post-image files; its markers sit on
 * added lines and are compared in patch-text lines. The test fails on a missing finding, an extra
 * finding, a finding on the wrong line, or one whose severity or message is not the one the marker
 * names; {@code // known-gap:} lines are reported, not failed. See {@link FixtureMarkers} for the
 * marker syntax.
 */
public final class RuleTestHelper {
  private static final CParser PARSER = new CParser();
  private static final RuleCatalog CATALOG = RuleCatalog.load();

  private record Input(String name, String text, boolean patch) {}

  private final String ruleId;
  private final List<Input> inputs = new ArrayList<>();
  private final Map<String, String> bases = new LinkedHashMap<>();

  private RuleTestHelper(String ruleId) {
    this.ruleId = ruleId;
  }

  /** A helper for the rule {@code id} of the catalogue, run alone. */
  public static RuleTestHelper forRule(String id) {
    if (!CATALOG.contains(id)) {
      throw new IllegalArgumentException("no rule '" + id + "' in rules/");
    }
    return new RuleTestHelper(id);
  }

  /** A C file reviewed whole, under {@code path}. */
  public RuleTestHelper addSource(String path, String text) {
    inputs.add(new Input(path, text, false));
    return this;
  }

  /** A patch (a plain diff or a mail) reviewed diff-aware. */
  public RuleTestHelper addPatch(String text) {
    return addPatch("test-" + inputs.size() + ".patch", text);
  }

  /** A patch read as the file {@code name}. */
  public RuleTestHelper addPatch(String name, String text) {
    inputs.add(new Input(name, text, true));
    return this;
  }

  /**
   * The pre-image of {@code path}, to which the patches are applied so the rule sees whole
   * post-image files, as with {@code --tree}. A patch that does not apply fails the test.
   */
  public RuleTestHelper withBase(String path, String text) {
    bases.put(path, text);
    return this;
  }

  /** A fixture file: a {@code .c} source or a {@code .patch}. */
  public RuleTestHelper addFixture(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String name = file.getFileName().toString();
      return name.endsWith(".patch") ? addPatch(name, text) : addSource(file.toString(), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs and fails with every difference between the markers and the findings. */
  public void doTest() {
    Outcome o = run();
    if (!o.gaps().isEmpty()) {
      System.out.println(String.join("\n", o.gaps()));
    }
    if (!o.passed()) {
      throw new AssertionError(o.failureReport());
    }
  }

  /**
   * What the rule reported against what the markers expect.
   *
   * @param expectedFound marked lines that carry the finding (per input)
   * @param unexpectedLines lines with a finding but no marker
   * @param missingLines marked lines without the finding
   * @param problems every failure, one line each (missing, extra, wrong severity or message,
   *     diagnostics of the input or of the rule)
   * @param gaps known gaps still open, for the record
   */
  public record Outcome(
      String ruleId,
      int expectedFound,
      int unexpectedLines,
      int missingLines,
      List<String> problems,
      List<String> gaps,
      List<Finding> findings,
      List<String> diagnostics) {
    public boolean passed() {
      return problems.isEmpty();
    }

    String failureReport() {
      return ruleId + ":\n  " + String.join("\n  ", problems);
    }
  }

  /** Runs the rule over every input; never throws for a difference, only reports it. */
  public Outcome run() {
    RuleEngine engine = new RuleEngine(RuleSet.only(CATALOG, List.of(ruleId)), false);
    ReviewPlanner planner = new ReviewPlanner(PARSER);
    List<String> problems = new ArrayList<>();
    List<String> gaps = new ArrayList<>();
    List<Finding> allFindings = new ArrayList<>();
    List<String> allDiagnostics = new ArrayList<>();
    int found = 0;
    int unexpected = 0;
    int missing = 0;
    for (Input in : inputs) {
      List<Finding> findings = new ArrayList<>();
      List<String> diagnostics = new ArrayList<>();
      String reviewed = FixtureMarkers.blank(in.text());
      if (in.patch()) {
        // As PatchReviewer does: the rules see what every file of the patch adds, and, as
        // SeriesReviewer does, what the patches of the file before it added (a series).
        SeriesContext added = SeriesContext.NONE;
        for (NamedFiles patch : patchFiles(planner, in.name(), reviewed, diagnostics)) {
          added = added.with(patch.files(), patch.name());
          for (ReviewedFile rf : patch.files()) {
            collect(engine.run(rf, added), findings, diagnostics);
          }
        }
      } else {
        collect(engine.run(planner.wholeFile(in.name(), reviewed)), findings, diagnostics);
      }
      diagnostics.forEach(d -> problems.add(in.name() + ": rule or input problem: " + d));
      allFindings.addAll(findings);
      allDiagnostics.addAll(diagnostics);

      FixtureMarkers markers = FixtureMarkers.parse(in.text());
      TreeMap<Integer, List<FixtureMarkers.Marker>> expected = new TreeMap<>();
      markers.expects().stream()
          .filter(m -> m.id().equals(ruleId))
          .forEach(m -> expected.computeIfAbsent(m.line(), k -> new ArrayList<>()).add(m));
      TreeSet<Integer> gapLines = new TreeSet<>();
      markers.knownGaps().stream()
          .filter(m -> m.id().equals(ruleId))
          .forEach(m -> gapLines.add(m.line()));
      TreeMap<Integer, List<Finding>> actual = new TreeMap<>();
      for (Finding f : findings) {
        actual.computeIfAbsent(line(f, in.patch()), k -> new ArrayList<>()).add(f);
      }

      for (var e : expected.entrySet()) {
        List<Finding> at = actual.getOrDefault(e.getKey(), List.of());
        if (at.isEmpty()) {
          missing++;
          problems.add(
              where(in, e.getKey())
                  + ": expected finding not reported"
                  + e.getValue().stream()
                      .flatMap(m -> m.messagePart().stream())
                      .map(p -> " \"" + p + "\"")
                      .reduce("", String::concat)
                  + nearby(actual, e.getKey()));
          continue;
        }
        found++;
        for (FixtureMarkers.Marker m : e.getValue()) {
          if (at.stream().noneMatch(f -> matches(m, f))) {
            problems.add(
                where(in, e.getKey())
                    + ": no finding as marked ("
                    + describe(m)
                    + "); reported: "
                    + describeAll(at));
          }
        }
        for (Finding f : at) {
          if (e.getValue().stream().noneMatch(m -> matches(m, f))) {
            problems.add(where(in, e.getKey()) + ": finding not as marked: " + describe(f));
          }
        }
      }
      for (var e : actual.entrySet()) {
        if (!expected.containsKey(e.getKey()) && !gapLines.contains(e.getKey())) {
          unexpected++;
          String at =
              e.getKey() < 0
                  ? in.name() + ": post-image line " + -e.getKey() + " (outside the patch text)"
                  : where(in, e.getKey());
          problems.add(at + ": unexpected finding: " + describeAll(e.getValue()));
        }
      }
      for (int g : gapLines) {
        if (!actual.containsKey(g)) {
          gaps.add(ruleId + ": " + Path.of(in.name()).getFileName() + ":" + g + " (known gap)");
        }
      }
    }
    return new Outcome(
        ruleId, found, unexpected, missing, problems, gaps, allFindings, allDiagnostics);
  }

  private static void collect(
      RuleEngine.Result r, List<Finding> findings, List<String> diagnostics) {
    findings.addAll(r.findings());
    diagnostics.addAll(r.diagnostics());
    diagnostics.addAll(r.failures());
  }

  /** One patch of a fixture's text: how a series names it, and its files. */
  private record NamedFiles(String name, List<ReviewedFile> files) {}

  /**
   * The files of each patch of a patch text (one, or a series as an mbox), as the planner hands
   * them to the rules, on the bases if given.
   */
  private List<NamedFiles> patchFiles(
      ReviewPlanner planner, String name, String text, List<String> diagnostics) {
    PatchSource.Result read;
    try {
      Path dir = Files.createTempDirectory("mmreview-rule-test");
      Path file = dir.resolve(name);
      Files.writeString(file, text, StandardCharsets.UTF_8);
      read = PatchSource.read(PatchSource.Request.ofFiles(List.of(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    read.diagnostics().forEach(d -> diagnostics.add(d.reason()));
    if (read.patches().isEmpty()) {
      diagnostics.add("reads as no patch");
    }
    BaseTree base = new BaseTree("the test's base", path -> Optional.ofNullable(bases.get(path)));
    List<NamedFiles> out = new ArrayList<>();
    for (Patch p : read.patches()) {
      if (!bases.isEmpty()) {
        BaseTree.Applied applied = base.apply(p);
        applied.diagnostics().forEach(d -> diagnostics.add(d.reason()));
        p = applied.patch();
      }
      String number = (out.size() + 1) + "/" + read.patches().size();
      out.add(new NamedFiles(number + " \"" + p.metadata().title() + "\"", planner.patch(p)));
    }
    return out;
  }

  /** The line a finding is compared on: the patch-text line, or minus the post-image line. */
  private static int line(Finding f, boolean patch) {
    return patch ? f.patchLine().orElse(-f.location().line()) : f.location().line();
  }

  private static boolean matches(FixtureMarkers.Marker m, Finding f) {
    return m.severity().map(s -> s.equals(f.severity().label())).orElse(true)
        && m.messagePart().map(p -> f.message().contains(p)).orElse(true);
  }

  private static String where(Input in, int line) {
    return in.name() + ":" + line;
  }

  /** Findings on other lines, when the expected one is missing: a wrong line shows as such. */
  private static String nearby(TreeMap<Integer, List<Finding>> actual, int line) {
    List<Integer> others = actual.keySet().stream().filter(l -> Math.abs(l - line) <= 3).toList();
    return others.isEmpty() ? "" : " (findings on line(s) " + others + ")";
  }

  private static String describe(FixtureMarkers.Marker m) {
    return m.id()
        + m.severity().map(s -> ":" + s).orElse("")
        + m.messagePart().map(p -> " \"" + p + "\"").orElse("");
  }

  private static String describe(Finding f) {
    return f.severity().label() + " \"" + f.message() + "\"";
  }

  private static String describeAll(List<Finding> fs) {
    return String.join("; ", fs.stream().map(RuleTestHelper::describe).toList());
  }
}
