package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.testing.InboxCommits;

/**
 * {@code mmreview bot --send} against an in-process SMTP server (GreenMail): the replies that reach
 * it, their headers, and the state that marks them sent; a second run sends nothing more.
 */
class BotSendTest {
  static final String SELF = "mmreview-bot@example.org";

  /** The fixture series of fixtures/bot, in the order of ReplyGoldenTest. */
  static final List<String> MAILS =
      List.of("series-0.eml", "series-1.eml", "series-2.eml", "single.eml", "pmd.eml");

  /** Patch Message-ID → its author (the reply's To), for the four patches that get a reply. */
  static final Map<String, String> PATCHES =
      Map.of(
          "<20260403144012.1000-1-priya.natarajan@example.org>",
          "priya.natarajan@example.org",
          "<20260403144012.1000-2-priya.natarajan@example.org>",
          "priya.natarajan@example.org",
          "<20260406011200.4242-1-ming.zhou@example.net>",
          "ming.zhou@example.net",
          "<20260407100000.77-1-olu@example.com>",
          "olu@example.com");

  @TempDir Path dir;

  GreenMail mail;

  @BeforeEach
  void startSmtp() {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp"));
    mail.start();
  }

  @AfterEach
  void stopSmtp() {
    mail.stop();
  }

  static Path inbox(Path dir) throws IOException {
    Path inbox = dir.resolve("inbox.git");
    try (Repository r = new FileRepositoryBuilder().setGitDir(inbox.toFile()).setBare().build()) {
      r.create(true);
      for (String m : MAILS) {
        InboxCommits.add(r, "m", Files.readAllBytes(Path.of("fixtures/bot", m)), 0);
      }
    }
    return inbox;
  }

  static Path config(Path dir, int port) throws IOException {
    Path cfg = dir.resolve("bot.yaml");
    Files.writeString(
        cfg,
        "from: \"mmreview bot <"
            + SELF
            + ">\"\n"
            + "lists: [linux-mm@kvack.org]\n"
            + "smtp: {host: 127.0.0.1, port: "
            + port
            + ", starttls: false}\n");
    return cfg;
  }

  static List<String> args(Path dir, Path inbox, Path cfg, Path db) {
    return List.of(
        "bot",
        "--inbox",
        inbox.toString(),
        "--state",
        db.toString(),
        "--outbox",
        dir.resolve("out").toString(),
        "--config",
        cfg.toString(),
        "--since",
        "2026-01-01",
        "--send",
        "--once");
  }

  /** The bot's own copies (one per SMTP send), the Bcc to its address. */
  static List<MimeMessage> copies(GreenMail mail) {
    return mail.findReceivedMessages(u -> u.getEmail().equalsIgnoreCase(SELF), m -> true).toList();
  }

  /** How many copies reached the bot's mailbox per In-Reply-To. */
  static Map<String, Integer> byInReplyTo(GreenMail mail) throws MessagingException {
    Map<String, Integer> n = new TreeMap<>();
    for (MimeMessage m : copies(mail)) {
      n.merge(m.getHeader("In-Reply-To", null), 1, Integer::sum);
    }
    return n;
  }

  /** patch_id → state of the state db's replies. */
  static Map<String, String> replyStates(Path db) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT patch_id, state FROM reply")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  @Test
  void sendsOneReplyPerPatchInItsThreadAndNothingTheSecondTime() throws Exception {
    Path inbox = inbox(dir);
    Path cfg = config(dir, mail.getSmtp().getPort());
    Path db = dir.resolve("state.db");
    CheckRun.Result r = CheckRun.run(args(dir, inbox, cfg, db).toArray(String[]::new));
    assertEquals(0, r.code(), r.err());

    List<MimeMessage> copies = copies(mail);
    assertEquals(PATCHES.size(), copies.size(), "one send per patch: " + r.err());
    Map<String, String> seen = new TreeMap<>();
    int deliveries = 0;
    for (MimeMessage m : copies) {
      String irt = m.getHeader("In-Reply-To", null);
      assertTrue(PATCHES.containsKey(irt), irt);
      seen.put(irt, m.getSubject());
      assertTrue(m.getSubject().startsWith("Re: [PATCH"), m.getSubject());
      assertTrue(m.getHeader("References", null).contains(irt), "References names the patch");
      assertEquals(
          PATCHES.get(irt),
          ((InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0]).getAddress());
      assertTrue(m.getContentType().startsWith("text/plain"), m.getContentType());
      assertTrue(m.getContent() instanceof String, "plain text, not multipart");
      assertTrue(m.getMessageID().startsWith("<mmreview."), m.getMessageID());
      assertEquals(SELF, ((InternetAddress) m.getFrom()[0]).getAddress());
      assertTrue(
          m.getHeader("Cc", null).contains("linux-mm@kvack.org"), "the list is Cc'd: " + irt);
      // every To and Cc got it, and the bot's own copy
      int recipients = m.getAllRecipients().length + 1;
      deliveries += recipients;
    }
    assertEquals(PATCHES.keySet(), seen.keySet());
    assertEquals(deliveries, mail.getReceivedMessages().length);
    Map<String, String> sent = new TreeMap<>();
    PATCHES.keySet().forEach(p -> sent.put(p, "sent"));
    assertEquals(sent, replyStates(db));

    CheckRun.Result again = CheckRun.run(args(dir, inbox, cfg, db).toArray(String[]::new));
    assertEquals(0, again.code(), again.err());
    assertEquals(deliveries, mail.getReceivedMessages().length, "a second run sends nothing");
    assertEquals(sent, replyStates(db));
  }
}
