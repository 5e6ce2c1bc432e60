package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IntakeCommandTest {

  record Run(int code, String out, String err) {}

  static String fixture(String name) {
    return Path.of(System.getProperty("mmreview.root", "."))
        .resolve("fixtures/intake")
        .resolve(name)
        .toString();
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("intake"));
    all.addAll(List.of(args));
    int code = cl.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void summarisesEachPatch() {
    Run r = run(fixture("format-patch.patch"), fixture("git-diff.diff"));
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out()
            .contains(
                "format-patch.patch: [PATCH mm-unstable v3 2/5] mm/gup: fix the thing (1 file, +1 -1)"),
        r.out());
    assertTrue(r.out().contains("git-diff.diff: (no subject) (6 files, +6 -4)"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void badInputsAreOneLineEachAndTheOthersGoOn() {
    Run r =
        run(
            fixture("qp.eml"),
            fixture("malformed-hunk.patch"),
            fixture("wrapped.patch"),
            fixture("not-a-mail.eml"),
            fixture("missing.patch"));
    // Every input that could be read is shown; the ones that could not make the status 2.
    assertEquals(2, r.code(), r.err());
    assertTrue(r.out().contains("qp.eml: [PATCH] mm/gup: quoted-printable body"), r.out());
    String[] lines = r.err().strip().split("\n");
    assertEquals(4, lines.length, r.err());
    assertTrue(
        lines[0].matches(
            "mmreview: .*malformed-hunk.patch: malformed diff: line 4: hunk line counts.*"),
        lines[0]);
    assertTrue(
        lines[1].matches("mmreview: .*wrapped.patch: malformed diff: line-wrapped patch: line 7.*"),
        lines[1]);
    assertTrue(
        lines[2].matches("mmreview: .*not-a-mail.eml: undecodable mail: no mail headers"),
        lines[2]);
    assertTrue(lines[3].matches("mmreview: .*missing.patch: no such file"), lines[3]);
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void nothingUsableExitsTwo(@TempDir Path tmp) {
    Run r = run(fixture("malformed-hunk.patch"));
    assertEquals(ExitCodes.INPUT_ERROR, r.code());
    assertEquals(ExitCodes.INPUT_ERROR, run().code());
    Run inbox = run("--inbox", fixture("no-such-archive"));
    assertEquals(ExitCodes.INPUT_ERROR, inbox.code());
    assertTrue(
        inbox.err().startsWith("mmreview: ")
            && inbox.err().contains("no-such-archive: not a public-inbox archive"),
        inbox.err());
    // Outside any repository: a directory inside one would find it by walking up, as git does.
    Run git = run("--git", "HEAD", "--repo", tmp.toString());
    assertEquals(ExitCodes.INPUT_ERROR, git.code());
    assertEquals(1, git.err().strip().split("\n").length, git.err());
  }

  @Test
  void crlfDiffFileIsRead(@TempDir Path tmp) throws Exception {
    Path diff = tmp.resolve("crlf.diff");
    Files.writeString(diff, "--- a/mm/x.c\r\n+++ b/mm/x.c\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n");
    Run r = run("--json", diff.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode line = new ObjectMapper().readTree(r.out()).at("/patches/0/files/0/hunks/0/lines/1");
    assertEquals("b", line.get("text").asText());
  }

  @Test
  void mboxStats() {
    Run r = run("--mbox", fixture("series.mbox"), "--stats");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("messages: 9"), r.out());
    assertTrue(r.out().contains("patches: 5"), r.out());
    assertTrue(r.out().contains("cover letters: 2"), r.out());
    assertTrue(r.out().contains("replies: 1"), r.out());
    assertTrue(
        r.out().contains("new thread without a diff (discussion, report, announcement): 1"),
        r.out());
    assertTrue(r.out().contains("series families: 2 (with several versions: 1)"), r.out());
  }

  @Test
  void seriesShowsVersions() {
    Run r = run("--mbox", fixture("series.mbox"), "--series");
    assertEquals(0, r.code(), r.err());
    String out = r.out().replace(fixture("series.mbox"), "series.mbox");
    assertTrue(
        out.startsWith(
            "mm: tidy the things (Jane Dev <jane@example.org>)\n"
                + "  v1 2/2 cover series.mbox#1 patches series.mbox#2 series.mbox#3\n"
                + "  v2 2/2 cover series.mbox#5 patches series.mbox#6 series.mbox#7\n"),
        out);
    assertTrue(r.out().contains("mm/three: idea"), r.out());
  }

  @Test
  void listShowsEveryMessage() {
    Run r = run("--mbox", fixture("series.mbox"), "--list");
    assertEquals(9, r.out().strip().split("\n").length, r.out());
    assertTrue(r.out().contains("series.mbox#4\tREPLY\t-\tRe: [PATCH 1/2] mm: one"), r.out());
  }

  @Test
  void jsonCarriesMetadataHunksAndLineMaps() throws Exception {
    Run r = run("--json", "--tree", fixture("base"), fixture("format-patch.patch"));
    assertEquals(0, r.code(), r.err());
    JsonNode root = new ObjectMapper().readTree(r.out());
    JsonNode p = root.get("patches").get(0);
    assertEquals(3, p.at("/metadata/series/version").asInt());
    assertEquals("mm-unstable", p.at("/metadata/series/prefixes/0").asText());
    assertEquals("89abcdef0123456789abcdef0123456789abcdef", p.at("/metadata/baseCommit").asText());
    JsonNode f = p.get("files").get(0);
    assertEquals("mm/gup.c", f.get("newPath").asText());
    assertTrue(f.get("applied").asBoolean());
    assertEquals(3, f.at("/lineMap/added/0").asInt());
    JsonNode line = f.at("/hunks/0/lines/2");
    assertEquals("ADD", line.get("kind").asText());
    assertEquals("SECOND", line.get("text").asText());
    assertEquals(3, line.get("newLine").asInt());
    assertEquals(29, line.get("patchLine").asInt()); // line 29 of the file, as checkpatch counts
  }
}
