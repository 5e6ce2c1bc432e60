package org.mmreview.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git sources against a repository built here with JGit. */
class GitSourceTest {
  @TempDir Path dir;
  private RevCommit c1;
  private RevCommit c2;
  private RevCommit c3;

  private void write(String path, String text) throws Exception {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private RevCommit commit(Git git, String message) throws Exception {
    git.add().addFilepattern(".").call();
    PersonIdent who = new PersonIdent("Jane Dev", "jane@example.org");
    return git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
  }

  @BeforeEach
  void repo() throws Exception {
    try (Git git = Git.init().setDirectory(dir.toFile()).call()) {
      write("mm/a.c", "one\ntwo\nthree\n");
      c1 = commit(git, "mm: add a.c");
      write("mm/a.c", "one\nTWO\nthree\n");
      write("tools/x.sh", "echo x\n");
      c2 = commit(git, "mm: shout two\n\nBecause.\n\nSigned-off-by: Jane Dev <jane@example.org>\n");
      write("tools/x.sh", "echo y\n");
      c3 = commit(git, "tools: y");
    }
  }

  @Test
  void oneCommitWithImagesAndMetadata() throws Exception {
    GitSource.Result r = GitSource.commits(dir, c2.getName(), List.of(), 0);
    assertEquals(1, r.patches().size());
    Patch p = r.patches().get(0);
    assertEquals("mm: shout two", p.metadata().subject());
    assertEquals("Jane Dev <jane@example.org>", p.metadata().from());
    assertEquals(List.of("Jane Dev <jane@example.org>"), p.metadata().trailers("Signed-off-by"));
    assertEquals(2, p.files().size());
    FileChange a = p.files().get(0);
    assertEquals("mm/a.c", a.path());
    assertTrue(a.applied());
    assertEquals("one\ntwo\nthree\n", a.preImage().orElseThrow());
    assertEquals("one\nTWO\nthree\n", a.postImage().orElseThrow());
    assertEquals(List.of(2), List.copyOf(a.lineMap().addedLines()));
    FileChange x = p.files().get(1);
    assertEquals(ChangeType.ADD, x.changeType());
    assertEquals("echo x\n", x.postImage().orElseThrow());
  }

  @Test
  void rangeAndPaths() throws Exception {
    GitSource.Result range =
        GitSource.commits(dir, c1.getName() + ".." + c3.getName(), List.of(), 0);
    assertEquals(
        List.of("mm: shout two", "tools: y"),
        range.patches().stream().map(p -> p.metadata().subject()).toList());
    GitSource.Result mm = GitSource.commits(dir, "HEAD", List.of("mm"), 0);
    assertEquals(
        List.of("mm: add a.c", "mm: shout two"),
        mm.patches().stream().map(p -> p.metadata().subject()).toList());
    assertEquals(ChangeType.ADD, mm.patches().get(0).files().get(0).changeType());
  }

  @Test
  void stagedAndWorktree() throws Exception {
    write("mm/a.c", "one\nTWO\nthree\nfour\n");
    try (Git git = Git.open(dir.toFile())) {
      git.add().addFilepattern("mm/a.c").call();
    }
    write("tools/x.sh", "echo z\n");
    GitSource.Result staged = GitSource.staged(dir);
    assertEquals(1, staged.patches().size());
    assertEquals(
        List.of("mm/a.c"), staged.patches().get(0).files().stream().map(FileChange::path).toList());
    assertEquals(
        "one\nTWO\nthree\nfour\n",
        staged.patches().get(0).files().get(0).postImage().orElseThrow());
    GitSource.Result work = GitSource.worktree(dir);
    assertEquals(
        List.of("mm/a.c", "tools/x.sh"),
        work.patches().get(0).files().stream().map(FileChange::path).toList());
    assertEquals(
        List.of(4), List.copyOf(work.patches().get(0).files().get(0).lineMap().addedLines()));
  }

  @Test
  void linkedWorktreeUsesItsOwnHead(@TempDir Path wt) throws Exception {
    // the layout `git worktree add` leaves, which JGit alone does not follow
    try (Git git = Git.open(dir.toFile())) {
      git.branchCreate().setName("side").setStartPoint(c2).call();
    }
    Path priv = dir.resolve(".git/worktrees/wt");
    Files.createDirectories(priv);
    Files.writeString(priv.resolve("HEAD"), "ref: refs/heads/side\n");
    Files.writeString(priv.resolve("commondir"), "../..\n");
    Files.writeString(priv.resolve("gitdir"), wt.resolve(".git") + "\n");
    Files.writeString(wt.resolve(".git"), "gitdir: " + priv + "\n");
    GitSource.Result head = GitSource.commits(wt, "HEAD", List.of(), 0);
    assertEquals("mm: shout two", head.patches().get(0).metadata().subject());
    GitSource.Result range = GitSource.commits(wt, "HEAD~1..HEAD", List.of(), 0);
    assertEquals(1, range.patches().size());
    Files.createDirectories(wt.resolve("mm"));
    Files.createDirectories(wt.resolve("tools"));
    Files.writeString(wt.resolve("mm/a.c"), "one\nTWO\nthree\nfour\n");
    Files.writeString(wt.resolve("tools/x.sh"), "echo x\n");
    GitSource.Result work = GitSource.worktree(wt);
    assertTrue(work.diagnostics().isEmpty(), work.diagnostics().toString());
    assertEquals(
        List.of("mm/a.c"), work.patches().get(0).files().stream().map(FileChange::path).toList());
  }

  @Test
  void pathsDiffAgainstTheRealParent() throws Exception {
    GitSource.Result mm = GitSource.commits(dir, "HEAD", List.of("tools"), 0);
    assertEquals(
        List.of(List.of("mm/a.c", "tools/x.sh"), List.of("tools/x.sh")),
        mm.patches().stream().map(p -> p.files().stream().map(FileChange::path).toList()).toList());
    assertEquals(ChangeType.MODIFY, mm.patches().get(0).files().get(0).changeType());
  }

  @Test
  void mailPatchAppliesToRepositoryHead() throws Exception {
    Path mail = dir.resolve("fix.patch");
    Files.writeString(
        mail,
        "From: Jane Dev <jane@example.org>\nSubject: [PATCH] mm: three\n\nx\n---\n"
            + "diff --git a/mm/a.c b/mm/a.c\n--- a/mm/a.c\n+++ b/mm/a.c\n@@ -2,2 +2,2 @@\n TWO\n-three\n+THREE\n");
    PatchSource.Request req =
        new PatchSource.Request(
            List.of(mail),
            List.of(),
            Optional.empty(),
            "",
            Optional.of(dir),
            Optional.empty(),
            List.of(),
            false,
            false,
            Optional.empty(),
            0);
    PatchSource.Result r = PatchSource.read(req);
    assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
    assertEquals("one\nTWO\nTHREE\n", r.patches().get(0).files().get(0).postImage().orElseThrow());
  }
}
