package org.mmreview.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.intake.DiffParser;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.IntakeDiagnostic;
import org.mmreview.intake.MessageClassifier;
import org.mmreview.intake.PatchSource;

/**
 * Diffs with mixed line ends and impossible hunk headers: clean results or a problem, never a
 * throw.
 */
class HostileDiffTest {
  @TempDir Path dir;

  private static final String DIFF =
      "diff --git a/mm/userfaultfd.c b/mm/userfaultfd.c\n"
          + "index 1111111..2222222 100644\n"
          + "--- a/mm/userfaultfd.c\n"
          + "+++ b/mm/userfaultfd.c\n"
          + "@@ -10,3 +10,3 @@ static int mfill(void)\n"
          + " \tint a;\n"
          + "-\tint b;\n"
          + "+\tlong b;\n"
          + " \tint c;\n";

  /** CRLF on the lines whose index is odd, LF on the others. */
  private static String mixedCrlf(String text) {
    String[] lines = text.split("\n", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length - 1; i++) {
      sb.append(lines[i]).append(i % 2 == 1 ? "\r\n" : "\n");
    }
    return sb.toString();
  }

  private PatchSource.Result readFile(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.write(f, content.getBytes(StandardCharsets.UTF_8));
    return PatchSource.read(PatchSource.Request.ofFiles(List.of(f)));
  }

  private static void assertClean(FileChange f) {
    assertEquals("mm/userfaultfd.c", f.path());
    assertEquals("mm/userfaultfd.c", f.oldPath());
    assertEquals(1, f.hunks().size());
    Hunk h = f.hunks().get(0);
    assertEquals("static int mfill(void)", h.sectionHeading());
    assertEquals(
        List.of("\tint a;", "\tint b;", "\tlong b;", "\tint c;"),
        h.lines().stream().map(HunkLine::text).toList());
  }

  @Test
  void mixedCrlfDiffFileReadsCleanPathsAndHunks() throws Exception {
    for (String text :
        List.of(
            mixedCrlf(DIFF),
            DIFF.replace("\n", "\r\n"),
            DIFF.replace("--- a/mm/userfaultfd.c\n", "--- a/mm/userfaultfd.c\r\n"))) {
      PatchSource.Result r = readFile("x.diff", text);
      assertEquals(List.of(), r.diagnostics());
      assertEquals(1, r.patches().size());
      assertEquals(1, r.patches().get(0).files().size());
      assertClean(r.patches().get(0).files().get(0));
    }
  }

  @Test
  void mixedCrlfMailReadsCleanPathsAndHunks() {
    String mail =
        "From: Jane <jane@example.org>\n"
            + "Subject: [PATCH] mm/userfaultfd: widen b\n"
            + "Message-ID: <crlf@example.org>\n"
            + "\n"
            + "Widen b.\n"
            + "\n"
            + "Signed-off-by: Jane <jane@example.org>\n"
            + "---\n"
            + DIFF;
    InboxMessage m =
        MessageClassifier.read("crlf.eml", mixedCrlf(mail).getBytes(StandardCharsets.UTF_8));
    assertEquals(InboxMessage.Category.PATCH, m.category(), m.detail());
    assertClean(m.patch().orElseThrow().files().get(0));
    assertFalse(m.patch().orElseThrow().metadata().commitMessage().contains("\r"));
  }

  @Test
  void carriageReturnOnGitHeaderLinesIsNotPartOfThePath() {
    DiffParser.Result r =
        DiffParser.parse(DIFF.replace("b/mm/userfaultfd.c\n", "b/mm/userfaultfd.c\r\n"));
    assertTrue(r.ok(), r.problems().toString());
    assertClean(r.files().get(0));
  }

  @Test
  void hunkStartTooLargeForAnIntIsAProblem() throws Exception {
    String text = DIFF.replace("@@ -10,3 +10,3 @@", "@@ -99999999999,3 +10,3 @@");
    DiffParser.Result r = DiffParser.parse(text);
    assertFalse(r.ok());
    assertTrue(r.problems().get(0).contains("hunk header out of range"), r.problems().toString());

    PatchSource.Result read = readFile("big.diff", text);
    assertEquals(0, read.patches().size());
    assertEquals(1, read.diagnostics().size());
    IntakeDiagnostic d = read.diagnostics().get(0);
    assertTrue(d.input().endsWith("big.diff"));
    assertTrue(d.reason().startsWith("malformed diff: "), d.reason());
    assertTrue(d.reason().contains("hunk header out of range"), d.reason());
  }

  @Test
  void hunkLinesNearIntMaxAreAProblemNotAnOverflow() {
    for (String header :
        List.of(
            "@@ -2147483640,3 +2147483640,3 @@",
            "@@ -1,3 +2147483647,3 @@",
            "@@ -10000000,3 +10,3 @@",
            "@@ -10,3 +10,99999999999999999999 @@",
            "@@ -9999999,3 +9999999,3 @@")) {
      DiffParser.Result r = DiffParser.parse(DIFF.replace("@@ -10,3 +10,3 @@", header));
      assertFalse(r.ok(), header);
      assertTrue(
          r.problems().get(0).contains("hunk header out of range"), header + ": " + r.problems());
    }
    DiffParser.Result fine =
        DiffParser.parse(DIFF.replace("@@ -10,3 +10,3 @@", "@@ -9999990,3 +9999990,3 @@"));
    assertTrue(fine.ok(), fine.problems().toString());
  }

  @Test
  void outOfRangeHunkInAMailIsAMalformedDiffSkip() {
    String mail =
        "From: Jane <jane@example.org>\n"
            + "Subject: [PATCH] mm: x\n"
            + "Message-ID: <range@example.org>\n"
            + "\n"
            + "x\n"
            + "---\n"
            + DIFF.replace("@@ -10,3 +10,3 @@", "@@ -99999999999 +10,3 @@");
    InboxMessage m = MessageClassifier.read("range.eml", mail.getBytes(StandardCharsets.UTF_8));
    assertEquals(InboxMessage.SkipReason.MALFORMED_DIFF, m.reason().orElseThrow());
    assertTrue(m.detail().contains("hunk header out of range"), m.detail());
  }
}
