package org.mmreview.intake;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Walks a public-inbox archive with JGit: a bare repository (v1) or a v2 inbox with
 * {@code git/N.git} epochs, where each commit holds one mail in the file {@code m} (and a
 * removed message leaves {@code d}). Oldest first.
 */
public final class PublicInboxReader {

  /**
   * One archive commit: its mail bytes, or null when the message was removed.
   *
   * @param warning what was odd about the commit itself (an impossible timezone offset)
   */
  public record Entry(String epoch, String commit, byte[] mail, Optional<String> warning) {
    public String id() {
      return epoch + "@" + commit.substring(0, 12);
    }
  }

  private PublicInboxReader() {}

  /** The git directories of an inbox, epochs in order. */
  public static List<Path> epochs(Path inbox) throws IOException {
    Path v2 = inbox.resolve("git");
    if (Files.isDirectory(v2)) {
      try (Stream<Path> s = Files.list(v2)) {
        List<Path> out =
            new ArrayList<>(
                s.filter(p -> p.getFileName().toString().matches("\\d+\\.git")).toList());
        out.sort(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replace(".git", ""))));
        if (!out.isEmpty()) {
          return out;
        }
      }
    }
    if (Files.isDirectory(inbox.resolve(".git"))) {
      return List.of(inbox.resolve(".git"));
    }
    if (Files.isDirectory(inbox.resolve("objects")) && Files.exists(inbox.resolve("HEAD"))) {
      return List.of(inbox);
    }
    throw new IOException("not a public-inbox archive (no objects/, .git/ or git/N.git)");
  }

  /**
   * Walks the archive oldest first.
   *
   * @param range empty for all; {@code A..B} for the messages after A up to B (either may be
   *     empty; A and B may sit in different epochs of a v2 archive); one revision X for every
   *     message up to X
   */
  public static void walk(Path inbox, String range, Consumer<Entry> sink) throws IOException {
    String from = "";
    String to = "";
    if (range != null && !range.isBlank()) {
      int dots = range.indexOf("..");
      if (dots >= 0) {
        from = range.substring(0, dots).strip();
        to = range.substring(dots + 2).strip();
      } else {
        to = range.strip();
      }
    }
    List<Path> epochs = epochs(inbox);
    boolean[] started = {from.isEmpty()};
    boolean[] done = {false};
    boolean[] seenFrom = {from.isEmpty()};
    boolean[] seenTo = {to.isEmpty()};
    for (Path gitDir : epochs) {
      if (done[0]) {
        break;
      }
      String epoch = gitDir.getFileName().toString();
      if (epoch.equals(".git")) {
        epoch = gitDir.getParent().getFileName().toString();
      }
      walkEpoch(gitDir.toFile(), epoch, from, to, started, done, seenFrom, seenTo, sink);
    }
    if (!seenFrom[0]) {
      throw new IOException("unknown revision '" + from + "'");
    }
    if (!seenTo[0]) {
      throw new IOException("unknown revision '" + to + "'");
    }
  }

  private static void walkEpoch(
      File gitDir,
      String epoch,
      String from,
      String to,
      boolean[] started,
      boolean[] done,
      boolean[] seenFrom,
      boolean[] seenTo,
      Consumer<Entry> sink)
      throws IOException {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
        ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      ObjectId head = repo.resolve("HEAD");
      if (head == null) {
        return; // empty epoch
      }
      ObjectId fromId = from.isEmpty() ? null : resolveQuietly(repo, from);
      ObjectId toId = to.isEmpty() ? null : resolveQuietly(repo, to);
      seenFrom[0] |= fromId != null;
      seenTo[0] |= toId != null;
      walk.markStart(walk.parseCommit(head));
      walk.sort(RevSort.TOPO);
      walk.sort(RevSort.REVERSE, true);
      for (RevCommit c : walk) {
        if (!started[0]) {
          if (c.equals(fromId)) {
            started[0] = true;
          }
          continue;
        }
        byte[] mail = null;
        try (TreeWalk tw = TreeWalk.forPath(reader, "m", c.getTree())) {
          if (tw != null) {
            mail = reader.open(tw.getObjectId(0)).getBytes();
          }
        }
        sink.accept(new Entry(epoch, c.getName(), mail, commitWarning(c)));
        if (c.equals(toId)) {
          done[0] = true;
          return;
        }
      }
    }
  }

  private static ObjectId resolveQuietly(Repository repo, String rev) {
    try {
      ObjectId id = repo.resolve(rev + "^{commit}");
      return id;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Archives hold commits dated with offsets like +2100; JGit reads them, we count them. */
  static Optional<String> commitWarning(RevCommit c) {
    try {
      int minutes = c.getAuthorIdent().getTimeZoneOffset();
      if (Math.abs(minutes) > 14 * 60 || Math.abs(minutes) % 60 >= 60) {
        return Optional.of(
            String.format(
                "archive commit has invalid timezone offset %s%02d%02d",
                minutes < 0 ? "-" : "+", Math.abs(minutes) / 60, Math.abs(minutes) % 60));
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("archive commit has an unreadable author date");
    }
  }
}
