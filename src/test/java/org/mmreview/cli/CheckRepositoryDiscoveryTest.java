package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository of {@code --staged}, {@code --worktree} and {@code --git} is found as git finds
 * it: walking up from the current directory, from {@code GIT_DIR} and {@code GIT_WORK_TREE}, and
 * the staged change is read from {@code GIT_INDEX_FILE} when it is set.
 */
class CheckRepositoryDiscoveryTest {
  private static final String PRE = FlagsApiFile.USES_API;

  private static final String POST = FlagsApiFile.WITH_LEGACY_TEST;

  private static final String[] STAGED = {"check", "--staged", "--format=gcc", "--fail-on=warning"};
  private static final String EXPECTED = "mm/grow.c:15:13: warning:";

  @TempDir Path tmp;

  private Path repoWithStagedChange() throws Exception {
    Path dir = tmp.resolve("linux");
    Files.createDirectories(dir.resolve("mm"));
    try (Git git = Git.init().setDirectory(dir.toFile()).call()) {
      Files.writeString(dir.resolve("mm/grow.c"), PRE);
      git.add().addFilepattern("mm/grow.c").call();
      PersonIdent me = new PersonIdent("A Developer", "dev@example.org");
      git.commit().setMessage("mm: base").setAuthor(me).setCommitter(me).setSign(false).call();
      Files.writeString(dir.resolve("mm/grow.c"), POST);
      git.add().addFilepattern("mm/grow.c").call();
    }
    return dir;
  }

  private static CheckRun.Result run(Path cwd, Map<String, String> env, String... args) {
    return CheckRun.run(new Host(InputStream.nullInputStream(), env, cwd, false), args);
  }

  @Test
  void fromASubdirectoryTheRepositoryIsFoundByWalkingUp() throws Exception {
    Path dir = repoWithStagedChange();
    CheckRun.Result r = run(dir.resolve("mm"), Map.of(), STAGED);
    assertEquals(ExitCodes.FINDINGS, r.code(), r.err());
    assertTrue(r.out().startsWith(EXPECTED), r.out());
    // --repo may name any directory inside the repository, relative to the current one.
    CheckRun.Result named = run(tmp, Map.of(), concat(STAGED, "--repo", "linux/mm"));
    assertEquals(r.out(), named.out());
  }

  @Test
  void gitDirAndGitWorkTreeNameTheRepository() throws Exception {
    Path dir = repoWithStagedChange();
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    CheckRun.Result r =
        run(elsewhere, Map.of("GIT_DIR", "../linux/.git", "GIT_WORK_TREE", dir.toString()), STAGED);
    assertEquals(ExitCodes.FINDINGS, r.code(), r.err());
    assertTrue(r.out().startsWith(EXPECTED), r.out());
    // An explicit --repo wins over the environment, as it does for `hooks install`.
    CheckRun.Result explicit =
        run(elsewhere, Map.of("GIT_DIR", "/nonexistent"), concat(STAGED, "--repo", dir.toString()));
    assertEquals(r.out(), explicit.out());
  }

  @Test
  void outsideAnyRepositoryTheMessageNamesWhereItLooked() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    CheckRun.Result r = run(plain, Map.of(), STAGED);
    assertEquals(ExitCodes.INPUT_ERROR, r.code());
    assertTrue(r.err().startsWith("mmreview: " + plain + ": not in a git repository\n"), r.err());
  }

  @Test
  void gitIndexFileIsTheIndexRead() throws Exception {
    Path dir = repoWithStagedChange();
    // An index that stages nothing: HEAD's tree, as `git commit -a` starts from before it adds.
    Path clean = tmp.resolve("clean-index");
    try (Repository alt =
            new FileRepositoryBuilder()
                .setGitDir(dir.resolve(".git").toFile())
                .setWorkTree(dir.toFile())
                .setIndexFile(clean.toFile())
                .build();
        Git git = Git.wrap(alt)) {
      git.reset().setRef("HEAD").call();
    }
    CheckRun.Result fromEnv = run(dir, Map.of("GIT_INDEX_FILE", clean.toString()), STAGED);
    assertTrue(
        fromEnv.err().startsWith("mmreview: staged: no changes against HEAD\n"), fromEnv.err());
    assertEquals(ExitCodes.INPUT_ERROR, fromEnv.code());
    CheckRun.Result usual = run(dir, Map.of(), STAGED);
    assertTrue(usual.out().startsWith(EXPECTED), usual.out());
    // It holds with --repo too: git's hooks pass the top directory and set GIT_INDEX_FILE.
    CheckRun.Result withRepo =
        run(tmp, Map.of("GIT_INDEX_FILE", clean.toString()), concat(STAGED, "--repo", "linux"));
    assertEquals(fromEnv.err(), withRepo.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
