package org.mmreview.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The shared real archive ({@code ../shared/corpus}), fetched from its bundle once per build
 * directory. Tests that use it skip visibly when it is absent.
 */
public final class Corpus {
  public static final String BUNDLE = "linux-kselftest-mm-2019-2023.bundle";

  private Corpus() {}

  public static Path root() {
    return Path.of(System.getProperty("mmreview.root", ".")).toAbsolutePath().normalize();
  }

  /** The corpus as a bare public-inbox v1 repository under target/, or empty when absent. */
  public static synchronized Optional<Path> inbox() throws Exception {
    Path root = root();
    // -Dmmreview.corpus=none runs the suite as a machine without the corpus would
    if ("none".equals(System.getProperty("mmreview.corpus"))) {
      System.err.println("corpus: SKIPPED, -Dmmreview.corpus=none");
      return Optional.empty();
    }
    Path bundle = root.resolve("../shared/corpus").resolve(BUNDLE).normalize();
    if (!Files.isRegularFile(bundle)) {
      System.err.println("corpus: SKIPPED, no corpus at " + bundle);
      return Optional.empty();
    }
    Path clone = root.resolve("target/corpus.git");
    if (!Files.exists(clone.resolve("HEAD"))) {
      // fetched once per build directory, into a temporary name first
      Files.createDirectories(root.resolve("target"));
      Path tmp = Files.createTempDirectory(root.resolve("target"), "corpus");
      try (Git g = Git.init().setBare(true).setDirectory(tmp.toFile()).call()) {
        g.fetch()
            .setRemote(bundle.toUri().toString())
            .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"))
            .call();
        String branch =
            g.getRepository().getRefDatabase().getRefsByPrefix("refs/heads/").get(0).getName();
        RefUpdate head = g.getRepository().updateRef("HEAD");
        head.link(branch);
      }
      Files.move(tmp, clone);
    }
    return Optional.of(clone);
  }

  /** Every {@code step}-th mail of the archive, oldest first (deleted messages left out). */
  public static List<byte[]> sampleMails(Path inbox, int step) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (Repository repo =
            new FileRepositoryBuilder().setGitDir(inbox.toFile()).setMustExist(true).build();
        ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      walk.markStart(walk.parseCommit(repo.resolve("HEAD")));
      int i = 0;
      for (RevCommit c : walk) {
        if (i++ % step != 0) {
          continue;
        }
        try (TreeWalk tw = TreeWalk.forPath(reader, "m", c.getTree())) {
          if (tw != null) {
            out.add(reader.open(tw.getObjectId(0)).getBytes());
          }
        }
      }
    }
    return out;
  }
}
