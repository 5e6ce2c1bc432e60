package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.audit.AuditInbox;
import org.mmreview.store.AuditStore;

class AuditCommandTest {
  @TempDir Path dir;

  static final String DANA = "Dana Whitfield <dana.whitfield@example.org>";
  static final String TOMAS = "Tomas Lindqvist <tomas.lindqvist@example.org>";
  static final String TITLE = "userfaultfd: snapshot VMA state across the copy retry";

  /**
   * A family in three versions (v1 and v2 with the same terse-identifier findings, v3 without
   * them), a reply, a two-patch series with its cover letter, a patch outside mm/, a discussion and
   * a removed message: 10 archive commits.
   */
  static void standardInbox(Path inbox) throws Exception {
    String terse = AuditInbox.fixtureBody("terse-identifier/fire_single_letter_snapshot.patch");
    String clean =
        AuditInbox.fixtureBody("terse-identifier/silent_counters_scalars_existing.patch");
    try (AuditInbox a = AuditInbox.create(inbox)) {
      a.mail("v1@example.org", "", DANA, "[PATCH] " + TITLE, terse);
      a.mail("r1@example.org", "v1@example.org", TOMAS, "Re: [PATCH] " + TITLE, "Looks odd.\n");
      a.mail("v2@example.org", "", DANA, "[PATCH v2] " + TITLE, terse);
      a.mail("v3@example.org", "", DANA, "[PATCH v3] " + TITLE, clean);
      a.mail("c0@example.org", "", TOMAS, "[PATCH 0/2] userfaultfd: poke", "Two patches.\n");
      a.mail(
          "c1@example.org",
          "c0@example.org",
          TOMAS,
          "[PATCH 1/2] userfaultfd: add UFFDIO_POKE",
          AuditInbox.fixtureBody("bug-on-recoverable/fire_copy_ioctl_asserts.patch"));
      a.mail(
          "c2@example.org",
          "c0@example.org",
          TOMAS,
          "[PATCH 2/2] userfaultfd: poke retry",
          AuditInbox.fixtureBody("retry-stale-snapshot/fire_split_copy_retry.patch"));
      a.mail(
          "t1@example.org",
          "",
          TOMAS,
          "[PATCH] selftests: one more test",
          "A test.\n---\n"
              + "diff --git a/tools/t.sh b/tools/t.sh\n--- a/tools/t.sh\n+++ b/tools/t.sh\n"
              + "@@ -1 +1,2 @@\n echo a\n+echo b\n");
      a.mail("d1@example.org", "", TOMAS, "userfaultfd and THP, a question", "Why?\n");
      a.delete();
    }
  }

  static long count(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void accountsForEveryMessageAndLabelsTheFamily() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    standardInbox(inbox);
    Path db = dir.resolve("audit.db");
    CheckRun.Result r =
        CheckRun.run(
            "audit",
            "run",
            "--db",
            db.toString(),
            "--path",
            "mm",
            "--progress",
            "lines",
            "--enable-rule",
            "terse-identifier",
            inbox.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().startsWith("audit: 10 messages and commits: 5 reviewed, 5 skipped, 0 failed"),
        r.out());
    assertTrue(r.out().contains("skipped: no diff under the paths: 1"), r.out());
    assertTrue(r.out().contains("skipped: reply: 1"), r.out());
    assertTrue(r.out().contains("skipped: cover letter: 1"), r.out());
    assertTrue(r.out().contains("skipped: removed from the archive: 1"), r.out());
    assertTrue(
        r.out()
            .contains("skipped: new thread without a diff (discussion, report, announcement): 1"),
        r.out());
    assertEquals(10, count(db, "SELECT count(*) FROM messages"));
    assertEquals(
        count(
            db,
            "SELECT count(*) FROM findings f JOIN messages m ON m.id = f.message"
                + " WHERE m.message_id = '<v1@example.org>'"),
        count(
            db,
            "SELECT count(*) FROM findings f JOIN messages m ON m.id = f.message"
                + " WHERE m.message_id = '<v2@example.org>' AND f.version_label = 'still present"
                + " since v1'"));
    assertTrue(count(db, "SELECT count(*) FROM findings WHERE version_label = 'new in v1'") > 0);
    assertEquals(
        count(
            db,
            "SELECT count(DISTINCT f.fingerprint) FROM findings f JOIN messages m ON m.id"
                + " = f.message WHERE m.message_id = '<v2@example.org>'"),
        count(db, "SELECT count(*) FROM fixed WHERE version = 3"));
    assertEquals(
        1,
        count(
            db,
            "SELECT count(*) FROM messages WHERE url ="
                + " 'https://lore.kernel.org/r/v1@example.org'"));
    assertEquals(
        0,
        count(
            db,
            "SELECT count(*) FROM findings WHERE tool_version = '' OR rule_set = '' OR lifecycle"
                + " != 'introduced'"));
    assertEquals(3, count(db, "SELECT versions FROM families WHERE title = '" + TITLE + "'"));

    CheckRun.Result status = CheckRun.run("audit", "status", "--db", db.toString());
    assertEquals(0, status.code(), status.err());
    assertTrue(
        status.out().contains("messages: 10 (5 reviewed, 5 skipped, 0 failed)"), status.out());
    assertTrue(status.out().contains("fixed in a later version: "), status.out());
  }

