package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which base a patch is reviewed against, and that a review without one says so in every format.
 * The repository is built with JGit: a base commit and the commit the patch is.
 */
class CheckBaseTest {
  private static final String PRE = FlagsApiFile.USES_API;

  /** The patch adds a legacy flag test (vma-flags-legacy-test) inside can_lock(). */
  private static final String POST =
      PRE.replace(
          "\tif (vma_test(vma, VMA_IO_BIT))\n",
          "\tif (vma_test(vma, VMA_IO_BIT))\n\t\treturn false;\n\tif (vma->vm_flags & VM_DONTEXPAND)\n");

  @TempDir Path tmp;
  private Path repo;
  private RevCommit base;
  private RevCommit change;
  private Path patch;

  @BeforeEach
  void repository() throws Exception {
    repo = tmp.resolve("linux");
    Files.createDirectories(repo.resolve("mm"));
    PersonIdent me = new PersonIdent("A Developer", "dev@example.org");
    try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
      Files.writeString(repo.resolve("mm/lock.c"), PRE);
      git.add().addFilepattern("mm/lock.c").call();
      base =
          git.commit().setMessage("mm: base").setAuthor(me).setCommitter(me).setSign(false).call();
      Files.writeString(repo.resolve("mm/lock.c"), POST);
      git.add().addFilepattern("mm/lock.c").call();
      change =
          git.commit()
              .setMessage("mm: refuse non-expandable VMAs")
              .setAuthor(me)
              .setCommitter(me)
              .setSign(false)
              .call();
      ByteArrayOutputStream diff = new ByteArrayOutputStream();
      try (DiffFormatter df = new DiffFormatter(diff)) {
        df.setRepository(git.getRepository());
        df.format(base.getTree(), change.getTree());
      }
      // git format-patch's shape: the commit id on the mbox From line, no base-commit trailer.
      patch =
          Files.writeString(
              tmp.resolve("0001-mm-refuse.patch"),
              "From "
                  + change.name()
                  + " Mon Sep 17 00:00:00 2001\n"
                  + "From: A Developer <dev@example.org>\n"
                  + "Date: Mon, 1 Jun 2026 10:00:00 +0000\n"
                  + "Subject: [PATCH] mm: refuse non-expandable VMAs\n"
                  + "\n"
                  + "Refuse them.\n"
                  + "---\n"
                  + diff.toString(StandardCharsets.UTF_8)
                  + "-- \n2.45.0\n\n");
    }
  }

  @Test
  void aHunkOnlyReviewSaysSoEvenWithNothingFound() {
    CheckRun.Result r = CheckRun.run("check", "--rule", "bug-on-recoverable", patch.toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(
        r.out()
            .startsWith(
                "mm/lock.c: hunk-only review in "
                    + patch
                    + " (no base tree: give --repo or --tree to review whole functions)\n"),
        r.out());
    assertTrue(r.out().contains("total: 0 errors"), r.out());
  }

  @Test
  void jsonCarriesTheContextOfEveryReviewedFile() throws Exception {
    JsonNode doc =
        json(
            CheckRun.run(
                "check", "--format=json", "--rule", "bug-on-recoverable", patch.toString()));
    assertEquals(0, doc.get("findings").size());
    JsonNode f = doc.at("/files/0");
    assertEquals("mm/lock.c", f.get("file").asText());
    assertEquals("hunks", f.get("context").asText());
    assertEquals("", f.get("base").asText());
    assertTrue(f.get("reason").asText().startsWith("no base tree"), f.toString());
  }

  @Test
  void gccNotesAHunkOnlyInputOnStandardError() {
    CheckRun.Result r = CheckRun.run("check", "--format=gcc", "--fail-on=none", patch.toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(
        r.err().contains(patch + ": note: hunk-only review of mm/lock.c (no base tree"), r.err());
    assertFalse(r.out().contains("note: hunk-only"), r.out());
  }

  @Test
  void requireBaseTurnsAHunkOnlyReviewIntoAnInputError() {
    CheckRun.Result r = CheckRun.run("check", "--require-base", "--fail-on=none", patch.toString());
    assertEquals(ExitCodes.INPUT_ERROR, r.code(), r.err());
    assertTrue(r.err().contains("mm/lock.c: hunk-only review refused by --require-base"), r.err());
  }

  @Test
  void aTreeGivesWholeFunctionsAndIsNamed() throws Exception {
    Path tree = tmp.resolve("tree");
    Files.createDirectories(tree.resolve("mm"));
    Files.writeString(tree.resolve("mm/lock.c"), PRE);
    CheckRun.Result r =
        CheckRun.run(
            "check",
            "--format=json",
            "--require-base",
            "--fail-on=none",
            "--tree",
            tree.toString(),
            patch.toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    JsonNode f = json(r).at("/files/0");
    assertEquals("whole-file", f.get("context").asText());
    assertEquals("--tree " + tree, f.get("base").asText());
    assertEquals("vma-flags-legacy-test", json(r).at("/findings/0/rule").asText());
    assertFalse(json(r).at("/findings/0/partialContext").asBoolean());
  }

  @Test
  void aFormatPatchOfACommitInTheRepositoryIsReviewedAgainstItsParent() throws Exception {
    // HEAD already contains the change: only the From line's commit gives a base it applies to.
    CheckRun.Result r =
        CheckRun.run(
            "check",
            "--format=json",
            "--require-base",
            "--fail-on=none",
            "--repo",
            repo.toString(),
            patch.toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    String parent =
        "parent of " + change.name().substring(0, 12) + " (the commit its From line names)";
    assertEquals("mmreview: " + patch + ": base: " + parent + "\n", r.err());
    JsonNode doc = json(r);
    assertEquals("whole-file", doc.at("/files/0/context").asText());
    assertEquals(parent, doc.at("/files/0/base").asText());
    assertEquals("vma-flags-legacy-test", doc.at("/findings/0/rule").asText());
    assertFalse(doc.at("/findings/0/partialContext").asBoolean());
  }

  @Test
  void aBaseCommitComesFirstAndACoverLettersServesItsSeries() throws Exception {
    String mail =
        Files.readString(patch).replace("[PATCH]", "[PATCH 1/1]")
            + "base-commit: "
            + base.name()
            + "\n";
    Path own = Files.writeString(tmp.resolve("own.patch"), mail);
    CheckRun.Result r =
        CheckRun.run(
            "check", "--format=json", "--fail-on=none", "--repo", repo.toString(), own.toString());
    assertEquals(
        "base-commit " + base.name().substring(0, 12),
        json(r).at("/files/0/base").asText(),
        r.err());

    String cover =
        "From "
            + "0".repeat(40)
            + " Mon Sep 17 00:00:00 2001\n"
            + "From: A Developer <dev@example.org>\n"
            + "Subject: [PATCH 0/1] mm: VMAs\n\nOne patch.\n\nbase-commit: "
            + base.name()
            + "\n\n";
    Path series =
        Files.writeString(
            tmp.resolve("series.mbox"),
            cover
                + Files.readString(patch)
                    .replace("[PATCH]", "[PATCH 1/1]")
                    .replace(change.name(), "f".repeat(40)));
    r =
        CheckRun.run(
            "check",
            "--format=json",
            "--fail-on=none",
            "--repo",
            repo.toString(),
            series.toString());
    assertEquals(
        "base-commit " + base.name().substring(0, 12) + " (the cover letter's)",
        json(r).at("/files/0/base").asText(),
        r.err());
    assertEquals("whole-file", json(r).at("/files/0/context").asText());
  }

  @Test
  void withoutAnyUsableBaseTheRepositorysHeadIsTriedAndFailsOpenly() throws Exception {
    // No From commit, no base-commit: HEAD already has the change, so it does not apply.
    Path plain =
        Files.writeString(
            tmp.resolve("plain.diff"),
            Files.readString(patch).substring(Files.readString(patch).indexOf("diff --git")));
    CheckRun.Result r =
        CheckRun.run(
            "check",
            "--format=json",
            "--fail-on=none",
            "--repo",
            repo.toString(),
            plain.toString());
    assertEquals(ExitCodes.INPUT_ERROR, r.code(), r.err());
    assertTrue(r.err().contains("patch does not apply to"), r.err());
    assertEquals("hunks", json(r).at("/files/0/context").asText());
  }

  private static JsonNode json(CheckRun.Result r) throws Exception {
    return new ObjectMapper().readTree(r.out());
  }
}
