package org.mmreview.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mmreview.cli.Main;

/**
 * The job in Spark local mode ({@code local[2]}) on the shared corpus against the embedded {@code
 * audit run} of the same archive: every message with its outcome and reason, every finding with its
 * fields and version label, every family's series and fixes, compared row by row. The job's
 * tables go through its SQLite export, so the export is checked too; then an incremental rerun over
 * its own output reviews nothing and comes to the same database.
 */
class SparkEquivalenceTest {
  static final String BUNDLE = "linux-kselftest-mm-2019-2023.bundle";

  static Path target;
  static Path corpus;
  static SparkSession spark;

  @BeforeAll
  static void setUp() throws Exception {
    Path root =
        Path.of(System.getProperty("mmreview.root", "..")).toAbsolutePath().normalize();
    target = Path.of(System.getProperty("mmreview.target", "target")).toAbsolutePath();
    Path bundle = root.resolve("../shared/corpus").resolve(BUNDLE).normalize();
    if ("none".equals(System.getProperty("mmreview.corpus")) || !Files.isRegularFile(bundle)) {
      System.err.println(
          "\n**********************************************************************\n"
              + "SparkEquivalenceTest: SKIPPED, no corpus at "
              + bundle
              + "\n**********************************************************************\n");
      Assumptions.abort("no corpus at " + bundle);
    }
    corpus = clone(bundle, target.resolve("corpus.git"));
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("mmreview-spark test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void sparkAuditEqualsTheEmbeddedAudit() throws Exception {
    Path dir = target.resolve("equivalence");
    delete(dir);
    Files.createDirectories(dir);

    long t0 = System.nanoTime();
    Path embedded = dir.resolve("embedded.db");
    int status =
        Main.commandLine()
            .execute(
                "audit", "run", "--db", embedded.toString(), "--path", "mm", "--enable-rule", "terse-identifier", "--jobs", "1",
                "--progress", "none", corpus.toString());
    assertEquals(0, status, "embedded audit run");
    long t1 = System.nanoTime();

    // shards of 700 messages: families whose versions sit in different shards
    String out = dir.resolve("out").toString();
    SparkAudit.Totals totals =
        SparkAudit.run(
            spark,
            new SparkAudit.Options(
                List.of(corpus.toString()), out, null, List.of("mm"), RULES, URL, 700));
    Path sparkDb = dir.resolve("spark.db");
    SqliteExport.write(spark, out, sparkDb, RULES, "test");
    long t2 = System.nanoTime();

    Map<String, List<String>> want = snapshot(embedded);
    Map<String, List<String>> got = snapshot(sparkDb);
    compare(want, got);
    assertEquals(want.get("messages").size(), totals.messages());
    assertEquals(
        want.get("findings").size(), spark.read().parquet(out + "/findings").count(), "findings");

    // every message accounted for, as in the embedded run: the same counts by outcome, the same
    // archive problems, the same status
    assertEquals(
        rows(embedded, "SELECT reviewed, skipped, failed, status FROM runs ORDER BY id"),
        rows(sparkDb, "SELECT reviewed, skipped, failed, status FROM runs ORDER BY id"));
    assertEquals(
        want.get("messages").size(), totals.reviewed() + totals.skipped() + totals.failed());
    assertEquals(rows(embedded, PROBLEMS).size(), totals.problems(), "problems");

    // another rule set (terse-identifier no longer enabled): the patches are reviewed again, the
    // replies and cover letters kept with the rule set they were read with, in both runners
    long t3 = System.nanoTime();
    Path rerun = dir.resolve("embedded-rerun.db");
    Files.copy(embedded, rerun);
    status =
        Main.commandLine()
            .execute(
                "audit", "run", "--db", rerun.toString(), "--path", "mm", "--jobs", "1",
                "--progress", "none", corpus.toString());
    assertEquals(0, status, "embedded audit rerun");
    long t4 = System.nanoTime();
    String rules = dir.resolve("rules").toString();
    SparkAudit.Totals third =
        SparkAudit.run(
            spark,
            new SparkAudit.Options(
                List.of(corpus.toString()), rules, out, List.of("mm"), List.of(), URL, 700));
    Path rulesDb = dir.resolve("rules.db");
    SqliteExport.write(spark, rules, rulesDb, List.of(), "test");
    long t5 = System.nanoTime();
    Map<String, List<String>> wantRerun = snapshot(rerun);
    compare(wantRerun, snapshot(rulesDb));
    List<String> handled =
        rows(rerun, "SELECT reviewed + skipped + failed FROM runs ORDER BY id DESC LIMIT 1");
    assertEquals(List.of("c0=" + third.reviewedNow()), handled, "patches handled again");
    assertEquals(
        rows(rerun, "SELECT count(*) FROM messages WHERE kind = 'patch'"),
        List.of("c0=" + third.reviewedNow()),
        "every patch and nothing else handled again");

    // the same rule set again: nothing is handled again, every row is carried over
    String again = dir.resolve("again").toString();
    SparkAudit.Totals second =
        SparkAudit.run(
            spark,
            new SparkAudit.Options(
                List.of(corpus.toString()), again, rules, List.of("mm"), List.of(), URL, 700));
    assertEquals(0, second.reviewedNow(), "messages handled again");
    assertEquals(want.get("messages").size(), second.kept(), "messages kept");
    assertEquals(
        wantRerun.get("findings").size(),
        spark.read().parquet(again + "/findings").count(),
        "findings kept");
    assertEquals(
        spark.read().parquet(rules + "/findings").collectAsList().stream()
            .map(Row::toString)
            .sorted()
            .toList(),
        spark.read().parquet(again + "/findings").collectAsList().stream()
            .map(Row::toString)
            .sorted()
            .toList(),
        "the same findings");
    long t6 = System.nanoTime();
    System.err.printf(
        "SparkEquivalenceTest: %d messages, %d findings, %d series rows, %d fixes identical;"
            + " embedded %.1f s, spark local[2] with export %.1f s; rule set changed: %d patches"
            + " again, %d findings identical, embedded %.1f s, spark with export %.1f s;"
            + " incremental rerun (nothing again) %.1f s%n",
        want.get("messages").size(),
        want.get("findings").size(),
        want.get("series").size(),
        want.get("fixed").size(),
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9,
        third.reviewedNow(),
        wantRerun.get("findings").size(),
        (t4 - t3) / 1e9,
        (t5 - t4) / 1e9,
        (t6 - t5) / 1e9);
  }

  static final String PROBLEMS = "SELECT input, text FROM problems ORDER BY 1, 2";

  static final String URL = "https://lore.kernel.org/r/{msgid}";

  // terse-identifier (off by default) gives the corpus findings in several versions of a series,
  // so that labels and fixes across versions are compared, not only their absence
  static final List<String> RULES = List.of("terse-identifier");

  private static void compare(Map<String, List<String>> want, Map<String, List<String>> got) {
    for (String table : want.keySet()) {
      List<String> w = want.get(table);
      List<String> g = got.get(table);
      for (int i = 0; i < Math.min(w.size(), g.size()); i++) {
        assertEquals(w.get(i), g.get(i), table + " row " + i);
      }
      assertEquals(w.size(), g.size(), table + " rows");
    }
  }

  /** The database's content by value, row ids left out (they number rows, nothing more). */
  static Map<String, List<String>> snapshot(Path db) throws Exception {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      out.put(
          "messages",
          rows(
              c,
              "SELECT item, epoch, message_id, in_reply_to, url, subject, title, author, date,"
                  + " kind, series_version, series_index, series_total, outcome, reason, detail,"
                  + " files, hunk_only, tool_version, rule_set FROM messages ORDER BY item"));
      out.put(
          "findings",
          rows(
              c,
              "SELECT m.item, f.rule, f.severity, f.file, f.line, f.col, f.patch_line,"
                  + " f.function, f.text, f.source_line, f.fix, f.fingerprint, f.lifecycle,"
                  + " f.version_label, f.partial FROM findings f JOIN messages m ON f.message ="
                  + " m.id ORDER BY m.item, f.id"));
      out.put(
          "series",
          rows(
              c,
              "SELECT fa.title, fa.author, fa.versions, fa.first_date, fa.last_date, s.version,"
                  + " s.total, s.complete, s.date, (SELECT item FROM messages WHERE id ="
                  + " s.cover), (SELECT group_concat(item, ' ') FROM (SELECT item FROM messages"
                  + " WHERE series_id = s.id ORDER BY item)) FROM series s JOIN families fa ON"
                  + " s.family_id = fa.id ORDER BY 1, 2, 6, 11"));
      out.put("problems", rows(c, PROBLEMS));
      out.put(
          "fixed",
          rows(
              c,
              "SELECT fa.title, fa.author, x.version, x.fingerprint, x.rule, x.file, x.function,"
                  + " x.introduced_version, x.introduced_date, x.fixed_date FROM fixed x JOIN"
                  + " families fa ON x.family_id = fa.id ORDER BY 1, 2, 3, 4"));
    }
    return out;
  }

  private static List<String> rows(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      return rows(c, sql);
    }
  }

  private static List<String> rows(Connection c, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          // a computed column is named by its place, so that two queries' rows compare
          String name = md.getColumnName(i);
          b.append(i == 1 ? "" : " | ")
              .append(name.matches("[a-z_]+") ? name : "c" + (i - 1))
              .append('=');
          b.append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  /** The bundle as a bare public-inbox v1 archive, fetched once per build directory. */
  static Path clone(Path bundle, Path clone) throws Exception {
    if (Files.exists(clone.resolve("HEAD"))) {
      return clone;
    }
    Files.createDirectories(clone.getParent());
    Path tmp = Files.createTempDirectory(clone.getParent(), "corpus");
    try (Git g = Git.init().setBare(true).setDirectory(tmp.toFile()).call()) {
      g.fetch()
          .setRemote(bundle.toUri().toString())
          .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"))
          .call();
      String branch =
          g.getRepository().getRefDatabase().getRefsByPrefix("refs/heads/").get(0).getName();
      RefUpdate head = g.getRepository().updateRef("HEAD");
      head.link(branch);
    }
    Files.move(tmp, clone);
    return clone;
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
