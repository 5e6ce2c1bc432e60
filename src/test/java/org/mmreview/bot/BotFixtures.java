package org.mmreview.bot;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.mmreview.cparse.CParser;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;
import org.mmreview.series.PatchReviewer;
import org.mmreview.store.BotStore;
import org.mmreview.testing.InboxCommits;

/** A public-inbox archive of fixture mails, and a bot over it with a fixed clock. */
final class BotFixtures {
  static final Path DIR = Path.of("fixtures/bot");

  /** Long after every fixture's date: every series is due. */
  static final Instant LATER = Instant.parse("2026-05-01T12:00:00Z");

  private BotFixtures() {}

  /** A v1 archive holding {@code mails} (fixture names or literal mails), in that order. */
  static Path inbox(Path dir, List<String> mails) throws IOException {
    Path inbox = dir.resolve("inbox.git");
    try (Repository r = new FileRepositoryBuilder().setGitDir(inbox.toFile()).setBare().build()) {
      if (!Files.exists(inbox.resolve("HEAD"))) {
        r.create(true);
      }
      for (String m : mails) {
        append(r, m);
      }
    }
    return inbox;
  }

  static void append(Path inbox, String mail) throws IOException {
    try (Repository r = new FileRepositoryBuilder().setGitDir(inbox.toFile()).setBare().build()) {
      append(r, mail);
    }
  }

  private static void append(Repository r, String m) throws IOException {
    byte[] bytes =
        m.endsWith(".eml") && !m.contains("\n")
            ? Files.readAllBytes(DIR.resolve(m))
            : m.getBytes(StandardCharsets.UTF_8);
    InboxCommits.add(r, "m", bytes, 0);
  }

  static RuleEngine engine() {
    return new RuleEngine(RuleSet.all(RuleCatalog.load()), false);
  }

  /** Runs one poll of a bot over {@code inbox}; what it printed on standard error. */
  static String poll(
      BotStore store, BotConfig cfg, Path inbox, Path outbox, Instant now, Optional<Mailer> mailer)
      throws Exception {
    return poll(store, cfg, options(inbox, outbox, mailer.isPresent(), false), now, mailer);
  }

  /** A replay from 2026-01-01 over {@code inbox}, sending or in digest mode as asked. */
  static Bot.Options options(Path inbox, Path outbox, boolean send, boolean digest) {
    return new Bot.Options(
        List.of(inbox),
        outbox,
        send,
        digest,
        Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
        false);
  }

  /** Runs one poll with {@code options}; what it printed on standard error. */
  static String poll(
      BotStore store, BotConfig cfg, Bot.Options options, Instant now, Optional<Mailer> mailer)
      throws Exception {
    StringWriter err = new StringWriter();
    Bot bot =
        new Bot(
            store,
            cfg,
            options,
            new PatchReviewer(new ReviewPlanner(new CParser()), engine()),
            mailer,
            Clock.fixed(now, ZoneOffset.UTC),
            new PrintWriter(err, true));
    bot.poll();
    bot.close();
    return err.toString();
  }
}