  @Test
  void aRerunReviewsOnlyNewMailsAndARuleChangeOnlyPatches() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    standardInbox(inbox);
    Path db = dir.resolve("audit.db");
    String[] run = {
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
      inbox.toString()
    };
    assertEquals(0, CheckRun.run(run).code());
    long findings = count(db, "SELECT count(*) FROM findings");
    CheckRun.Result again = CheckRun.run(run);
    assertTrue(
        again
            .out()
            .startsWith(
                "audit: 10 messages and commits: 0 reviewed, 0 skipped, 0 failed,"
                    + " 10 unchanged"),
        again.out());
    assertEquals(findings, count(db, "SELECT count(*) FROM findings"));

    try (AuditInbox a = AuditInbox.open(inbox)) {
      a.mail(
          "v4@example.org",
          "",
          DANA,
          "[PATCH v4] " + TITLE,
          AuditInbox.fixtureBody("terse-identifier/fire_single_letter_snapshot.patch"));
    }
    CheckRun.Result more = CheckRun.run(run);
    assertTrue(
        more.out()
            .startsWith(
                "audit: 11 messages and commits: 1 reviewed, 0 skipped, 0 failed,"
                    + " 10 unchanged"),
        more.out());
    assertTrue(
        count(db, "SELECT count(*) FROM findings WHERE version_label = 'new in v4'") > 0,
        "v4 brings back what v3 fixed");

    String[] fewer = {
      "audit",
      "run",
      "--db",
      db.toString(),
      "--path",
      "mm",
      "--progress",
      "none",
      "--ignore",
      "terse-identifier",
      inbox.toString()
    };
    CheckRun.Result ruleChange = CheckRun.run(fewer);
    // the patches (v1-v4, 1/2, 2/2 and the one outside mm/) depend on rules; the rest does not
    assertTrue(
        ruleChange
            .out()
            .startsWith(
                "audit: 11 messages and commits: 6 reviewed, 1 skipped, 0"
                    + " failed, 4 unchanged"),
        ruleChange.out());
    assertEquals(0, count(db, "SELECT count(*) FROM findings WHERE rule = 'terse-identifier'"));
    assertEquals(11, count(db, "SELECT count(*) FROM messages"));
    assertEquals(4, count(db, "SELECT count(*) FROM runs WHERE finished IS NOT NULL"));
  }

  @Test
  void aSecondWriterIsToldTheDatabaseIsBusy() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    standardInbox(inbox);
    Path db = dir.resolve("audit.db");
    try (AuditStore.RunLock held = AuditStore.lockForRun(db, false).orElseThrow()) {
      CheckRun.Result r =
          CheckRun.run(
              "audit", "run", "--db", db.toString(), "--progress", "none", inbox.toString());
      assertEquals(2, r.code());
      assertTrue(
          r.err()
              .startsWith(
                  "mmreview: "
                      + db
                      + ": busy: another audit run (pid and start: "
                      + ProcessHandle.current().pid()),
          r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
    CheckRun.Result after =
        CheckRun.run("audit", "run", "--db", db.toString(), "--progress", "none", inbox.toString());
    assertEquals(0, after.code(), after.err());
  }

  @Test
  void mboxMessagesAreNumberedAndAChangedOneIsReviewedAgain() throws Exception {
    String patch = AuditInbox.fixtureBody("bug-on-recoverable/fire_copy_ioctl_asserts.patch");
    Path mbox = dir.resolve("mails.mbox");
    String one =
        "From a@b Mon Sep 17 00:00:00 2001\nFrom: "
            + TOMAS
            + "\nSubject: [PATCH] poke\n"
            + "Message-ID: <m1@example.org>\n\n"
            + patch;
    String two =
        "From a@b Mon Sep 17 00:00:00 2001\nFrom: "
            + TOMAS
            + "\nSubject: Re: [PATCH] poke\n"
            + "Message-ID: <m2@example.org>\nIn-Reply-To: <m1@example.org>\n\nNo.\n";
    Files.writeString(mbox, one + two, StandardCharsets.UTF_8);
    Path db = dir.resolve("audit.db");
    String[] run = {"audit", "run", "--db", db.toString(), "--progress", "none", mbox.toString()};
    CheckRun.Result r = CheckRun.run(run);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("audit: 2 messages and commits: 1 reviewed, 1 skipped"), r.out());
    assertEquals(
        1, count(db, "SELECT count(*) FROM messages WHERE item = '#2' AND kind = 'reply'"));
    Files.writeString(mbox, one + two.replace("No.", "Yes."), StandardCharsets.UTF_8);
    CheckRun.Result again = CheckRun.run(run);
    assertTrue(
        again
            .out()
            .startsWith(
                "audit: 2 messages and commits: 0 reviewed, 1 skipped, 0 failed," + " 1 unchanged"),
        again.out());
    assertEquals(2, count(db, "SELECT count(*) FROM messages"));
  }

  @Test
  void aMissingSourceIsOneLineAndExit2() throws Exception {
    CheckRun.Result r =
        CheckRun.run("audit", "run", "--db", dir.resolve("a.db").toString(), "nowhere.git");
    assertEquals(2, r.code());
    assertEquals("mmreview: audit run: nowhere.git: no such file or directory\n", r.err());
    CheckRun.Result s = CheckRun.run("audit", "status", "--db", dir.resolve("none.db").toString());
    assertEquals(2, s.code());
    assertTrue(s.err().endsWith("none.db: no such audit database\n"), s.err());
  }
}
