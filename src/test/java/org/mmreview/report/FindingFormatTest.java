package org.mmreview.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class FindingFormatTest {
  private static final Finding RETRY =
      new Finding(
          "retry-stale-snapshot",
          Severity.ERROR,
          new Location("mm/userfaultfd.c", 12, 6, 21, ""),
          OptionalInt.of(57),
          "vm_file is relied on after the lock is retaken but never compared.",
          List.of(new Location("mm/userfaultfd.c", 7, 2, 16, "lock dropped here")),
          "Compare every property the operation depends on.",
          "Lorenzo Stoakes, 2026-05-27",
          "\tif (ops != orig_ops)",
          true,
          "0001-userfaultfd-snapshot.patch");

  private static String render(FindingFormat f, List<Finding> findings) {
    StringWriter s = new StringWriter();
    f.write(findings, new PrintWriter(s));
    return s.toString();
  }

  private static Finding info(String file, int line) {
    return new Finding(
        "undocumented-helper",
        Severity.INFO,
        new Location(file, line, 1, 2, ""),
        OptionalInt.empty(),
        "note " + file + ":" + line,
        List.of(),
        "",
        "",
        "",
        true,
        "");
  }

  @Test
  void humanFormatPutsInfosAfterErrorsAndCapsThemPerFile() {
    List<Finding> batch = new ArrayList<>();
    for (int l = 1; l <= 8; l++) {
      batch.add(info("mm/a.c", l));
    }
    batch.add(info("mm/b.c", 1));
    batch.add(RETRY);
    String out = render(new HumanFormat().withInfoCap(5), batch).replace("\r\n", "\n");
    assertTrue(out.indexOf("error [retry-stale-snapshot]") < out.indexOf("note mm/a.c:1"), out);
    assertTrue(out.contains("note mm/a.c:5") && !out.contains("note mm/a.c:6"), out);
    assertTrue(
        out.contains("... and 3 more info findings in mm/a.c (--all-infos to show them)"), out);
    assertTrue(out.contains("note mm/b.c:1") && !out.contains("more info findings in mm/b.c"), out);
    assertTrue(out.contains("total: 1 errors, 0 warnings, 9 infos"), out);
    String all = render(new HumanFormat(), batch);
    assertTrue(all.contains("note mm/a.c:8") && !all.contains("more info findings"), all);
  }

  @Test
  void gccFormatIsWhatEditorsParse() {
    String out = render(new GccFormat(), List.of(RETRY));
    assertEquals(
        "mm/userfaultfd.c:12:13: error: vm_file is relied on after the lock is retaken but never"
            + " compared. [retry-stale-snapshot]\n"
            + "mm/userfaultfd.c:7:2: note: lock dropped here [retry-stale-snapshot]\n",
        out.replace("\r\n", "\n"));
  }

  @Test
  void humanFormatMarksTheEvidenceUnderTabExpandedSource() {
    String out = render(new HumanFormat(), List.of(RETRY)).replace("\r\n", "\n");
    assertTrue(
        out.startsWith("mm/userfaultfd.c:12:6 (patch line #57): error [retry-stale-snapshot] "),
        out);
    // column 6 of "\tif (ops != orig_ops)" is "ops": past the tab (8 columns) and "if (", position
    // 12.
    String[] lines = out.split("\n");
    assertEquals("    12 |         if (ops != orig_ops)", lines[1]);
    assertEquals("       |             ^^^^^^^^^^^^^^^", lines[2]);
    assertTrue(out.contains("note: mm/userfaultfd.c:7:2: lock dropped here"), out);
    assertTrue(out.contains("fix: Compare every property"), out);
    assertTrue(out.contains("context: only the patch hunks were seen"), out);
    assertTrue(out.contains("in: 0001-userfaultfd-snapshot.patch"), out);
    assertTrue(out.trim().endsWith("total: 1 errors, 0 warnings, 0 infos"), out);
  }

  @Test
  void jsonFormatFollowsTheDocumentedSchema() throws Exception {
    JsonNode root = new ObjectMapper().readTree(render(new JsonFormat(), List.of(RETRY)));
    assertEquals(JsonFormat.SCHEMA, root.get("schema").asText());
    JsonNode f = root.get("findings").get(0);
    assertEquals("retry-stale-snapshot", f.get("rule").asText());
    assertEquals("error", f.get("severity").asText());
    assertEquals(12, f.get("line").asInt());
    assertEquals(57, f.get("patchLine").asInt());
    assertEquals("lock dropped here", f.get("related").get(0).get("label").asText());
    assertEquals(1, root.get("counts").get("error").asInt());
    assertEquals("0001-userfaultfd-snapshot.patch", f.get("origin").asText());
  }

  @Test
  void humanFormatSaysHunkOnlyOnceForAllTheFilesOfAnInput() {
    StringWriter s = new StringWriter();
    FindingFormat.Output o = new HumanFormat().start(new PrintWriter(s));
    List<FileContext> files = new ArrayList<>();
    for (String f : List.of("mm/a.c", "mm/b.c", "mm/c.c", "mm/d.c", "mm/e.c")) {
      files.add(FileContext.hunks(f, "0001-x.patch", ""));
    }
    o.reviewed(files);
    o.finish(RunSummary.UNKNOWN);
    List<String> notices = s.toString().lines().filter(l -> l.contains("hunk-only")).toList();
    assertEquals(1, notices.size(), s.toString());
    assertTrue(
        notices
            .get(0)
            .startsWith(
                "mm/a.c, mm/b.c, mm/c.c and 2 more files: hunk-only review in 0001-x.patch"),
        notices.get(0));
  }

  @Test
  void unknownFormatNamesTheChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FindingFormat.named("xml"));
    assertTrue(e.getMessage().contains("human, gcc, json, sarif or checkpatch"));
  }
}
