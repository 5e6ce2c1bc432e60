package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Introduced or pre-existing: with a base, the rules also run on the whole pre-image, and a finding
 * with a fingerprint found there is pre-existing, hidden unless {@code --show pre-existing}. The
 * repository is built with JGit: the base commit and the patch's commit.
 */
class CheckLifecycleTest {
  /** A base with one BUG_ON for an argument check (bug-on-recoverable) in populate(). */
  private static final String PRE =
      "// SPDX-License-Identifier: GPL-2.0-only\n"
          + "#include <linux/mm.h>\n"
          + "\n"
          + "/* Populate [start, end) of vma; returns the number of pages or an error. */\n"
          + "long populate(struct vm_area_struct *vma, unsigned long start, unsigned long end)\n"
          + "{\n"
          + "\tVM_BUG_ON(!PAGE_ALIGNED(start) || !PAGE_ALIGNED(end));\n"
          + "\tif (end > vma->vm_end)\n"
          + "\t\treturn -EINVAL;\n"
          + "\treturn populate_pages(vma, start, end);\n"
          + "}\n";

  /** The patch adds another in a new function, prune(). */
  private static final String ADDED =
      "\n"
          + "/* Prune [start, end) of vma; returns the number of pages or an error. */\n"
          + "long prune(struct vm_area_struct *vma, unsigned long start, unsigned long end)\n"
          + "{\n"
          + "\tVM_BUG_ON(start >= end);\n"
          + "\tif (end > vma->vm_end)\n"
          + "\t\treturn -EINVAL;\n"
          + "\treturn prune_pages(vma, start, end);\n"
          + "}\n";

  @TempDir Path tmp;

  /** A repository whose HEAD commit turns PRE into {@code post}. */
  private Path repository(String post) throws Exception {
    Path repo = tmp.resolve("linux");
    Files.createDirectories(repo.resolve("mm"));
    PersonIdent me = new PersonIdent("A Developer", "dev@example.org");
    try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
      Files.writeString(repo.resolve("mm/populate.c"), PRE);
      git.add().addFilepattern("mm/populate.c").call();
      git.commit().setMessage("mm: base").setAuthor(me).setCommitter(me).setSign(false).call();
      Files.writeString(repo.resolve("mm/populate.c"), post);
      git.add().addFilepattern("mm/populate.c").call();
      git.commit().setMessage("mm: prune").setAuthor(me).setCommitter(me).setSign(false).call();
    }
    return repo;
  }

  private static List<String> findings(CheckRun.Result r) {
    return r.out()
        .lines()
        .filter(l -> l.matches("mm/.*:\\d+:\\d+.*: (error|warning|info) .*"))
        .toList();
  }

  @Test
  void wholeFilesShowWhatThePatchIntroducedAndHideWhatWasThere() throws Exception {
    Path repo = repository(PRE + ADDED);
    String[] args = {
      "check",
      "--all",
      "--fail-on=none",
      "--rule",
      "bug-on-recoverable",
      "--repo",
      repo.toString(),
      "--git",
      "HEAD"
    };
    CheckRun.Result r = CheckRun.run(args);
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertEquals(1, findings(r).size(), r.out());
    assertTrue(findings(r).get(0).startsWith("mm/populate.c:16:"), r.out());
    assertTrue(findings(r).get(0).contains(" [bug-on-recoverable] `VM_BUG_ON()`"), r.out());
    assertTrue(
        r.err()
            .contains("mmreview: 1 pre-existing finding not shown (--show pre-existing shows it)"),
        r.err());

    List<String> more = new ArrayList<>(List.of(args));
    more.add("--show=pre-existing");
    r = CheckRun.run(more.toArray(String[]::new));
    assertEquals(2, findings(r).size(), r.out());
    assertTrue(findings(r).get(0).startsWith("mm/populate.c:7:"), r.out());
    assertTrue(findings(r).get(0).contains(" [bug-on-recoverable] [pre-existing] "), r.out());
    assertTrue(findings(r).get(1).contains(" [bug-on-recoverable] `VM_BUG_ON()`"), r.out());

    more.add("--format=json");
    JsonNode doc = new ObjectMapper().readTree(CheckRun.run(more.toArray(String[]::new)).out());
    assertEquals("pre-existing", doc.at("/findings/0/lifecycle").asText());
    assertEquals("introduced", doc.at("/findings/1/lifecycle").asText());

    more.set(more.size() - 1, "--format=sarif");
    doc = new ObjectMapper().readTree(CheckRun.run(more.toArray(String[]::new)).out());
    assertEquals("unchanged", doc.at("/runs/0/results/0/baselineState").asText());
    assertEquals("new", doc.at("/runs/0/results/1/baselineState").asText());
  }

  @Test
  void aLineThePatchOnlyReindentsKeepsItsFindingPreExisting() throws Exception {
    // Without --all only lines the patch adds are reported: the old BUG_ON, re-indented, is one.
    String post =
        PRE.replace(
                "\tVM_BUG_ON(!PAGE_ALIGNED(start) || !PAGE_ALIGNED(end));",
                "\tVM_BUG_ON(!PAGE_ALIGNED(start) ||\n\t\t  !PAGE_ALIGNED(end));")
            + ADDED;
    Path repo = repository(post);
    CheckRun.Result r =
        CheckRun.run(
            "check",
            "--format=json",
            "--fail-on=none",
            "--rule",
            "bug-on-recoverable",
            "--show",
            "pre-existing",
            "--repo",
            repo.toString(),
            "--git",
            "HEAD");
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals(2, doc.get("findings").size(), r.out());
    assertEquals("pre-existing", doc.at("/findings/0/lifecycle").asText());
    assertEquals("populate", doc.at("/findings/0/function").asText(""));
    assertEquals("introduced", doc.at("/findings/1/lifecycle").asText());
  }

  @Test
  void aHunkOnlyReviewLabelsWhatItReportsIntroduced() throws Exception {
    Path repo = repository(PRE + ADDED);
    String diff;
    try (Git git = Git.open(repo.toFile())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (DiffFormatter df = new DiffFormatter(out)) {
        df.setRepository(git.getRepository());
        var head = git.getRepository().parseCommit(git.getRepository().resolve("HEAD"));
        df.format(head.getParent(0).getTree(), head.getTree());
      }
      diff = out.toString(StandardCharsets.UTF_8);
    }
    Path patch = Files.writeString(tmp.resolve("prune.diff"), diff);
    CheckRun.Result r =
        CheckRun.run(
            "check",
            "--format=json",
            "--fail-on=none",
            "--rule",
            "bug-on-recoverable",
            patch.toString());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals("hunks", doc.at("/files/0/context").asText());
    // Today's diff filter decides what is reported (here also the old BUG_ON: its evidence
    // reaches the added lines); everything reported is labelled introduced.
    assertTrue(doc.get("findings").size() >= 1, r.out());
    doc.get("findings")
        .forEach(f -> assertEquals("introduced", f.get("lifecycle").asText(), r.out()));
  }
}
