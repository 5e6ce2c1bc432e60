package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleMetadata;
import picocli.CommandLine;

class RulesCommandTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void listsEveryRuleWithSeverityAndTitle() {
    Run r = run("rules");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].matches("ID\\s+SEVERITY\\s+TITLE"), lines[0]);
    RuleCatalog catalog = RuleCatalog.load();
    assertEquals(catalog.size() + 1, lines.length);
    for (RuleMetadata meta : catalog.rules()) {
      assertTrue(
          r.out()
              .lines()
              .anyMatch(
                  l ->
                      l.startsWith(meta.id() + " ")
                          && l.contains(" " + meta.severity().label() + " ")
                          && l.endsWith(meta.title())),
          "no table row for " + meta.id() + ":\n" + r.out());
    }
    assertEquals("", r.err());
  }

  @Test
  void explainPrintsTheWholeDocumentation() {
    RuleMetadata meta = RuleCatalog.load().find("uffd-ops-null-check").orElseThrow();
    Run r = run("rules", "explain", "uffd-ops-null-check");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.out().startsWith("uffd-ops-null-check (warning)\n" + meta.title()), r.out());
    for (String heading :
        new String[] {
          "Message:",
          "Why:",
          "Precedent:",
          "Fix:",
          "Not reported:",
          "Flagged:",
          "Fine:",
          "Implemented by: " + meta.ruleClassName()
        }) {
      assertTrue(r.out().contains(heading), "missing " + heading + " in\n" + r.out());
    }
    assertTrue(r.out().contains("VM_WARN_ON_ONCE(!ops);"), r.out());
  }

  @Test
  void explainShowsEscalationWhenPresent() {
    Run r = run("rules", "explain", "bug-on-recoverable");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.out().contains("Escalation:"), r.out());
  }

  @Test
  void unknownIdIsAOneLineUsageError() {
    Run r = run("rules", "explain", "no-such-rule");
    assertEquals(ExitCodes.INPUT_ERROR, r.code());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("no-such-rule"), r.err());
  }

  @Test
  void explainWithoutIdIsAUsageError() {
    Run r = run("rules", "explain");
    assertEquals(ExitCodes.INPUT_ERROR, r.code());
  }

  @Test
  void committedMarkdownCatalogueIsCurrent() throws IOException {
    Run r = run("rules", "--markdown");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    Path docs = Path.of(System.getProperty("mmreview.root", ".")).resolve("docs/rules.md");
    String committed = Files.readString(docs, StandardCharsets.UTF_8);
    assertEquals(
        committed,
        r.out(),
        "docs/rules.md is stale: regenerate it with ./mmreview rules --markdown > docs/rules.md");
  }
}
