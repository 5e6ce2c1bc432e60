package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -} for standard input, {@code --output}, {@code --quiet} and {@code --color}. */
class CheckOutputOptionsTest {
  private static final Path ROOT =
      Path.of(System.getProperty("mmreview.root", ".")).toAbsolutePath();

  /**
   * A patch mail with three warnings of one rule, hunk-only. The checks below run that rule alone
   * ({@code --rule} {@link #ITS_RULE}): they count output lines, and other rules
   * (nested-if-mergeable on its nested test) may well find something in it too.
   */
  private static final Path MAIL =
      ROOT.resolve("fixtures/rules/vma-flags-legacy-test/fire_same_patch_uses_api.patch");

  private static final String ITS_RULE = "vma-flags-legacy-test";

  private static final String ESC = "\033[";

  @TempDir Path tmp;

  private Host host(InputStream stdin, Map<String, String> env, boolean terminal) {
    return new Host(stdin, env, tmp, terminal);
  }

  private Host host(Map<String, String> env, boolean terminal) {
    return host(InputStream.nullInputStream(), env, terminal);
  }

  private static InputStream mail() throws IOException {
    return new ByteArrayInputStream(Files.readAllBytes(MAIL));
  }

  @Test
  void dashReadsThePatchMailFromStandardInput() throws IOException {
    CheckRun.Result fromFile =
        CheckRun.run(
            host(Map.of(), false), "check", "--rule", ITS_RULE, "--format=gcc", MAIL.toString());
    CheckRun.Result fromStdin =
        CheckRun.run(
            host(mail(), Map.of(), false), "check", "--rule", ITS_RULE, "--format=gcc", "-");
    assertEquals(0, fromStdin.code(), fromStdin.err());
    assertEquals(3, fromStdin.out().lines().count(), fromStdin.out());
    assertEquals(fromFile.out(), fromStdin.out());

    CheckRun.Result human = CheckRun.run(host(mail(), Map.of(), false), "check", "-");
    assertTrue(human.out().contains("    in: <stdin>"), human.out());
  }

  @Test
  void dashReadsAPlainDiffAndNamesStandardInputInDiagnostics() throws IOException {
    String diff = Files.readString(MAIL);
    diff = diff.substring(diff.indexOf("diff --git"));
    CheckRun.Result r =
        CheckRun.run(
            host(new ByteArrayInputStream(diff.getBytes()), Map.of(), false),
            "check",
            "--rule",
            ITS_RULE,
            "--format=gcc",
            "-");
    assertEquals(3, r.out().lines().count(), r.out() + r.err());

    CheckRun.Result empty = CheckRun.run(host(Map.of(), false), "check", "-");
    assertEquals(ExitCodes.INPUT_ERROR, empty.code());
    assertEquals("mmreview: <stdin>: no diff found\n", empty.err());

    CheckRun.Result mbox = CheckRun.run(host(Map.of(), false), "intake", "--mbox", "-");
    assertTrue(mbox.err().contains("mmreview: <stdin>: empty mbox"), mbox.err());
  }

