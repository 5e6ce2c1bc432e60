package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.testing.InboxCommits;

/**
 * {@code mmreview bot --fetch}: the bot runs {@code git fetch} on its archive (a mirror clone of
 * the list's) before it reads: a mail pushed upstream is reviewed with {@code --fetch}, and not
 * without.
 */
class BotFetchTest {

  static void add(Path bare, String fixture) throws Exception {
    try (Repository r = new FileRepositoryBuilder().setGitDir(bare.toFile()).setBare().build()) {
      InboxCommits.add(r, "m", Files.readAllBytes(Path.of("fixtures/bot", fixture)), 0);
    }
  }

  static List<String> outbox(Path out) throws Exception {
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(out)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static String[] args(Path mirror, Path dir, boolean fetch) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "bot",
                "--inbox",
                mirror.toString(),
                "--state",
                dir.resolve("state.db").toString(),
                "--outbox",
                dir.resolve("out").toString(),
                "--config",
                dir.resolve("bot.yaml").toString(),
                "--since",
                "2026-01-01",
                "--once"));
    if (fetch) {
      a.add("--fetch");
    }
    return a.toArray(String[]::new);
  }

  @Test
  void aMailPushedUpstreamIsReviewedWithFetchAndNotWithout(@TempDir Path dir) throws Exception {
    Path upstream = dir.resolve("upstream.git");
    try (Repository r =
        new FileRepositoryBuilder().setGitDir(upstream.toFile()).setBare().build()) {
      r.create(true);
    }
    for (String m : List.of("series-0.eml", "series-1.eml", "series-2.eml")) {
      add(upstream, m);
    }
    Path mirror = dir.resolve("mirror.git");
    try (Git g =
        Git.cloneRepository()
            .setURI(upstream.toUri().toString())
            .setDirectory(mirror.toFile())
            .setBare(true)
            .setMirror(true)
            .call()) {
      assertTrue(g.getRepository().isBare());
    }
    Files.writeString(
        dir.resolve("bot.yaml"), "from: \"mmreview bot <mmreview-bot@example.org>\"\n");
    Path out = dir.resolve("out");

    CheckRun.Result first = CheckRun.run(args(mirror, dir, true));
    assertEquals(0, first.code(), first.err());
    List<String> series = outbox(out);
    assertEquals(2, series.size(), "the series' two patches: " + first.err());

    // the list gets a new patch; the mirror has not fetched it
    add(upstream, "single.eml");
    CheckRun.Result without = CheckRun.run(args(mirror, dir, false));
    assertEquals(0, without.code(), without.err());
    assertEquals(series, outbox(out), "without --fetch the mirror is read as it is");
    assertTrue(without.err().contains("read 0 new messages"), without.err());

    CheckRun.Result with = CheckRun.run(args(mirror, dir, true));
    assertEquals(0, with.code(), with.err());
    assertTrue(with.err().contains("read 1 new messages"), with.err());
    List<String> now = outbox(out);
    assertEquals(3, now.size(), with.err());
    String reply =
        Files.readString(
            out.resolve(now.stream().filter(f -> !series.contains(f)).findFirst().orElseThrow()));
    assertTrue(reply.contains("In-Reply-To: <20260406011200.4242-1-ming.zhou@example.net>"), reply);
  }
}
