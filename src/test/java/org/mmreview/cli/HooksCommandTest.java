package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mmreview hooks install|uninstall} on repositories built with JGit in the test. */
class HooksCommandTest {
  @TempDir Path tmp;
  private Path repo;
  private Path hooks;
  private Path launcher;

  @BeforeEach
  void repository() throws Exception {
    repo = tmp.resolve("linux");
    Files.createDirectories(repo.resolve("mm/damon"));
    try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
      hooks = git.getRepository().getDirectory().toPath().resolve("hooks");
    }
    launcher = tmp.resolve("mmreview-checkout/mmreview");
    Files.createDirectories(launcher.getParent());
    Files.writeString(launcher, "#!/bin/sh\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private CheckRun.Result hooks(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "hooks";
    System.arraycopy(args, 0, all, 1, args.length);
    return CheckRun.run(all);
  }

  private CheckRun.Result install(String... more) {
    List<String> args = new ArrayList<>(List.of("install", "--launcher", launcher.toString()));
    args.addAll(List.of(more));
    return hooks(args.toArray(String[]::new));
  }

  @Test
  void installFindsTheRepositoryFromASubdirectoryAndCallsTheLauncherByAbsolutePath()
      throws Exception {
    CheckRun.Result r = install("--repo", repo.resolve("mm/damon").toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    for (String hook : List.of("pre-commit", "sendemail-validate", "pre-push")) {
      Path h = hooks.resolve(hook);
      assertTrue(Files.isExecutable(h), hook);
      String text = Files.readString(h);
      assertTrue(text.contains("mmreview=${MMREVIEW:-'" + launcher + "'}"), text);
      assertTrue(r.out().contains("installed " + h), r.out());
    }
  }

  @Test
  void anExistingHookIsChainedThenRestored() throws Exception {
    Files.createDirectories(hooks);
    String mine = "#!/bin/sh\n# the developer's own checks\nexit 0\n";
    Files.writeString(hooks.resolve("pre-commit"), mine);

    assertEquals(ExitCodes.OK, install("--repo", repo.toString(), "--hooks", "pre-commit").code());
    assertEquals(mine, Files.readString(hooks.resolve("pre-commit.mmreview-chained")));
    assertTrue(
        Files.readString(hooks.resolve("pre-commit")).contains("# mmreview-hook: pre-commit"));
    assertFalse(Files.exists(hooks.resolve("pre-push")), "only the hooks asked for");

    // Installing again updates mmreview's hook and keeps the chained one as it is.
    CheckRun.Result again = install("--repo", repo.toString(), "--hooks", "pre-commit");
    assertEquals(ExitCodes.OK, again.code(), again.err());
    assertEquals(mine, Files.readString(hooks.resolve("pre-commit.mmreview-chained")));

    CheckRun.Result un = hooks("uninstall", "--repo", repo.toString());
    assertEquals(ExitCodes.OK, un.code(), un.err());
    assertEquals(mine, Files.readString(hooks.resolve("pre-commit")));
    assertFalse(Files.exists(hooks.resolve("pre-commit.mmreview-chained")));
    assertFalse(Files.exists(hooks.resolve("pre-push")));
  }

  @Test
  void aForeignHookIsNeitherOverwrittenNorRemoved() throws Exception {
    Files.createDirectories(hooks);
    Files.writeString(hooks.resolve("pre-push"), "#!/bin/sh\nexit 0\n");
    Files.writeString(hooks.resolve("pre-push.mmreview-chained"), "#!/bin/sh\nexit 1\n");
    CheckRun.Result r = install("--repo", repo.toString(), "--hooks", "pre-push");
    assertEquals(ExitCodes.INPUT_ERROR, r.code());
    assertTrue(r.err().contains("neither is mmreview's"), r.err());
    assertEquals("#!/bin/sh\nexit 0\n", Files.readString(hooks.resolve("pre-push")));

    CheckRun.Result un = hooks("uninstall", "--repo", repo.toString(), "--hooks", "pre-push");
    assertEquals(ExitCodes.OK, un.code());
    assertTrue(un.out().contains("not mmreview's; left alone"), un.out());
    assertEquals("#!/bin/sh\nexit 0\n", Files.readString(hooks.resolve("pre-push")));
  }

  @Test
  void aSymlinkToTheTemplateIsReplacedNotWrittenThrough() throws Exception {
    Path template = tmp.resolve("contrib-pre-commit");
    String text = "#!/bin/sh\n# mmreview-hook: pre-commit\nmmreview=${MMREVIEW:-mmreview}\n";
    Files.writeString(template, text);
    Files.createDirectories(hooks);
    Files.createSymbolicLink(hooks.resolve("pre-commit"), template);
    assertEquals(ExitCodes.OK, install("--repo", repo.toString(), "--hooks", "pre-commit").code());
    assertFalse(Files.isSymbolicLink(hooks.resolve("pre-commit")));
    assertFalse(
        Files.exists(hooks.resolve("pre-commit.mmreview-chained")), "the old link was ours");
    assertEquals(text, Files.readString(template));
  }

  @Test
  void coreHooksPathIsHonouredRelativeToTheWorkTree() throws Exception {
    try (Git git = Git.open(repo.toFile())) {
      StoredConfig config = git.getRepository().getConfig();
      config.setString("core", null, "hooksPath", "tools/git-hooks");
      config.save();
    }
    assertEquals(ExitCodes.OK, install("--repo", repo.resolve("mm").toString()).code());
    assertTrue(Files.isExecutable(repo.resolve("tools/git-hooks/pre-commit")));
    assertFalse(Files.exists(hooks.resolve("pre-commit")));
  }

  @Test
  void aLinkedWorktreeInstallsIntoTheMainRepositorysHooks() throws Exception {
    try (Git git = Git.open(repo.toFile())) {
      Files.writeString(repo.resolve("README"), "x\n");
      git.add().addFilepattern("README").call();
      git.commit()
          .setMessage("base")
          .setAuthor("A", "a@example.org")
          .setCommitter("A", "a@example.org")
          .setSign(false)
          .call();
    }
    // JGit cannot create linked worktrees: git does it.
    Path wt = tmp.resolve("linux-wt");
    Process p =
        new ProcessBuilder("git", "-C", repo.toString(), "worktree", "add", "-q", wt.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);

    assertEquals(ExitCodes.OK, install("--repo", wt.toString(), "--hooks", "pre-commit").code());
    assertTrue(Files.isExecutable(hooks.resolve("pre-commit")));
  }

  @Test
  void outsideARepositoryOrWithAnUnknownHookIsAnInputError() {
    CheckRun.Result none = install("--repo", tmp.resolve("mmreview-checkout").toString());
    assertEquals(ExitCodes.INPUT_ERROR, none.code());
    assertTrue(none.err().contains("not in a git repository"), none.err());

    CheckRun.Result bad = install("--repo", repo.toString(), "--hooks", "post-commit");
    assertEquals(ExitCodes.INPUT_ERROR, bad.code());
    assertTrue(bad.err().contains("unknown hook 'post-commit'"), bad.err());
  }
}
