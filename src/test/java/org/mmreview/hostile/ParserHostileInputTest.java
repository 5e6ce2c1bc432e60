package org.mmreview.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.Comment;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.ErrorStatement;
import org.mmreview.cparse.CParser;
import org.mmreview.cparse.ParseResult;
import org.mmreview.intake.DiffParser;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.LineMap;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchMetadata;
import org.mmreview.report.Finding;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;

/**
 * Patches whose hunks the parser cannot take as they are. Each hostile hunk sits between normal
 * hunks and files that must keep their findings, and must cost a one-line diagnostic naming the
 * file, the hunk and the reason, never silence.
 */
class ParserHostileInputTest {
  private static final RuleCatalog CATALOG = RuleCatalog.load();

  /**
   * A hunk adding a single-letter folio pointer: terse-identifier fires on line {@code start + 2}.
   */
  private static String normalHunk(int start) {
    return hunk(
        start,
        " static int g(struct folio *folio)",
        " {",
        "+\tstruct folio *f = folio;",
        " \tint err;");
  }

  /** A hunk with counts computed from its lines' prefixes. */
  private static String hunk(int start, String... lines) {
    int old = 0;
    int added = 0;
    for (String l : lines) {
      old += l.startsWith("+") ? 0 : 1;
      added += l.startsWith("-") ? 0 : 1;
    }
    return "@@ -"
        + start
        + ","
        + old
        + " +"
        + start
        + ","
        + added
        + " @@\n"
        + String.join("\n", lines)
        + "\n";
  }

  private static String file(String path, String... hunks) {
    return "diff --git a/"
        + path
        + " b/"
        + path
        + "\n--- a/"
        + path
        + "\n+++ b/"
        + path
        + "\n"
        + String.join("", hunks);
  }

  private record Review(
      List<Finding> findings,
      List<String> diagnostics,
      List<String> failures,
      List<String> notes) {}

  private static Review review(String diff) {
    return review(diff, 0, 0);
  }

