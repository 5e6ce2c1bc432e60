package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.report.Severity;
import org.mmreview.series.Surface;

/**
 * {@code .mmreview.yaml}: found upward from the current directory up to the repository's root, or
 * given with {@code --config}; the command line overrides it; mistakes are one line with file, line
 * and column.
 */
class ConfigFileTest {
  private static final Path FIXTURES =
      Path.of(System.getProperty("mmreview.root", ".")).resolve("fixtures/rules");

  /** Two warnings of bug-on-recoverable. */
  private static final String WARNINGS =
      FIXTURES
          .resolve("bug-on-recoverable/fire_argument_check_and_read_lock.c")
          .toAbsolutePath()
          .toString();

  /** Two infos of anon-shared-impossible. */
  private static final String INFOS =
      FIXTURES
          .resolve("anon-shared-impossible/fire_de_morgan_and_copy.c")
          .toAbsolutePath()
          .toString();

  /** A patch of fs/userfaultfd.c and mm/userfaultfd.c, with findings in both. */
  private static final String TWO_FILES =
      FIXTURES
          .resolve("bug-on-recoverable/fire_copy_ioctl_asserts.patch")
          .toAbsolutePath()
          .toString();

  @TempDir Path tmp;
  private Path repo;
  private Path sub;

  @BeforeEach
  void repository() throws Exception {
    repo = tmp.resolve("linux");
    sub = Files.createDirectories(repo.resolve("mm/damon"));
    Files.createDirectories(repo.resolve(".git"));
  }

  private CheckRun.Result run(Path cwd, String... args) {
    return CheckRun.run(
        new Host(new ByteArrayInputStream(new byte[0]), Map.of(), cwd, false), args);
  }

  private static List<String> findings(CheckRun.Result r) {
    return r.out().lines().filter(l -> l.matches(".*: (error|warning|info): .*")).toList();
  }

  @Test
  void foundUpwardFromTheCurrentDirectoryAndOverriddenByTheCommandLine() throws Exception {
    Files.writeString(
        repo.resolve(".mmreview.yaml"), "format: gcc\nmin-severity: warning\nfail-on: warning\n");
    CheckRun.Result r = run(sub, "check", "--all", WARNINGS, INFOS);
    assertEquals(2, findings(r).size(), r.out());
    assertTrue(findings(r).stream().allMatch(l -> l.contains(": warning: ")), r.out());
    assertEquals(ExitCodes.FINDINGS, r.code(), r.err());

    r = run(sub, "check", "--all", "--min-severity=info", "--fail-on=none", WARNINGS, INFOS);
    assertEquals(4, findings(r).size(), r.out());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    r = run(sub, "check", "--all", "--format=json", WARNINGS);
    assertTrue(r.out().startsWith("{"), r.out());
  }

  @Test
  void aHookShowsInfosOnlyWhenTheConfigurationAsks() throws Exception {
    // Without a file: check shows the infos, a hook only the warnings.
    CheckRun.Result r = run(sub, "check", "--all", "--format=gcc", WARNINGS, INFOS);
    assertEquals(4, findings(r).size(), r.out());
    r = run(sub, "check", "--hook", "--all", "--format=gcc", WARNINGS, INFOS);
    assertEquals(2, findings(r).size(), r.out());
    assertTrue(findings(r).stream().allMatch(l -> l.contains(": warning: ")), r.out());
    assertTrue(r.err().contains("2 findings below --min-severity=warning not shown"), r.err());

    // hooks.min-severity turns them on for hooks; plain check keeps its own min-severity.
    Files.writeString(
        repo.resolve(".mmreview.yaml"),
        "format: gcc\nmin-severity: error\nhooks:\n  min-severity: info\n");
    r = run(sub, "check", "--hook", "--all", WARNINGS, INFOS);
    assertEquals(4, findings(r).size(), r.out());
    r = run(sub, "check", "--all", WARNINGS, INFOS);
    assertEquals(0, findings(r).size(), r.out());
    // The command line (MMREVIEW_MIN_SEVERITY in a hook) wins over the file.
    r = run(sub, "check", "--hook", "--min-severity=warning", "--all", WARNINGS, INFOS);
    assertEquals(2, findings(r).size(), r.out());

    // The bot's setting is read and checked like the others.
    Files.writeString(repo.resolve(".mmreview.yaml"), "bot:\n  min-severity: info\n");
    ConfigFile cfg = ConfigFile.load(null, sub, id -> true);
    assertEquals(Optional.of(Severity.INFO), cfg.minSeverity(Surface.BOT));
    assertEquals(Optional.empty(), cfg.minSeverity(Surface.HOOK));
  }

  @Test
  void theSearchStopsAtTheRepositorysRoot() throws Exception {
    Files.writeString(tmp.resolve(".mmreview.yaml"), "format: gcc\n");
    CheckRun.Result r = run(sub, "check", "--all", "--fail-on=none", WARNINGS);
    assertTrue(
        r.out().contains("total: "), r.out()); // human: the file above the repository is not read

    r =
        run(
            sub,
            "check",
            "--all",
            "--fail-on=none",
            "--config",
            tmp.resolve(".mmreview.yaml").toString(),
            WARNINGS);
    assertEquals(2, findings(r).size(), r.out());
    assertFalse(r.out().contains("total: "), r.out());
  }

