package org.mmreview.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Opens a repository for intake, including a linked worktree ({@code git worktree add}),
 * whose {@code .git} file points to a private directory with its own HEAD and index and a
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

  /** Opens the repository at {@code dir} (work tree, linked worktree, or bare git directory). */
  public static GitRepo open(Path dir) throws IOException {
    Path dotGit = dir.resolve(".git");
    if (Files.isRegularFile(dotGit)) {
      String content = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
      if (content.startsWith("gitdir:")) {
        Path priv = dir.resolve(content.substring(7).strip()).normalize();
        Path common = priv.resolve("commondir");
        if (Files.isRegularFile(common)) {
          Path commonDir = priv.resolve(Files.readString(common, StandardCharsets.UTF_8).strip()).normalize();
          Repository r = new FileRepositoryBuilder()
              .setGitDir(commonDir.toFile())
              .setWorkTree(dir.toFile())
              .setIndexFile(priv.resolve("index").toFile())
              .setMustExist(true)
              .build();
          return new GitRepo(r, Optional.of(priv));
        }
      }
    }
    FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
    if (Files.isDirectory(dotGit) || Files.isRegularFile(dotGit)) {
      b.findGitDir(dir.toFile());
    } else if (Files.isDirectory(dir.resolve("objects")) && Files.isRegularFile(dir.resolve("HEAD"))) {
      b.setGitDir(dir.toFile());
    } else {
      throw new RepositoryNotFoundException(dir.toFile());
    }
    if (b.getGitDir() == null) {
      throw new RepositoryNotFoundException(dir.toFile());
    }
    return new GitRepo(b.build(), Optional.empty());
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
    if (privateDir.isPresent() && (rev.equals("HEAD") || rev.startsWith("HEAD~") || rev.startsWith("HEAD^"))) {
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
