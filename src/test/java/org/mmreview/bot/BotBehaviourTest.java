package org.mmreview.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.store.BotStore;

/** What the bot says, and when it stays quiet, over small archives of fixture mails. */
class BotBehaviourTest {

  static BotConfig config(String extra) throws Exception {
    return BotConfig.parse(
        new ObjectMapper(new YAMLFactory())
            .readTree(
                "from: \"mmreview bot <mmreview-bot@example.org>\"\n"
                    + "lists: [linux-mm@kvack.org]\n"
                    + extra),
        "test.yaml",
        Map.of());
  }

  static String fixture(String name) throws IOException {
    return Files.readString(BotFixtures.DIR.resolve(name), StandardCharsets.UTF_8);
  }

  static List<String> outbox(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.sorted().toList()) {
          out.add(Files.readString(p, StandardCharsets.UTF_8).replace("\r\n", "\n"));
        }
      }
    }
    return out;
  }

  @Test
  void aConcernAHumanRaisedOnTheLineIsNotRepeated(@TempDir Path dir) throws Exception {
    String human =
        """
        From: David Hildenbrand <david@example.com>
        To: Ming Zhou <ming.zhou@example.net>
        Cc: linux-mm@kvack.org
        Subject: Re: [PATCH] mm/userfaultfd: fail the move when the PTE table is gone
        Date: Mon, 6 Apr 2026 09:40:00 +0800
        Message-ID: <human-1@example.com>
        In-Reply-To: <20260406011200.4242-1-ming.zhou@example.net>
        References: <20260406011200.4242-1-ming.zhou@example.net>

        On Mon, Apr 06, 2026 at 09:12:00AM +0800, Ming Zhou wrote:
        > +	/* A THP may have replaced the page table since we looked */
        > +	if (unlikely(!dst_pte)) {
        > +		err = -EFAULT;

        This should be -EAGAIN, the caller retries.

        David
        """;
    Path inbox = BotFixtures.inbox(dir, List.of("single.eml", human));
    try (BotStore store = BotStore.open(dir.resolve("state.db"))) {
      BotFixtures.poll(
          store, config(""), inbox, dir.resolve("out"), BotFixtures.LATER, Optional.empty());
      assertEquals(
          List.of(), outbox(dir.resolve("out")), "both findings are on the line David quoted");
      assertEquals(Integer.valueOf(2), store.counts("skip").get("human already said it"));
    }
  }

  @Test
  void aNewVersionSaysOnlyWhatIsNewAndOneLineForTheRest(@TempDir Path dir) throws Exception {
    String v2 = fixture("pmd.eml");
    String v1 =
        v2.replace("[PATCH v2]", "[PATCH]")
            .replace(
                "<20260407100000.77-1-olu@example.com>", "<20260401100000.11-1-olu@example.com>")
            .replace("Tue, 7 Apr 2026", "Wed, 1 Apr 2026");
    // v3 adds a new assert the earlier versions did not have
    String v3 =
        v2.replace("[PATCH v2]", "[PATCH v3]")
            .replace(
                "<20260407100000.77-1-olu@example.com>", "<20260409100000.99-1-olu@example.com>")
            .replace("Tue, 7 Apr 2026", "Thu, 9 Apr 2026");
    Path inbox = BotFixtures.inbox(dir, List.of(v1, v2));
    Path out = dir.resolve("out");
    try (BotStore store = BotStore.open(dir.resolve("state.db"))) {
      BotFixtures.poll(store, config(""), inbox, out, BotFixtures.LATER, Optional.empty());
      List<String> mails = outbox(out);
      assertEquals(1, mails.size(), "v1 gets a reply, v2 has nothing new");
      assertTrue(mails.get(0).contains("Subject: Re: [PATCH] mm/userfaultfd: assert the PMDs"));
      assertEquals(Integer.valueOf(1), store.counts("skip").get("only still-present findings"));
      assertEquals(Integer.valueOf(4), store.counts("skip").get("still present (one line)"));
      BotFixtures.append(inbox, v3);
      BotFixtures.poll(store, config(""), inbox, out, BotFixtures.LATER, Optional.empty());
      assertEquals(1, outbox(out).size(), "v3 repeats v1's findings: still quiet");
    }
  }

  @Test
  void neverItsOwnMailsRepliesOrTwiceOnePatch(@TempDir Path dir) throws Exception {
    String own =
        fixture("single.eml")
            .replace(
                "From: Ming Zhou <ming.zhou@example.net>",
                "From: mmreview bot <mmreview-bot@example.org>")
            .replace("<20260406011200.4242-1-ming.zhou@example.net>", "<own@example.org>");
    Path inbox = BotFixtures.inbox(dir, List.of("single.eml", own));
    Path out = dir.resolve("out");
    try (BotStore store = BotStore.open(dir.resolve("state.db"))) {
      BotFixtures.poll(store, config(""), inbox, out, BotFixtures.LATER, Optional.empty());
      assertEquals(1, outbox(out).size());
      assertEquals(Integer.valueOf(1), store.counts("skip").get("own mail"));
      // the bot's reply, echoed by the list, is its own mail too
      BotFixtures.append(inbox, outbox(out).get(0));
      BotFixtures.poll(
          store, config(""), inbox, out, BotFixtures.LATER.plusSeconds(3600), Optional.empty());
      assertEquals(1, outbox(out).size(), "a rerun replies to nothing twice");
      assertEquals(Map.of("written", 1), store.counts("reply"));
    }
  }

  @Test
  void optedOutAuthorsAndListsNotAllowedGetNothing(@TempDir Path dir) throws Exception {
    String elsewhere =
        fixture("pmd.eml").replace("To: linux-mm@kvack.org", "To: linux-kernel@vger.kernel.org");
    Path inbox = BotFixtures.inbox(dir, List.of("single.eml", elsewhere));
    try (BotStore store = BotStore.open(dir.resolve("state.db"))) {
      BotFixtures.poll(
          store,
          config("opt-out: [Ming.Zhou@example.net]\n"),
          inbox,
          dir.resolve("out"),
          BotFixtures.LATER,
          Optional.empty());
      assertEquals(List.of(), outbox(dir.resolve("out")));
      assertEquals(Integer.valueOf(1), store.counts("skip").get("author opted out"));
      assertEquals(Integer.valueOf(1), store.counts("skip").get("not on an allowed list"));
    }
  }

  @Test
  void anIncompleteSeriesWaitsForItsGracePeriodAndSaysSo(@TempDir Path dir) throws Exception {
    Path inbox = BotFixtures.inbox(dir, List.of("series-0.eml", "series-1.eml"));
    Path out = dir.resolve("out");
    try (BotStore store = BotStore.open(dir.resolve("state.db"))) {
      Instant early = Instant.parse("2026-04-03T16:00:00Z");
      BotFixtures.poll(store, config("grace: 6h\n"), inbox, out, early, Optional.empty());
      assertEquals(List.of(), outbox(out), "patch 2/2 may still come");
      BotFixtures.poll(
          store, config("grace: 6h\n"), inbox, out, BotFixtures.LATER, Optional.empty());
      List<String> mails = outbox(out);
      assertEquals(1, mails.size());
      assertTrue(
          mails.get(0).contains("Only 1 of the 2 patches of this series had arrived 6 hours"),
          mails.get(0));
    }
  }

  @Test
  void infosAreOffByDefaultAndTheMaximumIsCounted(@TempDir Path dir) throws Exception {
    Path inbox = BotFixtures.inbox(dir, List.of("pmd.eml"));
    Path out = dir.resolve("out");
    try (BotStore store = BotStore.open(dir.resolve("state.db"))) {
      BotFixtures.poll(
          store, config("max-findings: 2\n"), inbox, out, BotFixtures.LATER, Optional.empty());
      String mail = outbox(out).get(0);
      assertTrue(mail.contains("2 more findings of this patch are left out"), mail);
      assertEquals(Integer.valueOf(2), store.counts("skip").get("over the per-reply maximum"));
    }
  }
}