  @Test
  void outputWritesTheReportThereAndNothingOnStdout() throws IOException {
    Path report = tmp.resolve("out/report.json");
    Files.createDirectories(report.getParent());
    Files.writeString(report, "the previous report\n");
    CheckRun.Result r =
        CheckRun.run(
            host(Map.of(), true),
            "check",
            "--format=json",
            "--output",
            "out/report.json",
            MAIL.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.out());
    String written = Files.readString(report);
    assertTrue(written.startsWith("{") && written.contains("vma-flags-legacy-test"), written);
    // Never coloured in a file, terminal or not; and no temporary file is left beside it.
    CheckRun.Result human =
        CheckRun.run(host(Map.of(), true), "check", "--output", "out/report.txt", MAIL.toString());
    assertEquals("", human.out());
    assertFalse(Files.readString(tmp.resolve("out/report.txt")).contains(ESC));
    try (Stream<Path> files = Files.list(report.getParent())) {
      assertEquals(
          List.of("report.json", "report.txt"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void anUnwritableOutputIsAnInputErrorBeforeAnyReview() {
    CheckRun.Result r =
        CheckRun.run(
            host(Map.of(), false), "check", "--output", "no/such/dir/report", MAIL.toString());
    assertEquals(ExitCodes.INPUT_ERROR, r.code());
    assertTrue(
        r.err().startsWith("mmreview: no/such/dir/report: cannot write the report"), r.err());
    assertEquals("", r.out());
    assertFalse(Files.exists(tmp.resolve("no")));
  }

  @Test
  void anInterruptedRunLeavesThePreviousReport() throws IOException {
    Path target = tmp.resolve("report.txt");
    Files.writeString(target, "previous\n");
    ReportFile file = ReportFile.open(target);
    file.writer().println("half of a new report");
    file.writer().flush();
    assertEquals("previous\n", Files.readString(target));
    file.close(); // the run ended without commit
    assertEquals("previous\n", Files.readString(target));
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void quietDropsTheSummaryAndNotesButKeepsFindingsAndErrors() throws IOException {
    CheckRun.Result loud = CheckRun.run(host(Map.of(), false), "check", MAIL.toString());
    assertTrue(loud.out().contains("total: 0 errors, 3 warnings"), loud.out());
    CheckRun.Result quiet =
        CheckRun.run(host(Map.of(), false), "check", "--quiet", MAIL.toString());
    assertFalse(quiet.out().contains("total:"), quiet.out());
    assertTrue(quiet.out().contains("[vma-flags-legacy-test]"), quiet.out());

    // A cover letter in an mbox is a note (skipped), a missing file an error.
    Path mbox = tmp.resolve("series.mbox");
    // MAIL is format-patch output: it brings its own "From <sha> <date>" separator.
    Files.writeString(
        mbox,
        "From x Mon Sep 17 00:00:00 2001\nFrom: a@b\nSubject: [PATCH 0/1] cover\n\nhello\n\n"
            + Files.readString(MAIL));
    CheckRun.Result gccLoud =
        CheckRun.run(
            host(Map.of(), false),
            "check",
            "--format=gcc",
            "--mbox",
            mbox.toString(),
            "missing.patch");
    assertTrue(gccLoud.err().contains("mmreview: 1 reviewed, 1 skipped"), gccLoud.err());
    CheckRun.Result gccQuiet =
        CheckRun.run(
            host(Map.of(), false),
            "check",
            "-q",
            "--rule",
            ITS_RULE,
            "--format=gcc",
            "--mbox",
            mbox.toString(),
            "missing.patch");
    assertEquals(ExitCodes.INPUT_ERROR, gccQuiet.code());
    assertEquals("mmreview: missing.patch: no such file\n", gccQuiet.err());
    assertEquals(3, gccQuiet.out().lines().count(), gccQuiet.out());
  }

  @Test
  void colourOnATerminalOnlyAndNeverWithNoColor() {
    String path = MAIL.toString();
    assertTrue(
        CheckRun.run(host(Map.of(), true), "check", path)
            .out()
            .contains(ESC + "1;35mwarning" + ESC + "m"));
    assertFalse(CheckRun.run(host(Map.of(), false), "check", path).out().contains(ESC), "piped");
    assertFalse(
        CheckRun.run(host(Map.of("NO_COLOR", "1"), true), "check", path).out().contains(ESC),
        "NO_COLOR");
    // no-color.org: an empty NO_COLOR does not count.
    assertTrue(CheckRun.run(host(Map.of("NO_COLOR", ""), true), "check", path).out().contains(ESC));
    assertTrue(
        CheckRun.run(host(Map.of("NO_COLOR", "1"), false), "check", "--color=always", path)
            .out()
            .contains(ESC));
    assertFalse(
        CheckRun.run(host(Map.of(), true), "check", "--color=never", path).out().contains(ESC));
    // Machine formats are never coloured.
    assertFalse(
        CheckRun.run(host(Map.of(), true), "check", "--format=gcc", "--color=always", path)
            .out()
            .contains(ESC));
    CheckRun.Result bad = CheckRun.run(host(Map.of(), true), "check", "--color=sometimes", path);
    assertEquals(ExitCodes.INPUT_ERROR, bad.code());
    assertTrue(bad.err().contains("--color must be auto, always or never"), bad.err());
  }
}