  @Test
  void rulesSeverityAndPaths() throws Exception {
    Path cfg =
        Files.writeString(
            tmp.resolve("c.yaml"),
            "rules:\n  disable: [anon-shared-impossible]\nseverity:\n  bug-on-recoverable: error\nformat: gcc\n");
    CheckRun.Result r = run(tmp, "check", "--all", "--config", cfg.toString(), WARNINGS, INFOS);
    assertEquals(2, findings(r).size(), r.out());
    assertTrue(
        findings(r).stream()
            .allMatch(l -> l.contains(": error: ") && l.endsWith("[bug-on-recoverable]")),
        r.out());
    assertEquals(ExitCodes.FINDINGS, r.code(), r.err());
    // --rule names a rule the file disables: the command line wins.
    r =
        run(
            tmp,
            "check",
            "--all",
            "--config",
            cfg.toString(),
            "--rule",
            "anon-shared-impossible",
            WARNINGS,
            INFOS);
    assertEquals(2, findings(r).size(), r.out());
    assertTrue(findings(r).stream().allMatch(l -> l.endsWith("[anon-shared-impossible]")), r.out());

    CheckRun.Result both = run(tmp, "check", "--format=gcc", "--fail-on=none", TWO_FILES);
    assertTrue(findings(both).stream().anyMatch(l -> l.startsWith("fs/")), both.out());
    assertTrue(findings(both).stream().anyMatch(l -> l.startsWith("mm/")), both.out());
    Files.writeString(cfg, "paths:\n  exclude: [fs/]\n");
    r = run(tmp, "check", "--format=gcc", "--fail-on=none", "--config", cfg.toString(), TWO_FILES);
    assertFalse(findings(r).isEmpty(), r.out());
    assertTrue(findings(r).stream().allMatch(l -> l.startsWith("mm/")), r.out());
    Files.writeString(cfg, "paths:\n  include: ['fs/*.c']\n");
    r = run(tmp, "check", "--format=gcc", "--fail-on=none", "--config", cfg.toString(), TWO_FILES);
    assertFalse(findings(r).isEmpty(), r.out());
    assertTrue(findings(r).stream().allMatch(l -> l.startsWith("fs/")), r.out());
  }

  @Test
  void aBaselineNamedInTheFileIsReadFromItsDirectory() throws Exception {
    Path source = Files.writeString(tmp.resolve("populate.c"), Files.readString(Path.of(WARNINGS)));
    assertEquals(
        ExitCodes.OK,
        run(tmp, "baseline", "write", "accepted.yaml", "--all", source.toString()).code());
    Files.writeString(
        repo.resolve(".mmreview.yaml"),
        "baseline: ../accepted.yaml\nformat: gcc\nfail-on: warning\n");
    CheckRun.Result r = run(sub, "check", "--all", source.toString());
    assertEquals(List.of(), findings(r));
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.err().contains("2 findings in the baseline not shown"), r.err());
  }

  @Test
  void mistakesAreOneLineWithFileLineAndColumn() throws Exception {
    Path cfg = tmp.resolve(".mmreview.yaml");
    assertError(
        cfg,
        "format: gcc\nsevrity:\n  bug-on-recoverable: error\n",
        ":2:1: unknown key 'sevrity' (expected ");
    assertError(
        cfg,
        "severity:\n  bug-on-recoverable: loud\n",
        ":2:3: severity.bug-on-recoverable: bad severity 'loud' (expected error, warning, info)");
    assertError(
        cfg,
        "rules:\n  enable:\n    - bug-on-recoverable\n    - no-such-rule\n",
        ":4:7: rules.enable[1]: unknown rule 'no-such-rule'");
    assertError(cfg, "rules: [bug-on-recoverable]\n", ":1:1: rules: expected a mapping");
    assertError(
        cfg,
        "fail-on: sometimes\n",
        ":1:1: fail-on: bad severity 'sometimes' (expected error, warning, info or none)");
    assertError(cfg, "format: xml\n", ":1:1: format: unknown format 'xml'");
    assertError(
        cfg,
        "hooks:\n  min-severity: chatty\n",
        ":2:3: hooks.min-severity: bad severity 'chatty' (expected error, warning, info)");
    assertError(cfg, "rules: {enable: [\n", ":");
    CheckRun.Result r = run(tmp, "check", "--all", "--config", "missing.yaml", WARNINGS);
    assertEquals(ExitCodes.INPUT_ERROR, r.code());
    assertEquals(
        "mmreview: " + tmp.resolve("missing.yaml") + ": no such configuration file\n", r.err());
  }

  private void assertError(Path cfg, String text, String expected) throws Exception {
    Files.writeString(cfg, text);
    CheckRun.Result r = run(tmp, "check", "--all", WARNINGS);
    assertEquals(ExitCodes.INPUT_ERROR, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("mmreview: " + cfg + expected), r.err());
    assertEquals("", r.out());
  }
}
