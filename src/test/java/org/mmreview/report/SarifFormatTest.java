package org.mmreview.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleMetadata;

/** {@code --format=sarif}, validated against the OASIS SARIF 2.1.0 schema (vendored). */
public class SarifFormatTest {
  private static Schema sarifSchema;

  @BeforeAll
  public static void loadSchema() throws Exception {
    try (InputStream in =
        SarifFormatTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
      sarifSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
    }
  }

  /** Fails with every schema violation listed when {@code sarif} is not a valid SARIF 2.1.0 log. */
  public static JsonNode valid(String sarif) throws Exception {
    JsonNode log = new ObjectMapper().readTree(sarif);
    List<Error> errors = sarifSchema.validate(log);
    assertTrue(errors.isEmpty(), () -> errors + "\n" + sarif);
    return log;
  }

  private static Finding finding(
      String rule, Severity sev, int line, String sourceLine, List<Location> related) {
    return new Finding(
        rule,
        sev,
        new Location("mm/userfaultfd.c", line, 6, 21, ""),
        OptionalInt.of(57),
        "vm_file is relied on after the lock is retaken but never compared.",
        related,
        "Compare every property.",
        "Lorenzo Stoakes, 2026-05-27",
        sourceLine,
        true,
        "0001-x.patch");
  }

  private static String render(List<Finding> findings, Optional<Severity> failOn) {
    StringWriter s = new StringWriter();
    new SarifFormat(
            () -> RuleCatalog.load().rules().stream().map(RuleMetadata::description).toList(),
            new SarifFormat.Invocation(List.of("check", "--format=sarif", "a b.patch"), failOn))
        .write(findings, new PrintWriter(s));
    return s.toString();
  }

  @Test
  void aLogWithResultsIsValidSarifWithRulesLocationsAndInvocation() throws Exception {
    Finding f =
        finding(
            "retry-stale-snapshot",
            Severity.ERROR,
            12,
            "\tif (ops != orig_ops)",
            List.of(new Location("mm/userfaultfd.c", 7, 2, 16, "lock dropped here")));
    Finding info = finding("terse-identifier", Severity.INFO, 30, "\tint x;", List.of());
    JsonNode log = valid(render(List.of(f, info), Optional.of(Severity.ERROR)));

    assertEquals("2.1.0", log.get("version").asText());
    JsonNode run = log.get("runs").get(0);
    JsonNode rules = run.at("/tool/driver/rules");
    assertEquals(RuleCatalog.load().size(), rules.size());
    JsonNode r0 = run.at("/results/0");
    JsonNode rule = rules.get(r0.get("ruleIndex").asInt());
    assertEquals("retry-stale-snapshot", rule.get("id").asText());
    assertEquals("RetryStaleSnapshot", rule.get("name").asText());
    assertTrue(
        rule.at("/shortDescription/text").asText().startsWith("State captured before a lock drop"));
    assertTrue(
        rule.at("/help/text").asText().startsWith("Fix: Compare every property"), rule.toString());
    assertEquals("error", rule.at("/defaultConfiguration/level").asText());

    assertEquals("retry-stale-snapshot", r0.get("ruleId").asText());
    assertEquals("error", r0.get("level").asText());
    JsonNode region = r0.at("/locations/0/physicalLocation/region");
    assertEquals(12, region.get("startLine").asInt());
    assertEquals(6, region.get("startColumn").asInt());
    assertEquals(12, region.get("endLine").asInt());
    assertEquals(21, region.get("endColumn").asInt());
    assertEquals(
        "mm/userfaultfd.c", r0.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
    assertEquals("lock dropped here", r0.at("/relatedLocations/0/message/text").asText());
    assertEquals(7, r0.at("/relatedLocations/0/physicalLocation/region/startLine").asInt());
    assertEquals(57, r0.at("/properties/patchLine").asInt());
    assertEquals("note", run.at("/results/1/level").asText());

    JsonNode inv = run.at("/invocations/0");
    assertEquals(1, inv.get("exitCode").asInt());
    assertTrue(inv.get("executionSuccessful").asBoolean());
    assertEquals("mmreview check --format=sarif 'a b.patch'", inv.get("commandLine").asText());
  }

  @Test
  void anEmptyLogIsValidAndExitsZero() throws Exception {
    JsonNode log = valid(render(List.of(), Optional.of(Severity.ERROR)));
    assertEquals(0, log.at("/runs/0/results").size());
    assertEquals(0, log.at("/runs/0/invocations/0/exitCode").asInt());
  }

  @Test
  void fingerprintsFollowTheCodeNotItsLineNumber() throws Exception {
    String moved =
        fingerprintOf(
            finding(
                "retry-stale-snapshot", Severity.ERROR, 40, "  if (ops !=   orig_ops)", List.of()));
    String original =
        fingerprintOf(
            finding(
                "retry-stale-snapshot", Severity.ERROR, 12, "\tif (ops != orig_ops)", List.of()));
    String changed =
        fingerprintOf(
            finding(
                "retry-stale-snapshot", Severity.ERROR, 12, "\tif (ops != new_ops)", List.of()));
    assertEquals(original, moved, "re-indented and moved: the same finding");
    assertNotEquals(original, changed);

    // The result carries the finding's own fingerprint (the engine numbers repeats in a file).
    Finding f =
        finding("retry-stale-snapshot", Severity.ERROR, 12, "\tif (ops != orig_ops)", List.of());
    JsonNode log = valid(render(List.of(f), Optional.empty()));
    assertEquals(
        f.fingerprint(),
        log.at("/runs/0/results/0/partialFingerprints").get(SarifFormat.FINGERPRINT_KEY).asText());
    assertEquals(0, log.at("/runs/0/invocations/0/exitCode").asInt(), "--fail-on=none");
  }

  private static String fingerprintOf(Finding f) throws Exception {
    JsonNode log = new ObjectMapper().readTree(render(List.of(f), Optional.empty()));
    return log.at("/runs/0/results/0/partialFingerprints")
        .get(SarifFormat.FINGERPRINT_KEY)
        .asText();
  }

  @Test
  void theSchemaIsReallyChecked() throws Exception {
    String good =
        render(
            List.of(finding("retry-stale-snapshot", Severity.ERROR, 12, "x", List.of())),
            Optional.empty());
    JsonNode broken =
        new ObjectMapper().readTree(good.replace("\"level\" : \"error\"", "\"level\" : \"fatal\""));
    assertTrue(!sarifSchema.validate(broken).isEmpty(), "a level SARIF does not know must fail");
  }

  @Test
  void pathsBecomeUriReferences() {
    assertEquals("mm/huge%20memory.c", SarifFormat.uri("mm/huge memory.c"));
    assertEquals("file:///tmp/x.c", SarifFormat.uri("/tmp/x.c"));
  }
}
