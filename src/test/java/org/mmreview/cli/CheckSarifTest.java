package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mmreview.report.SarifFormatTest;

/** {@code check --format=sarif} on a fixture with a real finding. */
class CheckSarifTest {
  private static final Path FIXTURE =
      Path.of(
          System.getProperty("mmreview.root", "."),
          "fixtures/rules/retry-stale-snapshot/fire_split_copy_retry.patch");

  @BeforeAll
  static void schema() throws Exception {
    SarifFormatTest.loadSchema();
  }

  @Test
  void checkWritesAValidLogWhoseInvocationMatchesTheExitStatus() throws Exception {
    CheckRun.Result r = CheckRun.run("check", "--format=sarif", FIXTURE.toString());
    assertEquals(ExitCodes.FINDINGS, r.code(), r.err());
    JsonNode log = SarifFormatTest.valid(r.out());
    JsonNode run = log.at("/runs/0");
    JsonNode result = run.at("/results/0");
    assertEquals("retry-stale-snapshot", result.get("ruleId").asText());
    assertEquals(
        "mm/userfaultfd.c",
        result.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
    assertEquals(46, result.at("/locations/0/physicalLocation/region/startLine").asInt());
    assertTrue(result.get("relatedLocations").size() >= 1);
    assertEquals(ExitCodes.FINDINGS, run.at("/invocations/0/exitCode").asInt());
    assertTrue(
        run.at("/invocations/0/commandLine").asText().startsWith("mmreview check --format=sarif "),
        run.at("/invocations/0").toString());

    CheckRun.Result none =
        CheckRun.run("check", "--format=sarif", "--fail-on=none", FIXTURE.toString());
    assertEquals(ExitCodes.OK, none.code());
    assertEquals(0, SarifFormatTest.valid(none.out()).at("/runs/0/invocations/0/exitCode").asInt());
  }
}
