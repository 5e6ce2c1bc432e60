package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditReportTest {
  @TempDir Path dir;

  Path db;

  @BeforeEach
  void audit() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    AuditCommandTest.standardInbox(inbox);
    db = dir.resolve("audit.db");
    CheckRun.Result r =
        CheckRun.run(
            "audit",
            "run",
            "--db",
            db.toString(),
            "--path",
            "mm",
            "--progress",
            "none",
            // the family's findings are terse-identifier's, an info rule off by default
            "--enable-rule",
            "terse-identifier",
            inbox.toString());
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void jsonCsvAndMarkdownCarryEveryFinding() throws Exception {
    long findings = AuditCommandTest.count(db, "SELECT count(*) FROM findings");
    CheckRun.Result json = CheckRun.run("audit", "report", "--db", db.toString(), "--format=json");
    assertEquals(0, json.code(), json.err());
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertEquals(findings, root.get("findings").size());
    assertEquals(10, root.get("summary").get("messages").asLong());
    assertTrue(root.get("fixed").size() > 0, json.out());
    JsonNode first = root.get("findings").get(0);
    assertTrue(
        first.get("url").asText().startsWith("https://lore.kernel.org/r/"), first.toString());
    assertFalse(first.get("source_line").asText().isEmpty(), first.toString());

    CheckRun.Result csv = CheckRun.run("audit", "report", "--db", db.toString(), "--format=csv");
    assertEquals(0, csv.code(), csv.err());
    assertTrue(csv.out().startsWith("date,rule,severity,lifecycle,version_label,file,line,"));
    // one header and one line per finding: no cell of these findings spans lines
    assertEquals(findings + 1, csv.out().split("\r\n").length);

    Path md = dir.resolve("audit.md");
    CheckRun.Result m =
        CheckRun.run(
            "audit", "report", "--db", db.toString(), "--format=markdown", "-o", md.toString());
    assertEquals(0, m.code(), m.err());
    String text = Files.readString(md);
    assertTrue(text.contains("| reviewed | 5 |"), text);
    assertTrue(text.contains("[[PATCH v2] " + AuditCommandTest.TITLE + "](https://lore"), text);
  }

  @Test
  void aBadFormatOrAMissingDatabaseIsOneLine() {
    CheckRun.Result r = CheckRun.run("audit", "report", "--db", db.toString(), "--format=pdf");
    assertEquals(2, r.code());
    assertEquals(
        "mmreview: audit report: give --html FILE or --format=html|json|csv|markdown (got 'pdf')\n",
        r.err());
    CheckRun.Result none =
        CheckRun.run("audit", "report", "--db", dir.resolve("x.db").toString(), "--format=csv");
    assertEquals(2, none.code());
    assertEquals(1, none.err().lines().count(), none.err());
  }

  @Test
  void theHtmlPageIsSelfContainedAndRendersInChromium() throws Exception {
    Path html = dir.resolve("report.html");
    CheckRun.Result r =
        CheckRun.run("audit", "report", "--db", db.toString(), "--html", html.toString());
    assertEquals(0, r.code(), r.err());
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertFalse(Pattern.compile("<script[^>]+src=").matcher(page).find(), "no external script");
    assertFalse(page.contains("<link"), "no external stylesheet");
    assertTrue(page.contains("echarts"), "ECharts inlined");
    assertTrue(page.length() > 1_000_000, "ECharts inlined: " + page.length());

    Optional<String> chromium = chromium();
    if (chromium.isEmpty()) {
      System.err.println(
          "\n*** AuditReportTest: SKIPPED the browser check of the HTML report: no chromium on"
              + " PATH (apt-get install chromium; .ci/run installs it) ***\n");
      Assumptions.abort("chromium not installed: HTML report not checked in a browser");
    }
    Path shot = Path.of("target", "audit-report-test.png").toAbsolutePath();
    Files.createDirectories(shot.getParent());
    String dom = runChromium(chromium.get(), html, "--dump-dom");
    Matcher charts = Pattern.compile("data-charts-rendered=\"(\\d+)\"").matcher(dom);
    assertTrue(charts.find(), "the page's script did not finish: " + tail(dom));
    assertEquals("5", charts.group(1));
    Matcher errors = Pattern.compile("data-errors=\"(\\d+)\"").matcher(dom);
    assertTrue(errors.find(), tail(dom));
    assertEquals("0", errors.group(1), "console errors: " + tail(dom));
    for (String id :
        List.of(
            "chart-rule-month", "chart-lifecycle", "chart-files", "chart-functions", "chart-ttf")) {
      int at = dom.indexOf("id=\"" + id + "\"");
      assertTrue(at >= 0, id);
      String after = dom.substring(at, Math.min(dom.length(), at + 4000));
      assertTrue(after.contains("<svg") && after.contains("<path"), id + " has no drawing");
    }
    long rows =
        Pattern.compile("<tr>").matcher(dom.substring(dom.indexOf("<tbody>"))).results().count();
    assertEquals(AuditCommandTest.count(db, "SELECT count(*) FROM findings"), rows);
    runChromium(chromium.get(), html, "--screenshot=" + shot, "--window-size=1400,2200");
    assertTrue(Files.size(shot) > 10_000, "screenshot written: " + shot);
  }

  private static String tail(String s) {
    return s.length() < 2000 ? s : s.substring(s.length() - 2000);
  }

  static Optional<String> chromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p.toString());
        }
      }
    }
    return Optional.empty();
  }

  static String runChromium(String chromium, Path html, String... extra) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--user-data-dir=" + html.resolveSibling("chromium-profile"),
                "--virtual-time-budget=10000"));
    cmd.addAll(List.of(extra));
    cmd.add(html.toUri().toString());
    Path out = html.resolveSibling("chromium.out");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(html.resolveSibling("chromium.err").toFile())
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not end in 60 s");
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
