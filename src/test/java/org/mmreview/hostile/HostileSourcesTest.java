package org.mmreview.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.intake.IntakeDiagnostic;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchSource;

/**
 * Intake paths besides the archive walk: one bad patch or commit is reported alone, and no patch is
 * lost or read twice because of it.
 */
class HostileSourcesTest {
  @TempDir Path dir;

  private static String mail(int n, String baseCommit) {
    return "From: Jane <jane@example.org>\n"
        + "Subject: [PATCH] mm: change "
        + n
        + "\n"
        + "Message-ID: <s"
        + n
        + "@example.org>\n"
        + "\n"
        + "Change "
        + n
        + ".\n"
        + "---\n"
        + "diff --git a/mm/a.c b/mm/a.c\n"
        + "--- a/mm/a.c\n"
        + "+++ b/mm/a.c\n"
        + "@@ -1,3 +1,3 @@\n"
        + " one\n"
        + "-two\n"
        + "+TWO\n"
        + " three\n"
        + (baseCommit == null ? "" : "\nbase-commit: " + baseCommit + "\n");
  }

  private static String diagnostics(PatchSource.Result r) {
    return String.join("\n", r.diagnostics().stream().map(IntakeDiagnostic::toString).toList());
  }

  @Test
  void anUnreadableBaseCommitCostsOnlyItsPatchesTheirImages() throws Exception {
    Path repoDir = dir.resolve("repo");
    RevCommit good;
    RevCommit head;
    try (Git git = Git.init().setDirectory(repoDir.toFile()).call()) {
      Files.createDirectories(repoDir.resolve("mm"));
      Files.writeString(repoDir.resolve("mm/a.c"), "one\ntwo\nthree\n");
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("Jane", "jane@example.org");
      good = git.commit().setMessage("a").setAuthor(who).setCommitter(who).call();
      Files.writeString(repoDir.resolve("mm/b.c"), "b\n");
      git.add().addFilepattern(".").call();
      head = git.commit().setMessage("b").setAuthor(who).setCommitter(who).call();
    }
    Archives.deleteLoose(repoDir.resolve(".git"), head);
    Path first = dir.resolve("1.eml");
    Path second = dir.resolve("2.eml");
    Files.writeString(first, mail(1, good.getName()));
    Files.writeString(second, mail(2, null)); // applies to HEAD, whose commit is gone

    PatchSource.Result r =
        PatchSource.read(
            new PatchSource.Request(
                List.of(first, second),
                List.of(),
                Optional.empty(),
                "",
                Optional.of(repoDir),
                Optional.empty(),
                List.of(),
                false,
                false,
                Optional.empty(),
                0));

    assertEquals(
        List.of("mm: change 1", "mm: change 2"),
        r.patches().stream().map(p -> p.metadata().title()).toList(),
        diagnostics(r));
    Patch applied = r.patches().get(0);
    assertTrue(applied.files().get(0).applied(), diagnostics(r));
    assertEquals(1, r.diagnostics().size(), diagnostics(r));
    assertTrue(r.diagnostics().get(0).input().endsWith("2.eml"), diagnostics(r));
  }

  @Test
  void aCommitWithAnImpossibleTimezoneIsStillRead() throws Exception {
    Path repoDir = dir.resolve("repo.git");
    try (Repository repo =
        new FileRepositoryBuilder().setGitDir(repoDir.toFile()).setBare().build()) {
      repo.create(true);
      ObjectId parent = null;
      for (int i = 0; i < 3; i++) {
        // archives and old repositories hold offsets like +2100, beyond what java.time allows
        parent =
            rawCommit(repo, parent, "line " + i + "\n", i == 1 ? "+2100" : "+0200", "mm: " + i);
      }
    }
    PatchSource.Result r =
        PatchSource.read(
            new PatchSource.Request(
                List.of(),
                List.of(),
                Optional.empty(),
                "",
                Optional.of(repoDir),
                Optional.of("HEAD~2..HEAD"),
                List.of(),
                false,
                false,
                Optional.empty(),
                0));
    assertEquals(
        List.of("mm: 1", "mm: 2"),
        r.patches().stream().map(p -> p.metadata().subject()).toList(),
        diagnostics(r));
    assertEquals(List.of(), r.diagnostics());
  }

  /** A commit changing mm/a.c, written as raw text so its date can be anything. */
  private static ObjectId rawCommit(
      Repository repo, ObjectId parent, String content, String tz, String message)
      throws Exception {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      ObjectId blob = ins.insert(Constants.OBJ_BLOB, utf8(content));
      TreeFormatter mm = new TreeFormatter();
      mm.append("a.c", FileMode.REGULAR_FILE, blob);
      TreeFormatter root = new TreeFormatter();
      root.append("mm", FileMode.TREE, ins.insert(mm));
      ObjectId tree = ins.insert(root);
      String who = "Jane <jane@example.org> 1600000000 " + tz;
      String text =
          "tree "
              + tree.getName()
              + "\n"
              + (parent == null ? "" : "parent " + parent.getName() + "\n")
              + "author "
              + who
              + "\ncommitter "
              + who
              + "\n\n"
              + message
              + "\n";
      ObjectId c = ins.insert(Constants.OBJ_COMMIT, utf8(text));
      ins.flush();
      RefUpdate ru = repo.updateRef("refs/heads/master");
      ru.setNewObjectId(c);
      ru.forceUpdate();
      return c;
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
