package org.mmreview.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A tree to take pre-images from (a directory or a commit) and the hunk application that turns each
 * pre-image into the full post-image. A hunk that does not match (even when shifted, like {@code
 * git apply}'s offset search) leaves the file hunk-only.
 */
public final class BaseTree {

  /** Reads one file of the base, empty when it does not exist there. */
  @FunctionalInterface
  public interface FileReader {
    Optional<String> read(String path) throws IOException;
  }

  /** The patch with images attached, and what did not apply. */
  public record Applied(Patch patch, List<IntakeDiagnostic> diagnostics) {}

  private final String name;
  private final FileReader reader;
  private final String description;

  public BaseTree(String name, FileReader reader) {
    this(name, reader, name);
  }

  private BaseTree(String name, FileReader reader, String description) {
    this.name = name;
    this.reader = reader;
    this.description = description;
  }

  public String name() {
    return name;
  }

  /** Which base this is and why it was chosen, as the patch records it ({@link Patch#base()}). */
  public String description() {
    return description;
  }

  /** This tree, described as {@code text} ({@code base-commit 1234abcd5678}, ...). */
  public BaseTree describedAs(String text) {
    return new BaseTree(name, reader, text);
  }

  /**
   * This tree with some files replaced, as a series' earlier patches left them: a path in {@code
   * files} reads as its value there (empty for a file they deleted, or left unknown because they
   * did not apply to it), any other path as in this tree. The caller keeps {@code files} and may
   * add to it after each patch.
   */
  public BaseTree overlaid(Map<String, Optional<String>> files, String description) {
    FileReader under = reader;
    return new BaseTree(
        description,
        path -> files.containsKey(path) ? files.get(path) : under.read(path),
        description);
  }

  /**
   * Records in {@code files} what {@code applied} left of each file it changed, for the next patch
   * of its series to be applied over: the post-image of a file it applied to, nothing for a file it
   * deleted or renamed away, and nothing for a text file it did not apply to (its content is no
   * longer known, so a later patch of that file stays hunk-only rather than meet a stale one).
   */
  public static void record(Patch applied, Map<String, Optional<String>> files) {
    for (FileChange f : applied.files()) {
      if (f.binary()) {
        continue;
      }
      if (f.changeType() != ChangeType.ADD) {
        files.put(f.oldPath(), Optional.empty());
      }
      if (f.changeType() != ChangeType.DELETE) {
        files.put(f.newPath(), f.postImage());
      }
    }
  }

  /** Files of a checked-out directory. */
  public static BaseTree directory(Path dir) {
    return new BaseTree(
        dir.toString(),
        path -> {
          Path p = dir.resolve(path).normalize();
          if (!p.startsWith(dir.normalize()) || !Files.isRegularFile(p)) {
            return Optional.empty();
          }
          return Optional.of(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
        });
  }

  /** Files of a commit of a repository (which the caller keeps open). */
  public static BaseTree commit(Repository repo, ObjectId commit) throws IOException {
    RevCommit c;
    try (RevWalk walk = new RevWalk(repo)) {
      c = walk.parseCommit(commit);
    }
    ObjectId tree = c.getTree().getId();
    return new BaseTree(
        commit.abbreviate(12).name(),
        path -> {
          try (ObjectReader or = repo.newObjectReader();
              TreeWalk tw = TreeWalk.forPath(or, path, tree)) {
            if (tw == null) {
              return Optional.empty();
            }
            return Optional.of(
                new String(or.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
          }
        });
  }

  /** Applies every text file of the patch to its pre-image from this tree. */
  public Applied apply(Patch patch) {
    List<FileChange> out = new ArrayList<>();
    List<IntakeDiagnostic> diags = new ArrayList<>();
    for (FileChange f : patch.files()) {
      if (f.binary()) {
        out.add(f);
        continue;
      }
      try {
        Optional<String> pre =
            f.changeType() == ChangeType.ADD ? Optional.of("") : reader.read(f.oldPath());
        if (pre.isEmpty()) {
          diags.add(
              new IntakeDiagnostic(
                  patch.source(), f.oldPath() + ": not in " + name + "; hunk-only analysis"));
          out.add(f);
          continue;
        }
        Optional<FileChange> applied = applyFile(f, pre.get());
        if (applied.isEmpty()) {
          diags.add(
              new IntakeDiagnostic(
                  patch.source(),
                  f.path() + ": patch does not apply to " + name + "; hunk-only analysis"));
          out.add(f);
        } else {
          out.add(applied.get());
        }
      } catch (IOException | RuntimeException e) {
        diags.add(
            new IntakeDiagnostic(
                patch.source(), f.path() + ": cannot read pre-image: " + e.getMessage()));
        out.add(f);
      }
    }
    return new Applied(patch.withFiles(out).withBase(description), diags);
  }

  /** Applies one file's hunks to a pre-image; empty when a hunk does not match. */
  public static Optional<FileChange> applyFile(FileChange f, String preImage) {
    boolean preEndsNl = preImage.isEmpty() || preImage.endsWith("\n");
    List<String> pre =
        preImage.isEmpty()
            ? List.of()
            : Arrays.asList(
                (preEndsNl ? preImage.substring(0, preImage.length() - 1) : preImage)
                    .split("\n", -1));
    List<String> post = new ArrayList<>();
    List<Hunk> shifted = new ArrayList<>();
    int cursor = 0; // next pre-image index not yet copied
    int offset = 0;
    boolean postEndsNl = preEndsNl;
    for (Hunk h : f.hunks()) {
      List<String> old = new ArrayList<>();
      for (HunkLine l : h.lines()) {
        if (l.kind() != HunkLine.Kind.ADD) {
          old.add(l.text());
        }
      }
      int want = (h.oldCount() == 0 ? h.oldStart() : h.oldStart() - 1) + offset;
      int at = find(pre, old, want, cursor);
      if (at < 0) {
        return Optional.empty();
      }
      offset = at - (h.oldCount() == 0 ? h.oldStart() : h.oldStart() - 1);
      post.addAll(pre.subList(cursor, at));
      int oldNo = at + 1;
      int newNo = post.size() + 1;
      List<HunkLine> lines = new ArrayList<>();
      for (HunkLine l : h.lines()) {
        switch (l.kind()) {
          case CONTEXT -> {
            lines.add(l.withNumbers(oldNo++, newNo++));
            post.add(l.text());
          }
          case REMOVE -> lines.add(l.withNumbers(oldNo++, 0));
          case ADD -> {
            lines.add(l.withNumbers(0, newNo++));
            post.add(l.text());
          }
        }
      }
      int newStart = h.newCount() == 0 ? post.size() : post.size() - h.newCount() + 1;
      int oldStart = h.oldCount() == 0 ? at : at + 1;
      shifted.add(
          new Hunk(
              oldStart,
              h.oldCount(),
              newStart,
              h.newCount(),
              h.sectionHeading(),
              lines,
              h.patchLine()));
      cursor = at + old.size();
      HunkLine last = null;
      for (HunkLine l : h.lines()) {
        if (l.kind() != HunkLine.Kind.REMOVE) {
          last = l;
        }
      }
      if (cursor >= pre.size() && last != null) {
        postEndsNl = !last.noNewlineAtEnd();
      }
    }
    post.addAll(pre.subList(cursor, pre.size()));
    String postText = post.isEmpty() ? "" : String.join("\n", post) + (postEndsNl ? "\n" : "");
    if (f.changeType() == ChangeType.DELETE) {
      return Optional.of(f.withImages(shifted, preImage, null));
    }
    return Optional.of(
        f.withImages(shifted, f.changeType() == ChangeType.ADD ? null : preImage, postText));
  }

  /**
   * Index where {@code old} matches {@code pre}, nearest to {@code want}, not before {@code min}.
   */
  private static int find(List<String> pre, List<String> old, int want, int min) {
    int maxStart = pre.size() - old.size();
    if (maxStart < min) {
      return -1;
    }
    want = Math.max(min, Math.min(want, maxStart));
    for (int d = 0; d <= pre.size(); d++) {
      int a = want - d;
      int b = want + d;
      if (a >= min && a <= maxStart && matches(pre, old, a)) {
        return a;
      }
      if (d > 0 && b >= min && b <= maxStart && matches(pre, old, b)) {
        return b;
      }
      if (a < min && b > maxStart) {
        break;
      }
    }
    return -1;
  }

  private static boolean matches(List<String> pre, List<String> old, int at) {
    for (int i = 0; i < old.size(); i++) {
      if (!pre.get(at + i).equals(old.get(i))) {
        return false;
      }
    }
    return true;
  }
}
