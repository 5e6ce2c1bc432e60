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
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A series reviewed as a series: a cover letter and three patches, where patch 1 brings a {@code
 * VM_BUG_ON()} on an argument check (bug-on-recoverable), patch 2 builds on patch 1's new function,
 * and patch 3 replaces the {@code VM_BUG_ON()} with an error return. Whether the series comes as
 * one mbox, as patch files or as commits ({@code --git}), each patch is applied over the ones
 * before it and patch 1's finding is an info "fixed by patch 3/3". The repository is built with
 * JGit; the mails are shaped as {@code git format-patch --cover-letter --thread --base} writes
 * them, with a From line naming no commit of the repository, so only the series' own order gives
 * patches 2 and 3 a base they apply to.
 */
class CheckSeriesTest {
  private static final String BASE =
      "// SPDX-License-Identifier: GPL-2.0-only\n"
          + "#include <linux/mm.h>\n"
          + "\n"
          + "/* Pages of [start, end) in vma that reclaim may take first; negative errno on error. */\n"
          + "long advise_cold(struct vm_area_struct *vma, unsigned long start, unsigned long end)\n"
          + "{\n"
          + "\tif (end > vma->vm_end)\n"
          + "\t\treturn -EINVAL;\n"
          + "\treturn mark_cold(vma, start, end);\n"
          + "}\n";

  /** Patch 1: a new function crashing on an empty range. */
  private static final String ONE =
      BASE
          + "\n"
          + "/* Pages of [start, end) in vma to write out now; negative errno on error. */\n"
          + "long advise_pageout(struct vm_area_struct *vma, unsigned long start, unsigned long end)\n"
          + "{\n"
          + "\tVM_BUG_ON(start >= end);\n"
          + "\tif (end > vma->vm_end)\n"
          + "\t\treturn -EINVAL;\n"
          + "\treturn page_out(vma, start, end);\n"
          + "}\n";

  /** Patch 2: counts the pageouts, in the function patch 1 added. */
  private static final String TWO =
      ONE.replace(
          "\treturn page_out(vma, start, end);\n",
          "\tcount_vm_events(PGPAGEOUT_ADVISED, (end - start) >> PAGE_SHIFT);\n"
              + "\treturn page_out(vma, start, end);\n");

  /** Patch 3: refuses an empty range instead of crashing. */
  private static final String THREE =
      TWO.replace("\tVM_BUG_ON(start >= end);\n", "\tif (start >= end)\n\t\treturn -EINVAL;\n");

  /** A third version, one patch: no crash on an empty range, but one past the VMA's end. */
  private static final String V3 =
      BASE
          + "\n"
          + "/* Pages of [start, end) in vma to write out now; negative errno on error. */\n"
          + "long advise_pageout(struct vm_area_struct *vma, unsigned long start, unsigned long end)\n"
          + "{\n"
          + "\tif (start >= end)\n"
          + "\t\treturn -EINVAL;\n"
          + "\tVM_BUG_ON(end > vma->vm_end);\n"
          + "\treturn page_out(vma, start, end);\n"
          + "}\n";

  private static final String[] TITLES = {
    "mm/advise: add advise_pageout()",
    "mm/advise: count advised pageouts",
    "mm/advise: refuse empty ranges instead of crashing"
  };

  private static final String NO_COMMIT = "0".repeat(40);

  @TempDir Path tmp;
  private Path repo;
  private RevCommit base;
  private final List<RevCommit> commits = new ArrayList<>();
  private RevCommit v3;

