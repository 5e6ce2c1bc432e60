package org.mmreview.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.store.BotStore;

/**
 * Whole reply mails, byte for byte, for the fixture series in fixtures/bot: a two-patch series with
 * a cover letter, a single patch, and a v2 with no v1 seen. Regenerate with {@code
 * -Dmmreview.golden.update=true} and read the diff before committing it.
 */
class ReplyGoldenTest {
  static final Path GOLDEN = BotFixtures.DIR.resolve("golden");

  static BotConfig config() throws Exception {
    return BotConfig.parse(
        new ObjectMapper(new YAMLFactory())
            .readTree(
                """
                from: "mmreview bot <mmreview-bot@example.org>"
                lists: [linux-mm@kvack.org]
                cc-patch-recipients: true
                max-findings: 5
                """),
        "test.yaml",
        Map.of());
  }

  @Test
  void repliesAreTheGoldenMails(@TempDir Path dir) throws Exception {
    Path inbox =
        BotFixtures.inbox(
            dir, List.of("series-0.eml", "series-1.eml", "series-2.eml", "single.eml", "pmd.eml"));
    Path outbox = dir.resolve("outbox");
    try (BotStore store = BotStore.open(dir.resolve("state.db"))) {
      BotFixtures.poll(store, config(), inbox, outbox, BotFixtures.LATER, Optional.empty());
    }
    TreeSet<String> written = names(outbox);
    boolean update = Boolean.getBoolean("mmreview.golden.update");
    if (update) {
      Files.createDirectories(GOLDEN);
      try (Stream<Path> old = Files.list(GOLDEN)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
      for (String n : written) {
        Files.copy(outbox.resolve(n), GOLDEN.resolve(n));
      }
    }
    assertEquals(names(GOLDEN), written, "the replies written");
    for (String n : written) {
      assertEquals(
          Files.readString(GOLDEN.resolve(n), StandardCharsets.UTF_8),
          Files.readString(outbox.resolve(n), StandardCharsets.UTF_8),
          n);
    }
    // the three patches with findings at or above warning get one reply each; the cover none
    assertEquals(4, written.size(), written.toString());
  }

  @Test
  void aReplyIsAThreadedPlainTextMailWrappedAt72() throws Exception {
    String mail =
        Files.readString(
            GOLDEN.resolve(
                Bot.fileName(
                    new ReplyWriter(config())
                        .messageId("<20260403144012.1000-1-priya.natarajan@example.org>"))));
    String head = mail.substring(0, mail.indexOf("\r\n\r\n"));
    assertTrue(
        head.contains("Subject: Re: [PATCH 1/2] mm/userfaultfd: account moved swap entries"), head);
    assertTrue(
        head.contains("In-Reply-To: <20260403144012.1000-1-priya.natarajan@example.org>"), head);
    assertTrue(
        head.contains("References: <20260403144012.1000-0-priya.natarajan@example.org>"), head);
    assertTrue(head.contains("To: Priya Natarajan <priya.natarajan@example.org>"), head);
    assertTrue(head.contains("linux-mm@kvack.org"), head);
    assertTrue(head.contains("Content-Type: text/plain; charset=UTF-8"), head);
    String body = mail.substring(mail.indexOf("\r\n\r\n") + 4);
    for (String line : body.split("\r\n")) {
      if (!line.startsWith(">") && !line.contains("^")) {
        assertTrue(line.length() <= ReplyWriter.WIDTH || !line.contains(" "), line);
      }
    }
    assertTrue(body.contains("> @@ "), body);
  }

  private static TreeSet<String> names(Path dir) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.toString().endsWith(".eml"))
            .forEach(p -> out.add(p.getFileName().toString()));
      }
    }
    return out;
  }
}
