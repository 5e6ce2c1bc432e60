package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --format=checkpatch} and {@code b4-check} on fixture mails, read as b4 reads them:
 * every line checkpatch prints is a report, {@code ERROR:} in it fails the patch; the review-check
 * JSON is one object with tool, status, summary, url and details.
 */
class B4IntegrationTest {
  private static final Path FIRE =
      Path.of("fixtures/rules/swap-counter-mismatch/fire_remap_swap_pte.patch");
  private static final Path SILENT =
      Path.of("fixtures/rules/swap-counter-mismatch/silent_fix_to_swapents.patch");
  private static final Path WARN_ONLY =
      Path.of("fixtures/rules/uffd-ops-null-check/fire_copy_ops_helper.patch");

  /** checkpatch --terse --showfile: FILE:LINE: LEVEL: message, and b4's 'ERROR:' test. */
  private static final Pattern TERSE =
      Pattern.compile("^[^: ]+:\\d+: (ERROR|WARNING|CHECK): \\S.* \\[[a-z0-9-]+\\]$");

  private static Host stdin(Path mail) throws IOException {
    return new Host(
        new ByteArrayInputStream(Files.readAllBytes(mail)), Map.of(), Path.of(""), false);
  }

  @Test
  void checkpatchFormatPrintsOneTerseLinePerFindingAndNothingElse() throws IOException {
    CheckRun.Result r = CheckRun.run(stdin(FIRE), "check", "--format=checkpatch", "-");
    String[] lines = r.out().split("\n");
    assertEquals(2, lines.length, r.out());
    for (String l : lines) {
      assertTrue(TERSE.matcher(l).matches(), l);
      assertTrue(l.contains("ERROR:"), "b4 marks the patch failed on ERROR: " + l);
    }
    assertTrue(lines[0].startsWith("mm/userfaultfd.c:47: ERROR: `add_mm_counter(dst_mm"), lines[0]);
    // b4 reads standard error as failures too: no hunk-only note, no summary
    assertEquals("", r.err());
    assertEquals(ExitCodes.FINDINGS, r.code());
  }

  @Test
  void checkpatchFormatIsSilentOnACleanPatchAsMailback() throws IOException {
    CheckRun.Result r = CheckRun.run(stdin(SILENT), "check", "--format=checkpatch", "-");
    assertEquals("", r.out());
    assertEquals("", r.err());
    assertEquals(ExitCodes.OK, r.code());
  }

  @Test
  void checkpatchFormatSpellsWarningsAndInfosAsCheckpatchDoes() throws IOException {
    CheckRun.Result r = CheckRun.run(stdin(WARN_ONLY), "check", "--format=checkpatch", "-");
    assertTrue(r.out().startsWith("mm/userfaultfd.c:34: WARNING: `ops` cannot be NULL"), r.out());
    assertTrue(!r.out().contains("ERROR:"), r.out());
    CheckRun.Result infos =
        CheckRun.run(
            stdin(Path.of("fixtures/rules/terse-identifier/fire_single_letter_snapshot.patch")),
            "check",
            "--format=checkpatch",
            "--enable-rule=terse-identifier", // an info rule, off by default
            "-");
    assertTrue(
        infos.out().startsWith("mm/userfaultfd.c:16: CHECK: `s` is a single-letter"), infos.out());
  }

  private static JsonNode only(String out) throws IOException {
    JsonNode arr = new ObjectMapper().readTree(out);
    assertTrue(arr.isArray(), out);
    assertEquals(1, arr.size(), out);
    JsonNode o = arr.get(0);
    assertEquals("mmreview", o.get("tool").asText());
    return o;
  }

  @Test
  void b4CheckFailsAPatchWithErrorsAndShowsThemInTheDetails() throws IOException {
    CheckRun.Result r = CheckRun.run(stdin(FIRE), "b4-check");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    JsonNode o = only(r.out());
    assertEquals("fail", o.get("status").asText());
    assertTrue(o.get("summary").asText().startsWith("2 errors (hunk-only review"), o.toString());
    String details = o.get("details").asText();
    assertTrue(details.contains("mm/userfaultfd.c:48: ERROR: `add_mm_counter(src_mm"), details);
    assertTrue(details.contains("^^^^"), details);
    assertEquals("", o.get("url").asText());
  }

  @Test
  void b4CheckWarnsOnWarningsAndPassesACleanPatch() throws IOException {
    assertEquals(
        "warn", only(CheckRun.run(stdin(WARN_ONLY), "b4-check").out()).get("status").asText());
    JsonNode clean = only(CheckRun.run(stdin(SILENT), "b4-check").out());
    assertEquals("pass", clean.get("status").asText());
    assertTrue(clean.get("summary").asText().startsWith("no findings"), clean.toString());
  }

  @Test
  void b4CheckLeavesInfosOutUnlessAsked() throws IOException {
    Path infos = Path.of("fixtures/rules/terse-identifier/fire_single_letter_snapshot.patch");
    // terse-identifier is off by default: enabled here, its infos are still left out of b4's view
    String rule = "--enable-rule=terse-identifier";
    assertEquals(
        "pass", only(CheckRun.run(stdin(infos), "b4-check", rule).out()).get("status").asText());
    JsonNode asked =
        only(CheckRun.run(stdin(infos), "b4-check", rule, "--min-severity=info").out());
    assertEquals("pass", asked.get("status").asText());
    assertTrue(asked.get("summary").asText().startsWith("4 infos"), asked.toString());
  }

  @Test
  void b4CheckUrlNamesTheMessage(@TempDir Path dir) throws IOException {
    // format-patch output has no Message-ID until sent: add one after its "From <sha>" line
    String mail = Files.readString(FIRE);
    Path sent = dir.resolve("sent.eml");
    Files.writeString(
        sent,
        "Message-ID: <20260403-fix-1@example.org>\n" + mail.substring(mail.indexOf('\n') + 1));
    JsonNode o =
        only(CheckRun.run(stdin(sent), "b4-check", "--url", "https://lore.kernel.org/r/%s").out());
    assertEquals("https://lore.kernel.org/r/20260403-fix-1@example.org", o.get("url").asText());
  }

  @Test
  void b4CheckSaysNothingOfACoverLetter(@TempDir Path dir) throws IOException {
    Path cover = dir.resolve("cover.eml");
    Files.writeString(
        cover,
        "From: A <a@example.org>\nSubject: [PATCH 0/2] mm: things\nMessage-ID: <c@x>\n\nCover.\n");
    CheckRun.Result r = CheckRun.run(stdin(cover), "b4-check");
    assertEquals("[]", r.out().strip());
    assertEquals(ExitCodes.OK, r.code());
  }

  @Test
  void b4CheckRefusesWhatIsNotAMailInOneLine() {
    Host host =
        new Host(new ByteArrayInputStream("hello\n".getBytes()), Map.of(), Path.of(""), false);
    CheckRun.Result r = CheckRun.run(host, "b4-check");
    assertEquals(ExitCodes.INPUT_ERROR, r.code());
    assertEquals("", r.out(), "no JSON: b4 shows the exit code and standard error");
    assertEquals(1, r.err().strip().split("\n").length, r.err());
    assertTrue(r.err().startsWith("mmreview: b4-check: <stdin>: "), r.err());
  }
}
