package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmreview.cli.AuditCommandTest.count;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit run --repo DIR --range A..B --path mm/}: a JGit repository with commits in and out
 * of mm/, on two branches and a merge. Every commit of the range is one row (reviewed, or skipped
 * with its reason), the findings point at their commit, and reruns review only what is new.
 */
class AuditRepoTest {
  @TempDir Path tmp;

  private static final PersonIdent DEV = new PersonIdent("A Developer", "dev@example.org");

  /** A function with an argument check by VM_BUG_ON: one bug-on-recoverable finding. */
  private static String asserting(String name) {
    return "\n/* "
        + name
        + " [start, end) of vma; returns the number of pages or an error. */\n"
        + "long "
        + name
        + "(struct vm_area_struct *vma, unsigned long start, unsigned long end)\n"
        + "{\n"
        + "\tVM_BUG_ON(start >= end);\n"
        + "\tif (end > vma->vm_end)\n"
        + "\t\treturn -EINVAL;\n"
        + "\treturn "
        + name
        + "_pages(vma, start, end);\n"
        + "}\n";
  }

  private static final String HEADER =
      "// SPDX-License-Identifier: GPL-2.0-only\n#include <linux/mm.h>\n";

  private RevCommit commit(Git git, Path repo, String file, String text, String message)
      throws Exception {
    Path p = repo.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    git.add().addFilepattern(file).call();
    return git.commit().setMessage(message).setAuthor(DEV).setCommitter(DEV).setSign(false).call();
  }

  private static String[] audit(Path db, Path repo, String range) {
    return new String[] {
      "audit",
      "run",
      "--db",
      db.toString(),
      "--repo",
      repo.toString(),
      "--range",
      range,
      "--path",
      "mm/",
      "--rule",
      "bug-on-recoverable",
      "--progress",
      "none",
      "--commit-url-template",
      "https://git.example.org/c/{commit}"
    };
  }

  @Test
  void everyCommitOfTheRangeIsAccountedForAndRerunsReviewOnlyNewOnes() throws Exception {
    Path repo = tmp.resolve("linux");
    Path db = tmp.resolve("audit.db");
    RevCommit added;
    RevCommit side;
    RevCommit merge;
    String populate = HEADER + asserting("populate");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("master").call()) {
      commit(git, repo, "mm/populate.c", populate, "mm: populate");
      commit(git, repo, "Documentation/mm.txt", "Memory.\n", "docs: mm");
      git.tag().setName("base").setAnnotated(false).call();
      added = commit(git, repo, "mm/populate.c", populate + asserting("prune"), "mm: add prune()");
      commit(git, repo, "Documentation/mm.txt", "Memory, managed.\n", "docs: mm: wording");
      git.branchCreate().setName("side").call();
      commit(git, repo, "tools/testing/t.sh", "echo a\n", "selftests: one more");
      git.checkout().setName("side").call();
      side = commit(git, repo, "mm/shrink.c", HEADER + asserting("shrink"), "mm: add shrink()");
      git.checkout().setName("master").call();
      MergeResult m =
          git.merge()
              .include(side)
              .setCommit(true)
              .setMessage("Merge branch 'side'")
              .setFastForward(MergeCommand.FastForwardMode.NO_FF)
              .call();
      assertTrue(m.getMergeStatus().isSuccessful(), m.toString());
      merge = git.log().setMaxCount(1).call().iterator().next();
    }
    assertEquals(2, merge.getParentCount());

    CheckRun.Result first = CheckRun.run(audit(db, repo, "base..master"));
    assertEquals(0, first.code(), first.err());
    // base..master: prune, wording, selftests, shrink, the merge
    assertTrue(
        first.out().startsWith("audit: 5 messages and commits: 2 reviewed, 3 skipped, 0 failed"),
        first.out());
    assertTrue(first.out().contains("skipped: no diff under the paths: 2"), first.out());
    assertTrue(first.out().contains("skipped: merge commit: 1"), first.out());
    assertEquals(5, count(db, "SELECT count(*) FROM messages WHERE kind = 'commit'"));
    assertEquals(
        1,
        count(
            db,
            "SELECT count(*) FROM messages WHERE outcome = 'skipped' AND reason = 'merge commit'"
                + " AND message_id = '"
                + merge.name()
                + "'"));
    assertEquals(
        2,
        count(
            db,
            "SELECT count(*) FROM messages WHERE reason = 'no diff under the paths'"
                + " AND subject IN ('docs: mm: wording', 'selftests: one more')"));
    for (RevCommit c : List.of(added, side)) {
      // the finding the commit brought, linked to it
      assertEquals(
          1,
          count(
              db,
              "SELECT count(*) FROM findings f JOIN messages m ON m.id = f.message"
                  + " WHERE m.outcome = 'reviewed' AND m.item = '"
                  + c.abbreviate(12).name()
                  + "' AND m.message_id = '"
                  + c.name()
                  + "' AND m.url = 'https://git.example.org/c/"
                  + c.name()
                  + "' AND f.rule = 'bug-on-recoverable' AND f.lifecycle = 'introduced'"));
    }
    assertEquals(
        0,
        count(
            db,
            "SELECT count(*) FROM findings f JOIN messages m ON m.id = f.message"
                + " WHERE m.outcome != 'reviewed' OR f.file NOT LIKE 'mm/%'"));
    long findings = count(db, "SELECT count(*) FROM findings");

    CheckRun.Result again = CheckRun.run(audit(db, repo, "base..master"));
    assertEquals(0, again.code(), again.err());
    assertTrue(
        again
            .out()
            .startsWith(
                "audit: 5 messages and commits: 0 reviewed, 0 skipped, 0 failed, 5 unchanged"),
        again.out());
    assertEquals(findings, count(db, "SELECT count(*) FROM findings"));

    RevCommit top;
    try (Git git = Git.open(repo.toFile())) {
      top =
          commit(
              git,
              repo,
              "mm/populate.c",
              populate + asserting("prune") + asserting("trim"),
              "mm: add trim()");
    }
    CheckRun.Result more = CheckRun.run(audit(db, repo, "base..master"));
    assertEquals(0, more.code(), more.err());
    assertTrue(
        more.out()
            .startsWith(
                "audit: 6 messages and commits: 1 reviewed, 0 skipped, 0 failed, 5 unchanged"),
        more.out());
    assertEquals(
        1,
        count(
            db,
            "SELECT count(*) FROM messages WHERE outcome = 'reviewed' AND item = '"
                + top.abbreviate(12).name()
                + "' AND run_id = 3"));
    assertEquals(6, count(db, "SELECT count(*) FROM messages"));
    assertEquals(
        1,
        count(
            db,
            "SELECT count(*) FROM findings f JOIN messages m ON m.id = f.message"
                + " WHERE m.item = '"
                + top.abbreviate(12).name()
                + "' AND f.lifecycle = 'introduced'"));
  }

  @Test
  void anUnknownRevisionIsOneLine() throws Exception {
    Path repo = tmp.resolve("linux");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("master").call()) {
      commit(git, repo, "mm/a.c", HEADER, "mm: a");
    }
    CheckRun.Result r = CheckRun.run(audit(tmp.resolve("audit.db"), repo, "nosuch..master"));
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains(": unknown revision 'nosuch'"), r.err());
    assertTrue(r.err().lines().noneMatch(l -> l.startsWith("\tat ")), r.err());
  }
}
