package org.mmreview.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Opens a repository for intake as git finds it (walking up from a directory, or from {@code
 * GIT_DIR}; the index of {@code GIT_INDEX_FILE}), including a linked worktree ({@code git worktree
 * add}), whose {@code .git} file points to a private directory with its own HEAD and index and a
 * {@code commondir} holding the objects and refs. JGit reads the common directory; this class
 * supplies the worktree's HEAD so {@code HEAD}, {@code HEAD~2..HEAD} resolve as git does.
 */
public final class GitRepo implements AutoCloseable {
  private final Repository repo;
  private final Optional<Path> privateDir;

  private GitRepo(Repository repo, Optional<Path> privateDir) {
    this.repo = repo;
    this.privateDir = privateDir;
  }

  /**
   * Where to look for a repository, as git does: {@code repo} (a directory anywhere in it) when
   * given, else {@code GIT_DIR} (with {@code GIT_WORK_TREE}) from {@code env}, else the repository
   * holding {@code cwd}, found by walking up. {@code GIT_INDEX_FILE} names the index in every case
   * ({@code git commit -a} points its hooks at a temporary one).
   *
   * @param repo the {@code --repo} directory, relative to {@code cwd}
   * @param cwd where relative paths and the walk up start
   * @param env the environment ({@code GIT_DIR}, {@code GIT_WORK_TREE}, {@code GIT_INDEX_FILE})
   */
  public record Lookup(Optional<Path> repo, Path cwd, Map<String, String> env) {
    public Lookup {
      cwd = cwd.toAbsolutePath().normalize();
      env = Map.copyOf(env);
    }

    /** The repository holding {@code dir}, the environment ignored. */
    public static Lookup at(Path dir) {
      return new Lookup(Optional.of(dir), Path.of(""), Map.of());
    }

    /** How the lookup is named in messages: the directory given or searched from. */
    public String describe() {
      return repo.map(Path::toString)
          .orElseGet(() -> variable(Constants.GIT_DIR_KEY).orElse(cwd.toString()));
    }

    Optional<String> variable(String name) {
      String v = env.get(name);
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    Optional<Path> path(String name) {
      return variable(name).map(v -> cwd.resolve(v).normalize());
    }
  }

  /** Opens the repository holding {@code dir} (work tree, linked worktree, bare git directory). */
  public static GitRepo open(Path dir) throws IOException {
    return open(Lookup.at(dir));
  }

  /** Opens the repository {@code where} names; see {@link Lookup}. */
  public static GitRepo open(Lookup where) throws IOException {
    Optional<Path> index = where.path(Constants.GIT_INDEX_FILE_KEY);
    Optional<Path> gitDirFromEnv =
        where.repo().isEmpty() ? where.path(Constants.GIT_DIR_KEY) : Optional.empty();
    if (gitDirFromEnv.isPresent()) {
      Path gitDir = gitDirFromEnv.get();
      if (!Files.isDirectory(gitDir)) {
        throw new RepositoryNotFoundException(gitDir.toFile());
      }
      // GIT_DIR without GIT_WORK_TREE: git takes the current directory as the top.
      Path workTree = where.path(Constants.GIT_WORK_TREE_KEY).orElse(where.cwd());
      return fromGitDir(gitDir, Optional.of(workTree), index);
    }
    Path start = where.cwd().resolve(where.repo().orElse(Path.of(""))).normalize();
    if (!Files.isDirectory(start)) {
      throw new NoSuchFileException(start.toString());
    }
    for (Path d = start; d != null; d = d.getParent()) {
      Path dotGit = d.resolve(Constants.DOT_GIT);
      if (Files.isRegularFile(dotGit)) {
        String content = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
        if (content.startsWith("gitdir:")) {
          return fromGitDir(
              d.resolve(content.substring(7).strip()).normalize(), Optional.of(d), index);
        }
      } else if (Files.isDirectory(dotGit)) {
        return fromGitDir(dotGit, Optional.of(d), index);
      } else if (Files.isDirectory(d.resolve("objects"))
          && Files.isRegularFile(d.resolve("HEAD"))) {
        return fromGitDir(d, Optional.empty(), index); // a bare repository
      }
    }
    throw new RepositoryNotFoundException(start.toFile());
  }

  /**
   * The repository whose git directory is {@code gitDir}. A linked worktree's private directory has
   * a {@code commondir} holding the objects and refs; its HEAD and index stay private.
   */
  private static GitRepo fromGitDir(Path gitDir, Optional<Path> workTree, Optional<Path> index)
      throws IOException {
    FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
    Optional<Path> privateDir = Optional.empty();
    Path common = gitDir.resolve("commondir");
    if (Files.isRegularFile(common)) {
      privateDir = Optional.of(gitDir);
      b.setGitDir(
          gitDir
              .resolve(Files.readString(common, StandardCharsets.UTF_8).strip())
              .normalize()
              .toFile());
      b.setIndexFile(index.orElse(gitDir.resolve("index")).toFile());
    } else {
      b.setGitDir(gitDir.toFile());
      index.ifPresent(i -> b.setIndexFile(i.toFile()));
    }
    workTree.ifPresent(w -> b.setWorkTree(w.toFile()));
    try {
      return new GitRepo(b.build(), privateDir);
    } catch (IllegalArgumentException e) {
      throw new RepositoryNotFoundException(gitDir.toFile(), e);
    }
  }

  public Repository repository() {
    return repo;
  }

  /** The commit HEAD names in this (possibly linked) work tree, empty on an unborn branch. */
  public Optional<ObjectId> head() throws IOException {
    if (privateDir.isPresent()) {
      Path headFile = privateDir.get().resolve("HEAD");
      String h = Files.readString(headFile, StandardCharsets.UTF_8).strip();
      if (h.startsWith("ref:")) {
        return Optional.ofNullable(repo.resolve(h.substring(4).strip()));
      }
      return Optional.of(ObjectId.fromString(h));
    }
    return Optional.ofNullable(repo.resolve("HEAD"));
  }

  /** Resolves a revision, {@code HEAD} meaning this work tree's HEAD; null when unknown. */
  public ObjectId resolve(String rev) throws IOException {
    if (privateDir.isPresent()
        && (rev.equals("HEAD") || rev.startsWith("HEAD~") || rev.startsWith("HEAD^"))) {
      Optional<ObjectId> h = head();
      if (h.isEmpty()) {
        return null;
      }
      return repo.resolve(h.get().name() + rev.substring(4));
    }
    return repo.resolve(rev);
  }

  @Override
  public void close() {
    repo.close();
  }
}
