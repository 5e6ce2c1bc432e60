package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --ignore} leaves rules out; {@code --min-severity} hides findings below it. */
class CheckFiltersTest {
  private static final Path FIXTURES =
      Path.of(System.getProperty("mmreview.root", ".")).resolve("fixtures/rules");

  /** Two warnings of bug-on-recoverable. */
  private static final String WARNINGS =
      FIXTURES.resolve("bug-on-recoverable/fire_argument_check_and_read_lock.c").toString();

  /** Two infos of anon-shared-impossible. */
  private static final String INFOS =
      FIXTURES.resolve("anon-shared-impossible/fire_de_morgan_and_copy.c").toString();

  private static List<String> findings(CheckRun.Result r) {
    return r.out().lines().filter(l -> l.matches(".*: (error|warning|info): .*")).toList();
  }

  @Test
  void everythingByDefault() {
    CheckRun.Result r =
        CheckRun.run("check", "--all", "--format=gcc", "--fail-on=none", WARNINGS, INFOS);
    assertEquals(4, findings(r).size(), r.out());
  }

  @Test
  void minSeverityHidesAndSaysHowMany() {
    CheckRun.Result r =
        CheckRun.run(
            "check",
            "--all",
            "--format=gcc",
            "--fail-on=info",
            "--min-severity=warning",
            WARNINGS,
            INFOS);
    assertEquals(2, findings(r).size(), r.out());
    assertTrue(findings(r).stream().allMatch(l -> l.contains(": warning: ")), r.out());
    assertEquals(ExitCodes.FINDINGS, r.code());
    assertTrue(
        r.err().contains("mmreview: 2 findings below --min-severity=warning not shown"), r.err());

    // What is hidden does not fail the run either.
    r =
        CheckRun.run(
            "check",
            "--all",
            "--format=gcc",
            "--fail-on=info",
            "--min-severity=error",
            WARNINGS,
            INFOS);
    assertEquals(List.of(), findings(r));
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertEquals(
        ExitCodes.INPUT_ERROR, CheckRun.run("check", "--all", "--min-severity=loud", INFOS).code());
  }

  @Test
  void ignoreLeavesARuleOut() {
    CheckRun.Result r =
        CheckRun.run(
            "check",
            "--all",
            "--format=gcc",
            "--fail-on=none",
            "--ignore",
            "bug-on-recoverable",
            WARNINGS,
            INFOS);
    assertEquals(2, findings(r).size(), r.out());
    assertTrue(findings(r).stream().allMatch(l -> l.endsWith("[anon-shared-impossible]")), r.out());
    CheckRun.Result bad = CheckRun.run("check", "--all", "--ignore", "no-such-rule", INFOS);
    assertEquals(ExitCodes.INPUT_ERROR, bad.code());
    assertTrue(bad.err().contains("unknown rule 'no-such-rule'"), bad.err());
  }
}