  /**
   * Reviews {@code diff}, with the hunks starting at line {@code from} moved to {@code to}: the
   * planner's own guard is tested with numbers intake would already refuse in a diff.
   */
  private static Review review(String diff, int from, int to) {
    DiffParser.Result parsed = DiffParser.parse(diff);
    assertEquals(List.of(), parsed.problems());
    List<FileChange> files = new ArrayList<>();
    for (FileChange fc : parsed.files()) {
      List<Hunk> hunks = new ArrayList<>();
      for (Hunk h : fc.hunks()) {
        hunks.add(
            h.oldStart() != from || from == 0
                ? h
                : new Hunk(
                    to,
                    h.oldCount(),
                    to,
                    h.newCount(),
                    h.sectionHeading(),
                    h.lines(),
                    h.patchLine()));
      }
      files.add(
          new FileChange(
              fc.oldPath(),
              fc.newPath(),
              fc.changeType(),
              fc.binary(),
              hunks,
              LineMap.of(hunks),
              fc.preImage(),
              fc.postImage(),
              fc.applied(),
              fc.oldMode(),
              fc.newMode()));
    }
    Patch patch = new Patch(PatchMetadata.none(), files, "hostile.patch", diff);
    ReviewPlanner planner = new ReviewPlanner(new CParser());
    RuleEngine engine = new RuleEngine(RuleSet.everything(CATALOG), false);
    return assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          List<Finding> findings = new ArrayList<>();
          List<String> diagnostics = new ArrayList<>();
          List<String> failures = new ArrayList<>();
          List<String> notes = new ArrayList<>();
          for (ReviewedFile rf : planner.patch(patch)) {
            RuleEngine.Result r = engine.run(rf);
            findings.addAll(r.findings());
            diagnostics.addAll(r.diagnostics());
            failures.addAll(r.failures());
            notes.addAll(r.notes());
          }
          return new Review(findings, diagnostics, failures, notes);
        });
  }

  /** The normal hunks' findings: {@code path:line} of every terse-identifier finding. */
  private static List<String> terseFindings(Review r) {
    return r.findings().stream()
        .filter(f -> f.ruleId().equals("terse-identifier"))
        .map(f -> f.location().file() + ":" + f.location().line())
        .toList();
  }

  /** A hostile hunk between two normal ones in mm/a.c, then a normal mm/b.c. */
  private static Review reviewBetweenNormal(String hostileHunk) {
    return review(
        file("mm/a.c", normalHunk(10), hostileHunk, normalHunk(900))
            + file("mm/b.c", normalHunk(20)));
  }

  private static void assertOthersReviewed(Review r) {
    assertEquals(List.of(), r.failures());
    assertEquals(List.of("mm/a.c:12", "mm/a.c:902", "mm/b.c:22"), terseFindings(r));
  }

  @Test
  void bracketsNestedPastTheLimit() {
    String deep = "+\tx = " + "(".repeat(300) + "1" + ")".repeat(300) + ";";
    Review r = reviewBetweenNormal(hunk(100, " {", deep, "+\tstruct folio *g = folio;", " }"));
    assertOthersReviewed(r);
    // The statement sits inside the hunk's braces, so the hunk is one piece and goes whole.
    assertEquals(
        List.of(
            "mm/a.c:100: hunk @@ -100,2 +100,4 @@ (hostile.patch): input too deep (nesting 301 > 256); lines 100-103 not reviewed"),
        r.diagnostics());
  }

  @Test
  void lineLongerThanTheLimit() {
    String longLine = "+\tx = " + "a + ".repeat(20_000) + "1;";
    Review r = reviewBetweenNormal(hunk(100, " {", longLine, " }"));
    assertOthersReviewed(r);
    assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
    assertTrue(
        r.diagnostics()
            .get(0)
            .startsWith(
                "mm/a.c:100: hunk @@ -100,2 +100,3 @@ (hostile.patch): line 2 too long (80007 characters; limit 65536); lines 100-102 not reviewed"),
        r.diagnostics().get(0));
  }

  @Test
  void nulByte() {
    Review r = reviewBetweenNormal(hunk(100, " {", "+\tx = 1;\0", " }"));
    assertOthersReviewed(r);
    assertEquals(
        List.of(
            "mm/a.c:100: hunk @@ -100,2 +100,3 @@ (hostile.patch): binary data (NUL byte at offset 9); lines 100-102 not reviewed"),
        r.diagnostics());
  }

  @Test
  void hunkStartingNearTheLargestInt() {
    int start = Integer.MAX_VALUE - 2;
    String hostile = hunk(5000, " {", "+\tstruct folio *g = folio;", " \tint err;", " }");
    Review r =
        review(
            file("mm/a.c", normalHunk(10), hostile, normalHunk(900))
                + file("mm/b.c", normalHunk(20)),
            5000,
            start);
    assertOthersReviewed(r);
    // Both sides, since a rule asked for the pre-image.
    assertEquals(
        List.of(
            "mm/a.c: hunk @@ -2147483645,3 +2147483645,4 @@ (hostile.patch): line numbers out of range"
                + " (lines 2147483645 to 2147483649; limit 100000000); hunk not reviewed",
            "mm/a.c: hunk @@ -2147483645,3 +2147483645,4 @@, before the patch (hostile.patch): line numbers out of range"
                + " (lines 2147483645 to 2147483648; limit 100000000); hunk not reviewed"),
        r.diagnostics());
    assertTrue(
        r.findings().stream().allMatch(f -> f.location().line() > 0), r.findings().toString());
  }

  @Test
  void sumOfFiveThousandTermsInAHunk() {
    // Inside the hunk's braces with a normal statement: the long statement goes, the other stays.
    String sum = "+\tnr = " + "a + ".repeat(5_000) + "1;";
    Review r = reviewBetweenNormal(hunk(100, " {", sum, "+\tstruct folio *g = folio;", " }"));
    assertOthersReviewed(r);
    assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
    assertTrue(
        r.diagnostics()
            .get(0)
            .startsWith("mm/a.c:100: hunk @@ -100,2 +100,4 @@ (hostile.patch): input too deep ("),
        r.diagnostics().get(0));
  }

  @Test
  void elseIfChainInAHunkIsNotDroppedInSilence() {
    // A hunk in a function's middle: cut at each ';' the else branches would be mere syntax errors.
    List<String> lines =
        new ArrayList<>(List.of(" \tint nr = 0;", "+\tif (!folio)", "+\t\treturn -EINVAL;"));
    for (int i = 0; i < 600; i++) {
      lines.add("+\telse if (folio_test_anon(folio))");
      lines.add("+\t\tnr++;");
    }
    lines.add(" \treturn nr;");
    Review r = reviewBetweenNormal(hunk(100, lines.toArray(String[]::new)));
    assertOthersReviewed(r);
    // The leading "if" parses alone; the else branches from line 103 on are what goes.
    assertEquals(
        List.of(
            "mm/a.c:103: hunk @@ -100,2 +100,1204 @@ (hostile.patch): input too deep (tree depth 604 > 300);"
                + " lines 103-1302 not reviewed"),
        r.diagnostics());
  }

  // ---- unterminated comments ----------------------------------------------------------

  /** Items of a parse that failed: there must be none when a comment is read right. */
  private static List<Node> errorItems(ParseResult r) {
    return r.unit().stream()
        .filter(n -> n instanceof ErrorNode || n instanceof ErrorStatement)
        .toList();
  }

  @Test
  void hunkEndingInsideACommentReadsTheRestAsThatComment() {
    // The hunk's context ends in the middle of a kernel-doc block: normal in a patch.
    String[] lines = {
      " static int h(struct folio *folio)",
      " {",
      "+\tstruct folio *f = folio;",
      " \treturn 0;",
      " }",
      " ",
      "+/**",
      "+ * g_next() - the next folio",
      "+ *"
    };
    Review r = reviewBetweenNormal(hunk(100, lines));
    assertEquals(List.of(), r.failures());
    assertEquals(List.of("mm/a.c:12", "mm/a.c:102", "mm/a.c:902", "mm/b.c:22"), terseFindings(r));
    assertEquals(List.of(), r.diagnostics());

    ParseResult p = new CParser().parseFragment("mm/a.c", side(lines), 100);
    assertEquals(List.of(), p.problems());
    assertEquals(List.of(), errorItems(p));
    assertEquals(
        List.of("/**\n * g_next() - the next folio\n *"),
        p.unit().comments().stream().map(Comment::text).toList());
  }

  private static final String WHOLE_FUNCTION =
      "static int h(struct folio *folio)\n{\n\tstruct folio *f = folio;\n\treturn 0;\n}\n";

  @Test
  void hunkEndingInsideACommentAfterADirectiveReadsTheRestAsThatComment() {
    String text =
        WHOLE_FUNCTION + "\n#define FOLIO_BATCH 16\t/* folios taken at once,\n\t\t\t\t * at most\n";
    ParseResult p = new CParser().parseFragment("mm/a.c", text, 100);
    assertEquals(List.of(), p.problems());
    assertEquals(List.of(), errorItems(p));
    assertEquals(
        List.of("/* folios taken at once,\n\t\t\t\t * at most"),
        p.unit().comments().stream().map(Comment::text).toList());
    assertEquals(
        List.of("#define FOLIO_BATCH 16"),
        p.unit().findAll(PreprocessorLine.class).stream().map(d -> d.text().strip()).toList());
  }

  @Test
  void hunkStartingInsideACommentParsesTheCodeAfterIt() {
    String[] lines = {
      "  * the caller holds the folio lock.",
      "  */",
      " static int h(struct folio *folio)",
      " {",
      "+\tstruct folio *f = folio;",
      " \treturn 0;",
      " }"
    };
    Review r = reviewBetweenNormal(hunk(100, lines));
    assertEquals(List.of(), r.failures());
    assertEquals(List.of("mm/a.c:12", "mm/a.c:104", "mm/a.c:902", "mm/b.c:22"), terseFindings(r));
    assertEquals(List.of(), r.diagnostics());

    ParseResult p = new CParser().parseFragment("mm/a.c", side(lines), 100);
    assertEquals(List.of(), p.problems());
    assertEquals(List.of(), errorItems(p));
    assertEquals(
        List.of("h"),
        p.unit().findAll(FunctionDefinition.class).stream().map(FunctionDefinition::name).toList());
    // The tail of the comment is the comment above the function.
    assertEquals(
        Optional.of("the caller holds the folio lock."),
        p.unit().commentAbove(102).map(Comment::content));
  }

  @Test
  void unterminatedCommentMidHunkEndsOnItsLineAndIsReported() {
    String[] lines = {
      " static int h(struct folio *folio)",
      " {",
      "+\t/* a folio of our own",
      "+\tstruct folio *f = folio;",
      " \treturn 0;",
      " }"
    };
    Review r = reviewBetweenNormal(hunk(100, lines));
    assertEquals(List.of(), r.failures());
    assertEquals(List.of("mm/a.c:12", "mm/a.c:103", "mm/a.c:902", "mm/b.c:22"), terseFindings(r));
    assertEquals(
        List.of(
            "mm/a.c:102: hunk @@ -100,4 +100,6 @@ (hostile.patch): unterminated comment;"
                + " read as ending on line 102, and lines 103-105 reviewed as code"),
        r.notes());
    assertEquals(
        List.of(), r.diagnostics(), "read with a stated guess: a note, not an input error");
  }

  @Test
  void unterminatedCommentInADirectiveMidHunkEndsWithItsLineAndIsReported() {
    String[] lines = {
      "+#define FOLIO_BATCH 16\t/* folios taken at once",
      " static int h(struct folio *folio)",
      " {",
      "+\tstruct folio *f = folio;",
      " \treturn 0;",
      " }"
    };
    Review r = reviewBetweenNormal(hunk(100, lines));
    assertEquals(List.of(), r.failures());
    assertEquals(List.of("mm/a.c:12", "mm/a.c:103", "mm/a.c:902", "mm/b.c:22"), terseFindings(r));
    assertEquals(
        List.of(
            "mm/a.c:100: hunk @@ -100,4 +100,6 @@ (hostile.patch): unterminated comment;"
                + " read as ending on line 100, and lines 101-105 reviewed as code"),
        r.notes());
  }

  /**
   * Lines 1-11: a fill-path NULL test of uffd ops, which uffd-ops-null-check finds on line 8 of a
   * whole file.
   */
  private static final String UFFD_FILL =
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

  @Test
  void unterminatedCommentInAWholeFileEndsOnItsLineAndIsReported() {
    // Line 13 the comment, lines 14-24 the same functions again.
    String text = UFFD_FILL + "\n/* the second copy\n" + UFFD_FILL;
    RuleEngine.Result r = reviewWholeFile("mm/a.c", text);
    assertEquals(List.of(), r.failures());
    assertEquals(List.of(8, 21), findingLines(r, "uffd-ops-null-check"));
    assertEquals(
        List.of(
            "mm/a.c:13: unterminated comment; read as ending on line 13, and lines 14-24 reviewed as code"),
        r.notes());
  }

  @Test
  void wholeFileEndingInsideACommentIsReported() {
    String text = UFFD_FILL + "\n/**\n * more to come\n";
    RuleEngine.Result r = reviewWholeFile("mm/a.c", text);
    assertEquals(List.of(), r.failures());
    assertEquals(List.of(8), findingLines(r, "uffd-ops-null-check"));
    assertEquals(
        List.of("mm/a.c:13: unterminated comment; read as running to the end of the file"),
        r.notes());
  }

  /** The text of one side of a hunk: its context and added lines, without their prefixes. */
  private static String side(String... lines) {
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      if (!l.startsWith("-")) {
        b.append(l.substring(1)).append('\n');
      }
    }
    return b.toString();
  }

  private static RuleEngine.Result reviewWholeFile(String path, String text) {
    ReviewPlanner planner = new ReviewPlanner(new CParser());
    RuleEngine engine = new RuleEngine(RuleSet.everything(CATALOG), true);
    return assertTimeoutPreemptively(
        Duration.ofSeconds(30), () -> engine.run(planner.wholeFile(path, text)));
  }

  private static List<Integer> findingLines(RuleEngine.Result r, String rule) {
    return r.findings().stream()
        .filter(f -> f.ruleId().equals(rule))
        .map(f -> f.location().line())
        .toList();
  }
}
