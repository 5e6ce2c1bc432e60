package org.mmreview.cli.hooks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Where git runs a repository's hooks from, found as git finds it: the repository is looked up from
 * a start directory upwards (or taken from {@code GIT_DIR}), a linked worktree's hooks are its main
 * repository's, and {@code core.hooksPath} (repository, user or system config) moves them
 * elsewhere.
 *
 * @param gitDir the repository's own git directory ({@code .git/worktrees/X} in a linked worktree)
 * @param commonDir the directory shared by all worktrees (equal to {@code gitDir} without
 *     worktrees)
 * @param workTree the top of the working tree, when there is one
 * @param hooksDir the directory git looks for hooks in
 */
public record HookLocation(Path gitDir, Path commonDir, Optional<Path> workTree, Path hooksDir) {

  /** No repository was found from the start directory. */
  public static final class NotARepositoryException extends Exception {
    NotARepositoryException(String message) {
      super(message);
    }
  }

  /**
   * Finds the hooks of the repository given as {@code repo}, or, without one, of the repository
   * holding {@code cwd} (or named by {@code GIT_DIR} in {@code env}).
   */
  public static HookLocation find(Optional<Path> repo, Path cwd, Map<String, String> env)
      throws NotARepositoryException, IOException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder();
    Path start = cwd;
    if (repo.isPresent()) {
      // An explicit --repo wins over the environment, as `git -C DIR` would not: the user
      // named the repository they mean.
      start = cwd.resolve(repo.get());
      if (!Files.isDirectory(start)) {
        throw new NotARepositoryException(start + ": no such directory");
      }
    } else {
      builder.readEnvironment(withEnvironment(env));
    }
    builder.findGitDir(start.toFile());
    if (builder.getGitDir() == null) {
      throw new NotARepositoryException(start + ": not in a git repository");
    }
    Path gitDir = absolute(cwd, builder.getGitDir());
    if (!Files.isDirectory(gitDir)) {
      throw new NotARepositoryException(gitDir + ": not a git directory");
    }
    Path commonDir = gitDir;
    Path commonFile = gitDir.resolve("commondir");
    if (Files.isRegularFile(commonFile)) {
      commonDir = gitDir.resolve(Files.readString(commonFile).strip()).normalize();
    }

    FileBasedConfig config;
    try {
      config =
          new FileBasedConfig(
              SystemReader.getInstance().getUserConfig(),
              commonDir.resolve(Constants.CONFIG).toFile(),
              FS.DETECTED);
      config.load();
    } catch (ConfigInvalidException e) {
      throw new IOException("unreadable git config: " + e.getMessage(), e);
    }

    Optional<Path> workTree =
        workTree(
            builder, gitDir, config, cwd, repo.isEmpty() && env.containsKey(Constants.GIT_DIR_KEY));
    Path hooksDir = commonDir.resolve(Constants.HOOKS);
    String hooksPath =
        config.getString(
            ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_HOOKS_PATH);
    if (hooksPath != null && !hooksPath.isBlank()) {
      Path p = expandHome(hooksPath.strip(), env);
      // git runs hooks from the top of the working tree (the git directory when bare), and a
      // relative core.hooksPath is taken from there.
      hooksDir = p.isAbsolute() ? p : workTree.orElse(gitDir).resolve(p).normalize();
    }
    return new HookLocation(gitDir, commonDir, workTree, hooksDir);
  }

  private static Optional<Path> workTree(
      FileRepositoryBuilder builder,
      Path gitDir,
      FileBasedConfig config,
      Path cwd,
      boolean gitDirFromEnv)
      throws IOException {
    if (builder.getWorkTree() != null) {
      return Optional.of(absolute(cwd, builder.getWorkTree())); // GIT_WORK_TREE
    }
    Path linked = gitDir.resolve("gitdir"); // a linked worktree names its ".git" file here
    if (Files.isRegularFile(linked)) {
      return Optional.ofNullable(Path.of(Files.readString(linked).strip()).getParent());
    }
    if (config.getBoolean(
        ConfigConstants.CONFIG_CORE_SECTION, ConfigConstants.CONFIG_KEY_BARE, false)) {
      return Optional.empty();
    }
    String configured =
        config.getString(
            ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_WORKTREE);
    if (configured != null) {
      return Optional.of(gitDir.resolve(configured).normalize());
    }
    if (gitDir.getFileName().toString().equals(Constants.DOT_GIT)) {
      return Optional.of(gitDir.getParent());
    }
    // GIT_DIR without GIT_WORK_TREE: git takes the current directory as the top.
    return gitDirFromEnv ? Optional.of(cwd) : Optional.empty();
  }

  private static Path absolute(Path cwd, File f) {
    return cwd.resolve(f.toPath()).toAbsolutePath().normalize();
  }

  private static Path expandHome(String path, Map<String, String> env) {
    if (path.equals("~") || path.startsWith("~/")) {
      String home = env.getOrDefault("HOME", System.getProperty("user.home"));
      return Path.of(home + path.substring(1));
    }
    return Path.of(path);
  }

  /** JGit's view of the environment, with the variables taken from {@code env}. */
  private static SystemReader withEnvironment(Map<String, String> env) {
    return new SystemReader.Delegate(SystemReader.getInstance()) {
      @Override
      public String getenv(String name) {
        return env.get(name);
      }
    };
  }
}
