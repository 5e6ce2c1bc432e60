package org.mmreview.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.store.BotStore;

/**
 * {@code --digest}: the replies of each day become one summary mail to the maintainer, written once
 * the day is over, and never again. The fixture patches fall on three days: the series on 3 April
 * (two replies), the single patch on 6 April, the PMD patch on 7 April (one each).
 */
class BotDigestTest {
  static final List<String> MAILS =
      List.of("series-0.eml", "series-1.eml", "series-2.eml", "single.eml", "pmd.eml");

  /** The outbox's mails by file name. */
  static Map<String, MimeMessage> outbox(Path out) throws Exception {
    Map<String, MimeMessage> mails = new TreeMap<>();
    if (!Files.isDirectory(out)) {
      return mails;
    }
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : s.toList()) {
        try (InputStream in = Files.newInputStream(p)) {
          mails.put(
              p.getFileName().toString(),
              new MimeMessage(Session.getInstance(new Properties()), in));
        }
      }
    }
    return mails;
  }

  static void empty(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
  }

  static String body(MimeMessage m) throws Exception {
    return String.valueOf(m.getContent()).replace("\r\n", "\n");
  }

  @Test
  void oneSummaryADayToTheMaintainerOnceTheDayIsOverAndNeverTwice(@TempDir Path dir)
      throws Exception {
    Path inbox = BotFixtures.inbox(dir, MAILS);
    Path out = dir.resolve("out");
    BotConfig cfg = BotBehaviourTest.config("digest-to: \"Maintainer <maintainer@example.org>\"\n");
    Bot.Options digest = BotFixtures.options(inbox, out, false, true);
    String day3 = "mmreview.digest.2026-04-03@example.org.eml";
    String day6 = "mmreview.digest.2026-04-06@example.org.eml";
    String day7 = "mmreview.digest.2026-04-07@example.org.eml";
    try (BotStore store = BotStore.open(dir.resolve("state.db"))) {
      // noon on 7 April: the 3rd and the 6th are over, the 7th is not
      Instant noon7 = Instant.parse("2026-04-07T12:00:00Z");
      String err = BotFixtures.poll(store, cfg, digest, noon7, Optional.empty());
      Map<String, MimeMessage> mails = outbox(out);
      assertEquals(List.of(day3, day6), List.copyOf(mails.keySet()), "no reply per patch: " + err);

      MimeMessage d3 = mails.get(day3);
      assertEquals(1, d3.getAllRecipients().length, "the maintainer only, not the list");
      assertEquals(
          "maintainer@example.org", ((InternetAddress) d3.getAllRecipients()[0]).getAddress());
      assertEquals("mmreview-bot@example.org", ((InternetAddress) d3.getFrom()[0]).getAddress());
      assertEquals("mmreview digest for 2026-04-03: 2 patches", d3.getSubject());
      assertEquals("<mmreview.digest.2026-04-03@example.org>", d3.getMessageID());
      assertTrue(d3.getContentType().startsWith("text/plain"), d3.getContentType());
      String b3 = body(d3);
      assertTrue(
          b3.contains("Subject: Re: [PATCH 1/2] mm/userfaultfd: account moved swap entries"));
      assertTrue(b3.contains("In-Reply-To: <20260403144012.1000-1-priya.natarajan@example.org>"));
      assertTrue(b3.contains("Subject: Re: [PATCH 2/2] mm/userfaultfd: look up the uffd ops once"));
      assertTrue(b3.contains("In-Reply-To: <20260403144012.1000-2-priya.natarajan@example.org>"));
      assertTrue(b3.contains("To: Priya Natarajan"), b3);
      assertTrue(b3.contains("^^^"), "each reply whole, its markers too");
      assertFalse(b3.contains("ming.zhou@example.net"), "the 6th's patch is in the 6th's digest");

      MimeMessage d6 = mails.get(day6);
      assertEquals("mmreview digest for 2026-04-06: 1 patches", d6.getSubject());
      String b6 = body(d6);
      assertTrue(b6.contains("In-Reply-To: <20260406011200.4242-1-ming.zhou@example.net>"), b6);
      assertFalse(b6.contains("priya.natarajan@example.org"));

      assertEquals(
          Map.of("digested", 3, "prepared", 1, "written", 2),
          store.counts("reply"),
          "three replies digested, the 7th's waiting, two digests written");

      // a rerun the same day writes nothing again
      empty(out);
      BotFixtures.poll(store, cfg, digest, noon7, Optional.empty());
      assertEquals(List.of(), List.copyOf(outbox(out).keySet()), "no digest twice");

      // once the 7th is over: its digest, and only it
      BotFixtures.poll(store, cfg, digest, BotFixtures.LATER, Optional.empty());
      mails = outbox(out);
      assertEquals(List.of(day7), List.copyOf(mails.keySet()));
      assertEquals("mmreview digest for 2026-04-07: 1 patches", mails.get(day7).getSubject());
      assertTrue(
          body(mails.get(day7)).contains("In-Reply-To: <20260407100000.77-1-olu@example.com>"));
      assertEquals(Map.of("digested", 4, "written", 3), store.counts("reply"));
    }
  }
}