  @BeforeEach
  void repository() throws Exception {
    repo = tmp.resolve("linux");
    Files.createDirectories(repo.resolve("mm"));
    PersonIdent me = new PersonIdent("A Developer", "dev@example.org");
    try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
      base = commit(git, me, BASE, "mm: base");
      commits.add(commit(git, me, ONE, TITLES[0]));
      commits.add(commit(git, me, TWO, TITLES[1]));
      commits.add(commit(git, me, THREE, TITLES[2]));
      // HEAD moves on past the series: the series applies only to its base and to itself.
      v3 = commit(git, me, V3, "mm/advise: pageout advice");
    }
  }

  private RevCommit commit(Git git, PersonIdent me, String text, String title) throws Exception {
    Files.writeString(repo.resolve("mm/advise.c"), text);
    git.add().addFilepattern("mm/advise.c").call();
    return git.commit().setMessage(title).setAuthor(me).setCommitter(me).setSign(false).call();
  }

  private String diff(RevCommit from, RevCommit to) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Git git = Git.open(repo.toFile());
        DiffFormatter df = new DiffFormatter(out)) {
      df.setRepository(git.getRepository());
      df.format(from.getTree(), to.getTree());
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A mail as git format-patch writes it; {@code replyTo} empty for the first of a thread. */
  private static String mail(String id, String replyTo, String subject, String body) {
    return "From "
        + NO_COMMIT
        + " Mon Sep 17 00:00:00 2001\n"
        + "Message-Id: <"
        + id
        + "@example.org>\n"
        + (replyTo.isEmpty()
            ? ""
            : "In-Reply-To: <"
                + replyTo
                + "@example.org>\nReferences: <"
                + replyTo
                + "@example.org>\n")
        + "From: A Developer <dev@example.org>\n"
        + "Date: Mon, 1 Jun 2026 10:00:00 +0000\n"
        + "Subject: "
        + subject
        + "\n\n"
        + body
        + "-- \n2.45.0\n\n";
  }

  private String cover(String version, int total) {
    String tag = version.isEmpty() ? "PATCH" : "PATCH " + version;
    return mail(
        "cover" + version,
        "",
        "[" + tag + " 0/" + total + "] mm/advise: pageout advice",
        "Advise pageout of a range.\n\nbase-commit: " + base.name() + "\n");
  }

  private String patch(String version, int k, int total, String title, String diff) {
    String tag = version.isEmpty() ? "PATCH" : "PATCH " + version;
    return mail(
        "p" + k + version,
        "cover" + version,
        "[" + tag + " " + k + "/" + total + "] " + title,
        title + ".\n---\n" + diff);
  }

  /** The three patches of v1, in order. */
  private List<String> patches() throws Exception {
    List<String> out = new ArrayList<>();
    RevCommit before = base;
    for (int k = 0; k < 3; k++) {
      out.add(patch("", k + 1, 3, TITLES[k], diff(before, commits.get(k))));
      before = commits.get(k);
    }
    return out;
  }

  private CheckRun.Result check(String... inputs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "check",
                "--format=json",
                "--fail-on=none",
                "--require-base",
                "--show",
                "pre-existing",
                "--repo",
                repo.toString()));
    args.addAll(List.of(inputs));
    return CheckRun.run(args.toArray(String[]::new));
  }

  /** What labels each finding: everything but where it came from and its patch line. */
  private static List<String> labels(CheckRun.Result r) throws Exception {
    JsonNode doc = new ObjectMapper().readTree(r.out());
    for (JsonNode f : doc.get("files")) {
      assertEquals("whole-file", f.get("context").asText(), r.out() + r.err());
    }
    List<String> out = new ArrayList<>();
    for (JsonNode f : doc.get("findings")) {
      out.add(
          String.join(
              " ",
              f.get("rule").asText(),
              f.get("severity").asText(),
              f.get("file").asText() + ":" + f.get("line").asInt(),
              f.get("function").asText(),
              f.get("lifecycle").asText(),
              f.path("fixedBy").asText("-"),
              f.path("versions").asText("-"),
              f.get("fingerprint").asText()));
    }
    return out;
  }

  @Test
  void aSeriesHasTheSameLabelsAsAnMboxAsFilesAndAsCommits() throws Exception {
    List<String> patches = patches();
    Path mbox =
        Files.writeString(tmp.resolve("series.mbox"), cover("", 3) + String.join("", patches));
    List<String> files = new ArrayList<>();
    files.add(Files.writeString(tmp.resolve("0000-cover-letter.patch"), cover("", 3)).toString());
    for (int k = 0; k < 3; k++) {
      files.add(
          Files.writeString(tmp.resolve("000" + (k + 1) + "-advise.patch"), patches.get(k))
              .toString());
    }

    CheckRun.Result asMbox = check(mbox.toString());
    assertEquals(ExitCodes.OK, asMbox.code(), asMbox.err());
    assertTrue(
        asMbox.err().contains("(the cover letter's) + patches 1-2/3"),
        "patch 3 is applied over patches 1 and 2: " + asMbox.err());
    List<String> expected = labels(asMbox);
    assertEquals(1, expected.size(), asMbox.out());
    assertTrue(
        expected
            .get(0)
            .startsWith("bug-on-recoverable info mm/advise.c:15 advise_pageout fixed-later 3/3 - "),
        expected.get(0));

    CheckRun.Result asFiles = check(files.toArray(String[]::new));
    assertEquals(ExitCodes.OK, asFiles.code(), asFiles.err());
    assertEquals(expected, labels(asFiles));

    CheckRun.Result asCommits = check("--git", base.name() + ".." + commits.get(2).name());
    assertEquals(ExitCodes.OK, asCommits.code(), asCommits.err());
    assertEquals(expected, labels(asCommits));
  }

  @Test
  void aPatchAloneKeepsItsFindingIntroduced() throws Exception {
    // Without the rest of its series nothing fixed it: the usual introduced warning.
    String one = patches().get(0).replace("[PATCH 1/3]", "[PATCH]");
    Path file = Files.writeString(tmp.resolve("one.patch"), one + "base-commit: " + base.name());
    List<String> l = labels(check(file.toString()));
    assertEquals(1, l.size());
    assertTrue(
        l.get(0)
            .startsWith("bug-on-recoverable warning mm/advise.c:15 advise_pageout introduced - -"),
        l.get(0));
  }

  @Test
  void versionsOfASeriesAreLabelledAcrossVersions() throws Exception {
    // v1: the three patches; v2: patches 1 and 2 only (the crash stays); v3: one patch that drops
    // the crash and brings another.
    String v1 = cover("", 3) + String.join("", patches());
    String v2 =
        cover("v2", 2)
            + patch("v2", 1, 2, TITLES[0], diff(base, commits.get(0)))
            + patch("v2", 2, 2, TITLES[1], diff(commits.get(0), commits.get(1)));
    String v3mail =
        mail(
            "single-v3",
            "",
            "[PATCH v3] mm/advise: pageout advice",
            "Advise pageout.\n---\n" + diff(base, v3) + "\nbase-commit: " + base.name() + "\n");
    Path mbox = Files.writeString(tmp.resolve("versions.mbox"), v1 + v2 + v3mail);
    CheckRun.Result r = check(mbox.toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    List<String> l = labels(r);
    assertEquals(3, l.size(), r.out());
    // The output is in series order: v1's finding (one version so far: no label), then v2's, v3's.
    JsonNode doc = new ObjectMapper().readTree(r.out());
    JsonNode findings = doc.get("findings");
    assertEquals("fixed-later", findings.get(0).get("lifecycle").asText());
    assertTrue(findings.get(0).path("versions").isMissingNode());
    assertEquals("introduced", findings.get(1).get("lifecycle").asText());
    assertEquals("still present since v1", findings.get(1).get("versions").asText());
    assertEquals("new in v3", findings.get(2).get("versions").asText(), r.out());
    assertTrue(
        r.err().contains("bug-on-recoverable in mm/advise.c, advise_pageout(): fixed in v3"),
        r.err());
  }

  @Test
  void humanAndGccOutputSayWhichPatchFixedIt() throws Exception {
    Path mbox =
        Files.writeString(tmp.resolve("series.mbox"), cover("", 3) + String.join("", patches()));
    CheckRun.Result gcc =
        CheckRun.run("check", "--format=gcc", "--repo", repo.toString(), mbox.toString());
    assertEquals(ExitCodes.OK, gcc.code(), gcc.err());
    assertTrue(
        gcc.out().startsWith("mm/advise.c:15:9: info: ")
            && gcc.out().contains("[bug-on-recoverable] [fixed by patch 3/3]\n"),
        gcc.out());
  }
}
