package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.audit.AuditInbox;

/**
 * {@code kill -9} at random points, many times: each killed run is started again with the same
 * command until one finishes, and the final database must hold exactly what an uninterrupted run
 * writes: every message once, no finding twice, the same labels and families. The number of kills
 * is {@code -Daudit.kills=N} (default 6, about 30 s here; bench/audit-kill.sh runs more).
 */
class AuditKillTest {
  @TempDir Path dir;

  /** 120 messages: the standard inbox's kinds, twelve times over with fresh Message-IDs. */
  static void bigInbox(Path inbox) throws Exception {
    String terse = AuditInbox.fixtureBody("terse-identifier/fire_single_letter_snapshot.patch");
    String bugOn = AuditInbox.fixtureBody("bug-on-recoverable/fire_copy_ioctl_asserts.patch");
    String retry = AuditInbox.fixtureBody("retry-stale-snapshot/fire_split_copy_retry.patch");
    String swap = AuditInbox.fixtureBody("swap-counter-mismatch/fire_remap_swap_pte.patch");
    String clean =
        AuditInbox.fixtureBody("terse-identifier/silent_counters_scalars_existing.patch");
    try (AuditInbox a = AuditInbox.create(inbox)) {
      for (int i = 0; i < 12; i++) {
        String t = "userfaultfd: change " + i;
        String who = "Dev " + i + " <dev" + i + "@example.org>";
        a.mail("a" + i + "@x", "", who, "[PATCH] " + t, terse);
        a.mail("b" + i + "@x", "a" + i + "@x", AuditCommandTest.TOMAS, "Re: [PATCH] " + t, "Hm.\n");
        a.mail("c" + i + "@x", "", who, "[PATCH v2] " + t, i % 2 == 0 ? terse : clean);
        a.mail("d" + i + "@x", "", who, "[PATCH v2 0/3] mm: series " + i, "Three.\n");
        a.mail("e" + i + "@x", "d" + i + "@x", who, "[PATCH v2 1/3] mm: one " + i, bugOn);
        a.mail("f" + i + "@x", "d" + i + "@x", who, "[PATCH v2 2/3] mm: two " + i, retry);
        a.mail("g" + i + "@x", "d" + i + "@x", who, "[PATCH v2 3/3] mm: three " + i, swap);
        a.mail("h" + i + "@x", "", who, "a question " + i, "Why?\n");
        a.mail("i" + i + "@x", "h" + i + "@x", who, "Re: a question " + i, "Because.\n");
        a.delete();
      }
    }
  }

  @Test
  void killedRunsEndAsTheUninterruptedOne() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    bigInbox(inbox);
    Path reference = dir.resolve("reference.db");
    CheckRun.Result ref =
        CheckRun.run(
            "audit", "run", "--db", reference.toString(), "--progress", "none", inbox.toString());
    assertEquals(0, ref.code(), ref.err());

    int kills = Integer.getInteger("audit.kills", 6);
    Random random = new Random(Long.getLong("audit.seed", 20261202L));
    int killed = 0;
    int campaigns = 0;
    List<Long> messagesAtKill = new ArrayList<>();
    // A campaign kills and restarts runs on one database until a run ends by itself; campaigns
    // start over on a fresh database until enough kills have landed.
    while (killed < kills) {
      campaigns++;
      Path db = dir.resolve("killed-" + campaigns + ".db");
      while (true) {
        Process p = start(db, inbox);
        if (killed >= kills) {
          assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the last run did not end");
          assertEquals(0, p.exitValue(), "the run that finished failed");
          break;
        }
        if (!killSomewhere(p, db, random)) {
          assertEquals(0, p.exitValue(), "a run that ended before its kill failed");
          break;
        }
        killed++;
        messagesAtKill.add(messages(db));
      }
      assertSameAs(reference, db);
    }
    System.out.println(
        "AuditKillTest: "
            + killed
            + " kills in "
            + campaigns
            + " campaigns (messages in the db at each kill: "
            + messagesAtKill
            + "); each final db equal to the uninterrupted run's: 0 duplicates, 0 lost");
  }

  private static Process start(Path db, Path inbox) throws Exception {
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "audit",
            "run",
            "--db",
            db.toString(),
            "--progress",
            "none",
            inbox.toString());
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(db.resolveSibling(db.getFileName() + ".log").toFile())
        .start();
  }

  /**
   * Kills {@code p} with SIGKILL at a random point: a quarter of the time anywhere from JVM start
   * on, otherwise once the run has committed something (reviewing, writing or regrouping). False
   * when the run ended first.
   */
  private static boolean killSomewhere(Process p, Path db, Random random) throws Exception {
    long before = messages(db);
    if (random.nextInt(4) == 0) {
      p.waitFor(random.nextInt(2500), TimeUnit.MILLISECONDS);
    } else {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (p.isAlive() && System.nanoTime() < deadline && messages(db) <= before) {
        p.waitFor(20, TimeUnit.MILLISECONDS);
      }
      p.waitFor(random.nextInt(300), TimeUnit.MILLISECONDS);
    }
    if (!p.isAlive()) {
      return false;
    }
    p.destroyForcibly().waitFor();
    return true;
  }

  private static void assertSameAs(Path reference, Path db) throws Exception {
    assertEquals(
        0, count(db, "SELECT count(*) - count(DISTINCT source_id || ' ' || item) FROM messages"));
    assertEquals(
        0,
        count(
            db,
            "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT message, rule, line, col,"
                + " fingerprint FROM findings)) FROM findings"));
    for (String q : CANONICAL) {
      assertEquals(dump(reference, q), dump(db, q), q);
    }
    assertEquals(120, count(db, "SELECT count(*) FROM messages"));
  }

  /** The database's content without row ids, run ids and times. */
  private static final List<String> CANONICAL =
      List.of(
          "SELECT s.kind, s.location, m.item, m.outcome, m.reason, m.kind, m.message_id, m.url,"
              + " m.series_version, m.files, m.tool_version, m.rule_set FROM messages m JOIN"
              + " sources s ON s.id = m.source_id ORDER BY m.item",
          "SELECT m.item, f.rule, f.severity, f.file, f.line, f.col, f.fingerprint, f.lifecycle,"
              + " f.version_label, f.text FROM findings f JOIN messages m ON m.id = f.message"
              + " ORDER BY m.item, f.line, f.col, f.rule, f.fingerprint",
          "SELECT title, author, versions, first_date FROM families ORDER BY title, author",
          "SELECT f.title, x.version, x.fingerprint, x.introduced_version FROM fixed x JOIN"
              + " families f ON f.id = x.family_id ORDER BY f.title, x.fingerprint",
          "SELECT f.title, s.version, s.total, s.complete, (SELECT count(*) FROM messages m WHERE"
              + " m.series_id = s.id) FROM series s JOIN families f ON f.id = s.family_id ORDER BY"
              + " f.title, s.version");

  /** Messages recorded so far; 0 before the run has created the schema. */
  private static long messages(Path db) {
    try {
      return Files.exists(db) ? count(db, "SELECT count(*) FROM messages") : 0;
    } catch (Exception e) {
      return 0;
    }
  }

  static long count(Path db, String sql) throws Exception {
    return AuditCommandTest.count(db, sql);
  }

  private static List<String> dump(Path db, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          sb.append(rs.getString(i)).append('|');
        }
        rows.add(sb.toString());
      }
    }
    return rows;
  }
}
