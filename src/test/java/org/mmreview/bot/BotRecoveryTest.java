package org.mmreview.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.store.BotStore;

/**
 * Recovery through the list's echo, SMTP only (no IMAP to ask): a reply a crash left in {@code
 * sending} was sent if the list echoed it into the archive, and is marked so without being sent
 * again; one without its echo cannot be told sent or not, so it is left {@code unconfirmed} and
 * never sent again, until its echo shows up.
 */
class BotRecoveryTest {
  static final String SELF = "mmreview-bot@example.org";

  GreenMail smtp;

  @BeforeEach
  void start() {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp"));
    smtp.start();
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  /** In-Reply-To of each mail that reached the bot's own address (one per SMTP send). */
  List<String> sent() throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m :
        smtp.findReceivedMessages(u -> u.getEmail().equalsIgnoreCase(SELF), m -> true).toList()) {
      out.add(m.getHeader("In-Reply-To", null));
    }
    out.sort(null);
    return out;
  }

  static Map<String, String> states(BotStore store, List<BotStore.ReplyRow> rows) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (String state : List.of("prepared", "sending", "sent", "unconfirmed", "written")) {
      for (BotStore.ReplyRow r : store.replies(state)) {
        if (rows.stream().anyMatch(x -> x.replyId().equals(r.replyId()))) {
          out.put(r.patchId(), state);
        }
      }
    }
    return out;
  }

  @Test
  void aReplyCaughtMidSendIsSentIfTheListEchoedItAndUnconfirmedOtherwise(@TempDir Path dir)
      throws Exception {
    Path inbox = BotFixtures.inbox(dir, BotDigestTest.MAILS);
    Path out = dir.resolve("out");
    BotConfig cfg =
        BotBehaviourTest.config(
            "smtp: {host: 127.0.0.1, port: " + smtp.getSmtp().getPort() + ", starttls: false}\n");
    Optional<Mailer> mailer =
        Optional.of(new Mailer(cfg.smtp().orElseThrow(), Optional.empty(), cfg.from()));
    try (BotStore store = BotStore.open(dir.resolve("state.db"))) {
      // the four replies, prepared by a dry run; then the state a crash during sending leaves:
      // two caught in `sending`, two not sent yet
      BotFixtures.poll(store, cfg, inbox, out, BotFixtures.LATER, Optional.empty());
      List<BotStore.ReplyRow> replies = store.replies("written");
      assertEquals(4, replies.size());
      BotStore.ReplyRow echoed = replies.get(0);
      BotStore.ReplyRow lost = replies.get(1);
      store.transaction(
          () -> {
            store.setReplyState(echoed.replyId(), "sending", 0);
            store.setReplyState(lost.replyId(), "sending", 0);
            store.setReplyState(replies.get(2).replyId(), "prepared", 0);
            store.setReplyState(replies.get(3).replyId(), "prepared", 0);
          });
      // the list echoed the first into its archive while the bot was down
      BotFixtures.append(inbox, new String(echoed.mail(), StandardCharsets.UTF_8));

      String err = BotFixtures.poll(store, cfg, inbox, out, BotFixtures.LATER, mailer);
      Map<String, String> expected = new TreeMap<>();
      expected.put(echoed.patchId(), "sent");
      expected.put(lost.patchId(), "unconfirmed");
      expected.put(replies.get(2).patchId(), "sent");
      expected.put(replies.get(3).patchId(), "sent");
      assertEquals(expected, states(store, replies), err);
      assertEquals(
          List.copyOf(new TreeSet<>(List.of(replies.get(2).patchId(), replies.get(3).patchId()))),
          sent(),
          "only the two never sent went out: neither the echoed one nor the unconfirmed one");
      assertTrue(err.contains(lost.replyId() + " was being sent when the bot stopped"), err);

      // another poll: the unconfirmed one is still not sent again
      BotFixtures.poll(store, cfg, inbox, out, BotFixtures.LATER, mailer);
      assertEquals(expected, states(store, replies));
      assertEquals(2, sent().size());

      // its echo arrives late: now it is known sent, and still not sent again
      BotFixtures.append(inbox, new String(lost.mail(), StandardCharsets.UTF_8));
      err = BotFixtures.poll(store, cfg, inbox, out, BotFixtures.LATER, mailer);
      expected.put(lost.patchId(), "sent");
      assertEquals(expected, states(store, replies), err);
      assertEquals(2, sent().size());
    }
  }
}
