package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmreview.cli.AuditCommandTest.DANA;
import static org.mmreview.cli.AuditCommandTest.TITLE;
import static org.mmreview.cli.AuditCommandTest.TOMAS;
import static org.mmreview.cli.AuditCommandTest.count;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.audit.AuditInbox;

/**
 * A patch cross-posted to two lists is in both archives with one Message-ID: audited into one
 * database, it is reviewed once; the other copy is a row skipped as a duplicate naming the first.
 */
class AuditCrossPostTest {
  @TempDir Path dir;

  private static String[] audit(Path db, Path... inboxes) {
    String[] head = {
      "audit",
      "run",
      "--db",
      db.toString(),
      "--path",
      "mm",
      "--progress",
      "none",
      "--enable-rule",
      "terse-identifier"
    };
    String[] args = new String[head.length + inboxes.length];
    System.arraycopy(head, 0, args, 0, head.length);
    for (int i = 0; i < inboxes.length; i++) {
      args[head.length + i] = inboxes[i].toString();
    }
    return args;
  }

  @Test
  void aMessageInTwoArchivesIsReviewedOnce() throws Exception {
    String terse = AuditInbox.fixtureBody("terse-identifier/fire_single_letter_snapshot.patch");
    String bugOn = AuditInbox.fixtureBody("bug-on-recoverable/fire_copy_ioctl_asserts.patch");
    Path linuxMm = dir.resolve("linux-mm.git");
    Path kselftest = dir.resolve("kselftest.git");
    try (AuditInbox a = AuditInbox.create(linuxMm)) {
      a.mail("both@example.org", "", DANA, "[PATCH] " + TITLE, terse);
      a.mail("r1@example.org", "both@example.org", TOMAS, "Re: [PATCH] " + TITLE, "Hm.\n");
    }
    try (AuditInbox b = AuditInbox.create(kselftest)) {
      b.mail("other@example.org", "", TOMAS, "[PATCH] userfaultfd: add UFFDIO_POKE", bugOn);
      b.mail("both@example.org", "", DANA, "[PATCH] " + TITLE, terse);
      // the same mail twice in one archive is a duplicate too
      b.mail("other@example.org", "", TOMAS, "[PATCH] userfaultfd: add UFFDIO_POKE", bugOn);
    }
    Path alone = dir.resolve("alone.db");
    assertEquals(0, CheckRun.run(audit(alone, linuxMm)).code());
    long findingsOfA = count(alone, "SELECT count(*) FROM findings");
    assertTrue(findingsOfA > 0);

    Path db = dir.resolve("audit.db");
    CheckRun.Result r = CheckRun.run(audit(db, linuxMm, kselftest));
    assertEquals(0, r.code(), r.err());
    // five items read, every one accounted for: two reviewed, a reply, two duplicates
    assertTrue(
        r.out().startsWith("audit: 5 messages and commits: 2 reviewed, 3 skipped, 0 failed"),
        r.out());
    assertTrue(r.out().contains("skipped: duplicate: 2"), r.out());
    assertEquals(5, count(db, "SELECT count(*) FROM messages"));
    assertEquals(
        1,
        count(
            db,
            "SELECT count(*) FROM messages m JOIN sources s ON s.id = m.source_id"
                + " WHERE m.message_id = '<both@example.org>' AND m.outcome = 'reviewed'"
                + " AND s.location LIKE '%linux-mm.git'"));
    assertEquals(
        1,
        count(
            db,
            "SELECT count(*) FROM messages m JOIN sources s ON s.id = m.source_id"
                + " WHERE m.message_id = '<both@example.org>' AND m.outcome = 'skipped'"
                + " AND m.reason = 'duplicate' AND s.location LIKE '%kselftest.git'"
                + " AND m.detail LIKE 'Message-ID <both@example.org> first read from inbox %"
                + "linux-mm.git %'"));
    assertEquals(
        1,
        count(
            db,
            "SELECT count(*) FROM messages WHERE message_id = '<other@example.org>'"
                + " AND reason = 'duplicate'"));
    // findings not doubled: the cross-posted patch's once, plus the other patch's
    long findingsOfOther =
        count(
            db,
            "SELECT count(*) FROM findings f JOIN messages m ON m.id = f.message"
                + " WHERE m.message_id = '<other@example.org>'");
    assertTrue(findingsOfOther > 0);
    assertEquals(findingsOfA + findingsOfOther, count(db, "SELECT count(*) FROM findings"));
    // one family with one version, not two
    assertEquals(1, count(db, "SELECT versions FROM families WHERE title = '" + TITLE + "'"));

    CheckRun.Result again = CheckRun.run(audit(db, linuxMm, kselftest));
    assertTrue(
        again
            .out()
            .startsWith(
                "audit: 5 messages and commits: 0 reviewed, 0 skipped, 0 failed, 5 unchanged"),
        again.out());

    // the other order into a fresh database: the first archive read is the one reviewed
    Path swapped = dir.resolve("swapped.db");
    assertEquals(0, CheckRun.run(audit(swapped, kselftest, linuxMm)).code());
    assertEquals(
        1,
        count(
            swapped,
            "SELECT count(*) FROM messages m JOIN sources s ON s.id = m.source_id"
                + " WHERE m.message_id = '<both@example.org>' AND m.outcome = 'reviewed'"
                + " AND s.location LIKE '%kselftest.git'"));
    assertEquals(
        count(db, "SELECT count(*) FROM findings"),
        count(swapped, "SELECT count(*) FROM findings"));
  }
}
