package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed hooks driven by real git: a commit through pre-commit, patch mails through
 * sendemail-validate (called as git send-email calls it), pushes to a bare repository through
 * pre-push. The hooks call the real launcher, which runs the classes of this build ({@code
 * MMREVIEW_CLASSPATH}) instead of building a jar.
 */
class GitHooksTest {
  private static final Path ROOT =
      Path.of(System.getProperty("mmreview.root", ".")).toAbsolutePath();
  private static final String RULE = "vma-flags-legacy-test";

  private static final String BASE = FlagsApiFile.USES_API;

  /** Adds an open-coded flag test where the file uses the flags API: a warning. */
  private static final String WARNED =
      BASE
          + "\n"
          + "/* May this VMA be grown by mremap()? */\n"
          + "static bool can_grow(struct vm_area_struct *vma)\n"
          + "{\n"
          + "\tif (vma->vm_flags & VM_DONTEXPAND)\n"
          + "\t\treturn false;\n"
          + "\treturn true;\n"
          + "}\n";

  @TempDir Path tmp;
  private Path repo;
  private final Map<String, String> env = new HashMap<>();

  record Run(int code, String out) {}

  @BeforeEach
  void repositoryWithHooks() throws Exception {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    env.put("MMREVIEW_CLASSPATH", cp);
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("MMREVIEW_FAIL_ON", "warning");
    // Only this test's git configuration: no global hooksPath, templates or signing.
    env.put("HOME", tmp.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_AUTHOR_NAME", "A Developer");
    env.put("GIT_AUTHOR_EMAIL", "dev@example.org");
    env.put("GIT_COMMITTER_NAME", "A Developer");
    env.put("GIT_COMMITTER_EMAIL", "dev@example.org");

    repo = tmp.resolve("linux");
    Files.createDirectories(repo.resolve("mm"));
    ok(repo, "git", "init", "-q", "-b", "main");
    Files.writeString(repo.resolve("mm/grow.c"), BASE);
    ok(repo, "git", "add", "mm/grow.c");
    ok(repo, "git", "commit", "-q", "-m", "mm: base");
  }

  private Run run(Path dir, Map<String, String> extra, String... cmd)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> e = pb.environment();
    e.keySet().removeIf(k -> k.startsWith("GIT_") || k.startsWith("MMREVIEW"));
    e.putAll(env);
    e.putAll(extra);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
    return new Run(p.exitValue(), out);
  }

  private Run run(Path dir, String... cmd) throws IOException, InterruptedException {
    return run(dir, Map.of(), cmd);
  }

  private String ok(Path dir, String... cmd) throws IOException, InterruptedException {
    return ok(dir, Map.of(), cmd);
  }

  private String ok(Path dir, Map<String, String> extra, String... cmd)
      throws IOException, InterruptedException {
    Run r = run(dir, extra, cmd);
    assertEquals(0, r.code(), String.join(" ", cmd) + ":\n" + r.out());
    return r.out();
  }

  private String launcher() {
    return ROOT.resolve("mmreview").toString();
  }

  private String head() throws Exception {
    return ok(repo, "git", "rev-parse", "HEAD").strip();
  }

