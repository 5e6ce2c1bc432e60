package org.mmreview.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.intake.IntakeDiagnostic;
import org.mmreview.intake.PublicInboxReader;

/**
 * The driver's listing (no Spark session): each epoch listed once, its commits cut into shards
 * that carry their ids and positions, the previous output's commits left out, and an epoch that
 * cannot be read reported as a problem while the others go on, as {@code audit run} does.
 */
class SparkShardsTest {
  @TempDir Path dir;

  @Test
  void epochsAreListedOnceAndCutIntoShardsCarryingTheirCommits() throws Exception {
    Path inbox = dir.resolve("inbox");
    List<ObjectId> e0 = commits(inbox.resolve("git/0.git"), 5);
    List<ObjectId> e1 = commits(inbox.resolve("git/1.git"), 2);
    List<IntakeDiagnostic> problems = new ArrayList<>();

    List<SparkAudit.Shard> shards =
        SparkAudit.shards(List.of(inbox.toString()), 2, Map.of(), problems::add);
    assertTrue(problems.isEmpty(), problems.toString());
    assertEquals(4, shards.size()); // 2 + 2 + 1 of epoch 0, 2 of epoch 1
    assertEquals(List.of(0, 0, 0, 1), shards.stream().map(SparkAudit.Shard::epochIndex).toList());
    assertEquals(List.of(e0.get(0), e0.get(1)), shards.get(0).ids());
    assertEquals(List.of(e0.get(4)), shards.get(2).ids());
    assertEquals(e1, shards.get(3).ids());
    assertEquals("[4]", Arrays.toString(shards.get(2).positions()));

    // the previous output keeps two commits of epoch 0: the others, at their positions
    String dir0 = inbox.resolve("git/0.git").toAbsolutePath().normalize().toString();
    List<SparkAudit.Shard> rest =
        SparkAudit.shards(
            List.of(inbox.toString()),
            2,
            Map.of(dir0, Set.of(e0.get(0).getName(), e0.get(3).getName())),
            problems::add);
    assertEquals(3, rest.size());
    assertEquals(List.of(e0.get(1), e0.get(2)), rest.get(0).ids());
    assertEquals("[1, 2]", Arrays.toString(rest.get(0).positions()));
    assertEquals(List.of(e0.get(4)), rest.get(1).ids());
    assertEquals("[4]", Arrays.toString(rest.get(1).positions()));

    // the reads of the shards are the walk of the archive
    List<String> walked = new ArrayList<>();
    PublicInboxReader.walk(inbox, "", e -> walked.add(e.commit()));
    List<String> read = new ArrayList<>();
    for (SparkAudit.Shard s : shards) {
      PublicInboxReader.read(Path.of(s.epochDir()), s.ids(), e -> read.add(e.commit()));
    }
    assertEquals(walked, read);
  }

  @Test
  void anUnreadableEpochIsAProblemAndTheOthersAreRead() throws Exception {
    Path inbox = dir.resolve("inbox");
    commits(inbox.resolve("git/0.git"), 1);
    commits(inbox.resolve("git/1.git"), 1);
    List<ObjectId> e2 = commits(inbox.resolve("git/2.git"), 2);
    // epoch 1's branch names no commit: the epoch cannot be read
    Files.writeString(inbox.resolve("git/1.git/refs/heads/master"), "garbage\n");
    List<IntakeDiagnostic> problems = new ArrayList<>();

    List<SparkAudit.Shard> shards =
        SparkAudit.shards(List.of(inbox.toString()), 10, Map.of(), problems::add);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).input().endsWith("1.git"), problems.get(0).toString());
    assertTrue(problems.get(0).reason().startsWith("unreadable archive: "), problems.toString());
    // epoch 2 keeps its index: seqs do not move when epoch 1 is repaired
    assertEquals(List.of(0, 2), shards.stream().map(SparkAudit.Shard::epochIndex).toList());
    assertEquals(e2, shards.get(1).ids());

    assertThrows(
        IOException.class,
        () -> SparkAudit.shards(List.of(dir.resolve("nothing").toString()), 10, Map.of(), p -> {}));
  }

  /** A bare epoch with {@code n} mails, one a commit; the commits oldest first. */
  @SuppressWarnings("deprecation")
  static List<ObjectId> commits(Path gitDir, int n) throws IOException {
    List<ObjectId> out = new ArrayList<>();
    Files.createDirectories(gitDir.getParent());
    try (Repository repo =
        new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setBare().build()) {
      repo.create(true);
      ObjectId parent = null;
      for (int i = 0; i < n; i++) {
        try (ObjectInserter ins = repo.newObjectInserter()) {
          byte[] mail =
              ("From: a@example.org\nSubject: mail " + gitDir + " " + i + "\n\nbody\n")
                  .getBytes(StandardCharsets.UTF_8);
          TreeFormatter tf = new TreeFormatter();
          tf.append("m", FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, mail));
          PersonIdent who = new PersonIdent("A", "a@example.org", 1_600_000_000_000L + i, 0);
          CommitBuilder cb = new CommitBuilder();
          cb.setTreeId(ins.insert(tf));
          cb.setAuthor(who);
          cb.setCommitter(who);
          cb.setMessage("m");
          if (parent != null) {
            cb.setParentId(parent);
          }
          parent = ins.insert(cb);
          ins.flush();
        }
        out.add(parent);
      }
      RefUpdate ru = repo.updateRef("refs/heads/master");
      ru.setNewObjectId(parent);
      ru.forceUpdate();
    }
    return out;
  }
}
