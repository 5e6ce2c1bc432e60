package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.testing.InboxCommits;

/** {@code enable-rules:} in the bot's configuration: rules off by default, named, or one line. */
class BotEnableRulesTest {

  /** The rule's own fixture, a patch with single-letter names, as a mail to linux-mm. */
  static Path inbox(Path dir) throws Exception {
    List<String> lines =
        Files.readAllLines(
            Path.of("fixtures/rules/terse-identifier/fire_single_letter_snapshot.patch"));
    String mail =
        lines.get(1)
            + "\nTo: linux-mm@kvack.org\nMessage-ID: <terse-1@example.org>\n"
            + String.join("\n", lines.subList(2, lines.size()))
            + "\n";
    Path inbox = dir.resolve("inbox.git");
    try (Repository r = new FileRepositoryBuilder().setGitDir(inbox.toFile()).setBare().build()) {
      r.create(true);
      InboxCommits.add(r, "m", mail.getBytes(StandardCharsets.UTF_8), 0);
    }
    return inbox;
  }

  static CheckRun.Result run(Path dir, String yaml) throws Exception {
    Path cfg = dir.resolve("bot.yaml");
    Files.writeString(cfg, "from: \"mmreview bot <mmreview-bot@example.org>\"\n" + yaml);
    return CheckRun.run(
        "bot",
        "--inbox",
        inbox(dir).toString(),
        "--state",
        dir.resolve("state.db").toString(),
        "--outbox",
        dir.resolve("out").toString(),
        "--config",
        cfg.toString(),
        "--since",
        "2026-01-01",
        "--once");
  }

  static List<String> outbox(Path dir) throws Exception {
    Path out = dir.resolve("out");
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(out)) {
      List<String> mails = new ArrayList<>();
      for (Path p : s.sorted().toList()) {
        mails.add(Files.readString(p));
      }
      return mails;
    }
  }

  @Test
  void anUnknownRuleIsOneLineAndExit2(@TempDir Path dir) throws Exception {
    CheckRun.Result r = run(dir, "enable-rules: [no-such-rule]\n");
    assertEquals(2, r.code(), r.err());
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(
        lines.get(0).contains("bot.yaml: enable-rules: unknown rule 'no-such-rule'"), r.err());
  }

  @Test
  void aRuleOffByDefaultRunsWhenNamed(@TempDir Path dir) throws Exception {
    Path off = Files.createDirectories(dir.resolve("off"));
    CheckRun.Result r = run(off, "min-severity: info\n");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(), outbox(off), "terse-identifier is off by default: " + r.err());

    Path on = Files.createDirectories(dir.resolve("on"));
    r = run(on, "min-severity: info\nenable-rules: [terse-identifier]\n");
    assertEquals(0, r.code(), r.err());
    List<String> mails = outbox(on);
    assertEquals(1, mails.size(), r.err());
    assertTrue(mails.get(0).contains("In-Reply-To: <terse-1@example.org>"), mails.get(0));
    assertTrue(mails.get(0).contains("terse-identifier, info]"), mails.get(0));
  }

  /** As {@link #run}, from {@code cwd} (where a project's {@code .mmreview.yaml} may be). */
  static CheckRun.Result runIn(Path cwd, Path dir, String yaml) throws Exception {
    Path cfg = dir.resolve("bot.yaml");
    Files.writeString(cfg, "from: \"mmreview bot <mmreview-bot@example.org>\"\n" + yaml);
    Host host = new Host(System.in, System.getenv(), cwd, false);
    return CheckRun.run(
        host,
        "bot",
        "--inbox",
        inbox(dir).toString(),
        "--state",
        dir.resolve("state.db").toString(),
        "--outbox",
        dir.resolve("out").toString(),
        "--config",
        cfg.toString(),
        "--since",
        "2026-01-01",
        "--once");
  }

  @Test
  void theProjectsBotMinSeverityAppliesUnlessTheBotConfigSetsItsOwn(@TempDir Path dir)
      throws Exception {
    Path project = Files.createDirectories(dir.resolve("linux"));
    Files.createDirectories(project.resolve(".git"));
    Files.writeString(project.resolve(".mmreview.yaml"), "bot:\n  min-severity: info\n");

    Path plain = Files.createDirectories(dir.resolve("plain"));
    CheckRun.Result r = runIn(plain, plain, "enable-rules: [terse-identifier]\n");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(), outbox(plain), "infos are below the bot's default: " + r.err());

    Path fromProject = Files.createDirectories(dir.resolve("from-project"));
    r = runIn(project, fromProject, "enable-rules: [terse-identifier]\n");
    assertEquals(0, r.code(), r.err());
    assertEquals(1, outbox(fromProject).size(), ".mmreview.yaml bot.min-severity: " + r.err());

    Path own = Files.createDirectories(dir.resolve("own"));
    r = runIn(project, own, "min-severity: warning\nenable-rules: [terse-identifier]\n");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(), outbox(own), "the bot's own min-severity wins: " + r.err());
  }
}