  private void hook(String name, String body) throws IOException {
    Path h = repo.resolve(".git/hooks/" + name);
    Files.createDirectories(h.getParent());
    Files.writeString(h, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(h, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void preCommitReviewsTheStagedChangeAfterTheChainedHook() throws Exception {
    hook("pre-commit", "echo own hook ran; exit ${OWN_HOOK_EXIT:-0}");
    // From a subdirectory: the repository is found by walking up, the launcher by its own path.
    String installed =
        ok(repo.resolve("mm"), launcher(), "hooks", "install", "--hooks", "pre-commit");
    assertTrue(installed.contains("runs first"), installed);

    String before = head();
    Files.writeString(repo.resolve("mm/grow.c"), WARNED);
    ok(repo, "git", "add", "mm/grow.c");
    Run refused = run(repo, "git", "commit", "-q", "-m", "mm: add can_grow()");
    assertNotEquals(0, refused.code(), refused.out());
    assertTrue(refused.out().contains("own hook ran"), refused.out());
    assertTrue(
        refused.out().contains("mm/grow.c:15:13: warning:") && refused.out().contains(RULE),
        refused.out());
    assertEquals(before, head());

    // The chained hook's failure stops the commit even when mmreview would let it pass.
    Run chainedFails =
        run(
            repo,
            Map.of("OWN_HOOK_EXIT", "7", "MMREVIEW_FAIL_ON", "none"),
            "git",
            "commit",
            "-q",
            "-m",
            "x");
    assertNotEquals(0, chainedFails.code(), chainedFails.out());
    assertEquals(before, head());

    Run passes =
        run(
            repo,
            Map.of("MMREVIEW_FAIL_ON", "error"),
            "git",
            "commit",
            "-q",
            "-m",
            "mm: add can_grow()");
    assertEquals(0, passes.code(), passes.out());
    assertNotEquals(before, head());
  }

  @Test
  void preCommitSeesWhatCommitDashAStages() throws Exception {
    ok(repo, launcher(), "hooks", "install", "--hooks", "pre-commit");
    String before = head();
    // Nothing staged by hand: `git commit -a` stages into a temporary index (GIT_INDEX_FILE).
    Files.writeString(repo.resolve("mm/grow.c"), WARNED);
    Run refused = run(repo.resolve("mm"), "git", "commit", "-q", "-a", "-m", "mm: add can_grow()");
    assertNotEquals(0, refused.code(), refused.out());
    assertTrue(
        refused.out().contains("mm/grow.c:15:13: warning:") && refused.out().contains(RULE),
        refused.out());
    assertEquals(before, head());
    // --quiet: the findings, and no summary or notes.
    assertEquals(1, refused.out().lines().count(), refused.out());

    Run passes =
        run(
            repo,
            Map.of("MMREVIEW_FAIL_ON", "error"),
            "git",
            "commit",
            "-q",
            "-a",
            "-m",
            "mm: add can_grow()");
    assertEquals(0, passes.code(), passes.out());
    assertNotEquals(before, head());
  }

  @Test
  void checkStagedFromASubdirectory() throws Exception {
    Files.writeString(repo.resolve("mm/grow.c"), WARNED);
    ok(repo, "git", "add", "mm/grow.c");
    Run r = run(repo.resolve("mm"), launcher(), "check", "--staged", "--format=gcc");
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().startsWith("mm/grow.c:15:13: warning:"), r.out());
  }

  @Test
  void sendemailValidateReviewsEachPatchAndLetsTheCoverLetterGo() throws Exception {
    // GIT_DIR given, run from elsewhere: the repository comes from the environment.
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    ok(
        elsewhere,
        Map.of("GIT_DIR", repo.resolve(".git").toString()),
        launcher(),
        "hooks",
        "install",
        "--hooks",
        "sendemail-validate");

    Files.writeString(repo.resolve("mm/grow.c"), WARNED);
    ok(repo, "git", "commit", "-q", "-a", "-m", "mm: add can_grow()");
    ok(
        repo,
        "git",
        "format-patch",
        "-q",
        "--cover-letter",
        "-o",
        tmp.resolve("out").toString(),
        "HEAD~1");
    Path cover = tmp.resolve("out/0000-cover-letter.patch");
    Path patch = tmp.resolve("out/0001-mm-add-can_grow.patch");

    // As git send-email runs it: from the top of the work tree, GIT_DIR set, the mail's
    // absolute path as $1 (git send-email itself is not installed everywhere).
    String hook = repo.resolve(".git/hooks/sendemail-validate").toString();
    Map<String, String> asSendEmail = Map.of("GIT_DIR", repo.resolve(".git").toString());
    Run refused = run(repo, asSendEmail, hook, patch.toString());
    assertEquals(1, refused.code(), refused.out());
    assertTrue(
        refused.out().contains("mm/grow.c:15:13: warning:") && refused.out().contains(RULE),
        refused.out());
    Run coverLetter = run(repo, asSendEmail, hook, cover.toString());
    assertEquals(0, coverLetter.code(), coverLetter.out());
    assertEquals("", coverLetter.out());
  }

  @Test
  void prePushReviewsTheCommitsBeingPublished() throws Exception {
    Path remote = tmp.resolve("remote.git");
    ok(tmp, "git", "init", "-q", "--bare", remote.toString());
    ok(repo, "git", "remote", "add", "origin", remote.toString());
    ok(repo, launcher(), "hooks", "install", "--hooks", "pre-push");

    // A new branch whose only commit is the root: reviewed, clean, pushed.
    ok(repo, "git", "push", "-q", "origin", "main");

    Files.writeString(repo.resolve("mm/grow.c"), WARNED);
    ok(repo, "git", "commit", "-q", "-a", "-m", "mm: add can_grow()");
    String pushed = ok(remote, "git", "rev-parse", "main").strip();

    Run update = run(repo, "git", "push", "-q", "origin", "main");
    assertNotEquals(0, update.code(), update.out());
    assertTrue(update.out().contains(RULE), update.out());
    assertEquals(pushed, ok(remote, "git", "rev-parse", "main").strip());

    // A new branch: only the commits no remote-tracking branch has are reviewed.
    Run newBranch = run(repo, "git", "push", "-q", "origin", "main:topic");
    assertNotEquals(0, newBranch.code(), newBranch.out());
    assertTrue(newBranch.out().contains(RULE), newBranch.out());

    Run allowed =
        run(repo, Map.of("MMREVIEW_FAIL_ON", "error"), "git", "push", "-q", "origin", "main");
    assertEquals(0, allowed.code(), allowed.out());
    assertEquals(head(), ok(remote, "git", "rev-parse", "main").strip());

    // Deleting a branch publishes nothing to review.
    ok(repo, "git", "push", "-q", "origin", "HEAD:refs/heads/gone");
    ok(repo, "git", "push", "-q", "origin", ":gone");
  }
}
