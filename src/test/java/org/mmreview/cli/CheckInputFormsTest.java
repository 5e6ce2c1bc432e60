package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same change must produce the same findings whether it arrives as a git commit, the staged
 * change, the working tree, or a mail whose {@code base-commit:} the repository has.
 */
class CheckInputFormsTest {
  @TempDir Path tmp;

  private static final String PRE = FlagsApiFile.USES_API;

  private static final String POST = FlagsApiFile.WITH_LEGACY_TEST;

  private static final String EXPECTED_AT = "mm/grow.c:15:";

  private Git repoWithBase() throws Exception {
    Path dir = tmp.resolve("repo");
    Files.createDirectories(dir.resolve("mm"));
    Git git = Git.init().setDirectory(dir.toFile()).call();
    Files.writeString(dir.resolve("mm/grow.c"), PRE);
    git.add().addFilepattern("mm/grow.c").call();
    PersonIdent me = new PersonIdent("A Developer", "dev@example.org");
    git.commit().setMessage("mm: base").setAuthor(me).setCommitter(me).setSign(false).call();
    return git;
  }

  private static String findings(String... args) {
    CheckRun.Result r = CheckRun.run(args);
    assertEquals(ExitCodes.OK, r.code(), r.err());
    return r.out();
  }

  @Test
  void commitStagedWorktreeAndMailAgree() throws Exception {
    String[] gcc = {"check", "--format=gcc", "--fail-on=none", "--rule", "vma-flags-legacy-test"};
    try (Git git = repoWithBase()) {
      Path dir = git.getRepository().getWorkTree().toPath();
      Files.writeString(dir.resolve("mm/grow.c"), POST);
      String worktree = findings(concat(gcc, "--worktree", "--repo", dir.toString()));
      git.add().addFilepattern("mm/grow.c").call();
      String staged = findings(concat(gcc, "--staged", "--repo", dir.toString()));
      PersonIdent me = new PersonIdent("A Developer", "dev@example.org");
      RevCommit c =
          git.commit()
              .setMessage("mm: add can_grow()")
              .setAuthor(me)
              .setCommitter(me)
              .setSign(false)
              .call();
      String commit = findings(concat(gcc, "--git", c.getName(), "--repo", dir.toString()));

      ByteArrayOutputStream diff = new ByteArrayOutputStream();
      try (DiffFormatter f = new DiffFormatter(diff)) {
        f.setRepository(git.getRepository());
        f.format(c.getParent(0), c);
      }
      Path mail = tmp.resolve("0001-mm-add-can_grow.patch");
      Files.writeString(
          mail,
          "From "
              + c.getName()
              + " Mon Sep 17 00:00:00 2001\n"
              + "From: A Developer <dev@example.org>\n"
              + "Date: Mon, 12 Jan 2026 14:31:09 -0800\n"
              + "Subject: [PATCH] mm: add can_grow()\n\n"
              + "Signed-off-by: A Developer <dev@example.org>\n---\n"
              + diff.toString(StandardCharsets.UTF_8)
              + "\nbase-commit: "
              + c.getParent(0).getName()
              + "\n"
              + "-- \n2.47.1\n");
      // The mail names its base; with the repository at hand the whole post-image is rebuilt.
      String fromMail = findings(concat(gcc, "--repo", dir.toString(), mail.toString()));

      assertTrue(commit.startsWith(EXPECTED_AT), commit);
      assertFalse(commit.isBlank());
      assertEquals(commit, staged);
      assertEquals(commit, worktree);
      assertEquals(commit, fromMail);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
