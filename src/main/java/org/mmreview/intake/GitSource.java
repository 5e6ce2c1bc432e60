package org.mmreview.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Patches from a git repository, read with JGit: one commit, a range {@code A..B}, the commits
 * touching given paths, the staged change (index vs HEAD), and the working tree vs HEAD. Each file
 * gets its pre-image (parent or HEAD) and post-image.
 */
public final class GitSource {

  /** Patches read and what was skipped. */
  public record Result(List<Patch> patches, List<IntakeDiagnostic> diagnostics) {}

  private GitSource() {}

  /**
   * Commits of {@code revs}: {@code A..B}, or one revision (just that commit, or with {@code paths}
   * the history up to it touching them), oldest first.
   */
  public static Result commits(Path repoDir, String revs, List<String> paths, int limit)
      throws IOException {
    return commits(GitRepo.Lookup.at(repoDir), revs, paths, limit);
  }

  /** As {@link #commits(Path, String, List, int)}, in the repository {@code where} names. */
  public static Result commits(GitRepo.Lookup where, String revs, List<String> paths, int limit)
      throws IOException {
    List<Patch> patches = new ArrayList<>();
    List<IntakeDiagnostic> diags = new ArrayList<>();
    try (GitRepo gr = GitRepo.open(where);
        ObjectReader reader = gr.repository().newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      Repository repo = gr.repository();
      List<RevCommit> commits = new ArrayList<>();
      int dots = revs.indexOf("..");
      boolean walkHistory = dots >= 0 || !paths.isEmpty();
      String to = dots >= 0 ? revs.substring(dots + 2) : revs;
      ObjectId toId = gr.resolve(to.isEmpty() ? "HEAD" : to);
      if (toId == null) {
        throw new IOException("unknown revision '" + to + "'");
      }
      if (!walkHistory) {
        commits.add(walk.parseCommit(toId));
      } else {
        walk.markStart(walk.parseCommit(toId));
        if (dots >= 0) {
          ObjectId fromId = gr.resolve(revs.substring(0, dots));
          if (fromId == null) {
            throw new IOException("unknown revision '" + revs.substring(0, dots) + "'");
          }
          walk.markUninteresting(walk.parseCommit(fromId));
        }
        if (!paths.isEmpty()) {
          walk.setRewriteParents(false); // diff each commit against its real parent
          walk.setTreeFilter(
              AndTreeFilter.create(PathFilterGroup.createFromStrings(paths), TreeFilter.ANY_DIFF));
        }
        for (RevCommit c : walk) {
          commits.add(c);
          if (limit > 0 && commits.size() >= limit) {
            break;
          }
        }
        Collections.reverse(commits);
      }
      for (RevCommit c : commits) {
        if (c.getParentCount() > 1) {
          diags.add(new IntakeDiagnostic(c.abbreviate(12).name(), "merge commit skipped"));
          continue;
        }
        // one unreadable commit (an object a partial clone lacks) is reported; the others go on
        try {
          RevCommit parent = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
          Patch p = read(repo, reader, c, parent, metadata(c), diags);
          if (p != null) {
            patches.add(p);
          }
        } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
          diags.add(
              new IntakeDiagnostic(c.abbreviate(12).name(), "cannot read commit: " + oneLine(e)));
        }
      }
    }
    return new Result(revs.contains("..") ? asSeries(revs, patches) : patches, diags);
  }

  /**
   * One commit of a range walk ({@link #eachCommit}): its id and whether it is a merge at once;
   * whether it changes the paths, its metadata and its patch (the costly part: a diff and the
   * images of its files) only when asked, so that a caller skips what it already has for almost
   * nothing.
   */
  public static final class RangeCommit {
    private final Repository repo;
    private final ObjectReader reader;
    private final RevWalk walk;
    private final RevCommit commit;
    private final List<String> paths;

    private RangeCommit(
        Repository repo, ObjectReader reader, RevWalk walk, RevCommit commit, List<String> paths) {
      this.repo = repo;
      this.reader = reader;
      this.walk = walk;
      this.commit = commit;
      this.paths = paths;
    }

    /** The abbreviated commit id (12 hex digits), the name {@link #commits} gives its patch. */
    public String id() {
      return commit.abbreviate(12).name();
    }

    public boolean merge() {
      return commit.getParentCount() > 1;
    }

    /** Author, date, subject and body; the commit's full id where a mail has its Message-ID. */
    public PatchMetadata metadata() throws IOException {
      walk.parseBody(commit);
      try {
        return GitSource.metadata(commit);
      } finally {
        commit.disposeBody(); // the walk keeps every commit it saw: keep them small
      }
    }

    /**
     * Whether the commit changes a file under the walk's paths (any file without paths) against its
     * first parent: a tree walk pruned to the paths, no diff text.
     */
    public boolean touches() throws IOException {
      try (TreeWalk tw = new TreeWalk(reader)) {
        tw.setRecursive(true);
        RevCommit parent = parent();
        if (parent == null) {
          tw.addTree(new EmptyTreeIterator());
        } else {
          tw.addTree(parent.getTree());
        }
        tw.addTree(commit.getTree());
        tw.setFilter(
            paths.isEmpty()
                ? TreeFilter.ANY_DIFF
                : AndTreeFilter.create(
                    PathFilterGroup.createFromStrings(paths), TreeFilter.ANY_DIFF));
        return tw.next();
      }
    }

    /**
     * The commit's patch against its first parent with the images of its files, as {@link #commits}
     * reads it: one patch, or none and a diagnostic (a malformed diff; {@code cannot read commit:
     * ...} when an object is missing).
     */
    public Result read() {
      List<IntakeDiagnostic> diags = new ArrayList<>();
      List<Patch> out = new ArrayList<>(1);
      try {
        Patch p = GitSource.read(repo, reader, commit, parent(), metadata(), diags);
        if (p != null) {
          out.add(p);
        }
      } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
        diags.add(new IntakeDiagnostic(id(), "cannot read commit: " + oneLine(e)));
      }
      return new Result(out, diags);
    }

    private RevCommit parent() throws IOException {
      return commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
    }
  }

  /** What {@link #eachCommit} calls for each commit. */
  @FunctionalInterface
  public interface CommitVisitor<E extends Exception> {
    void visit(RangeCommit commit) throws E;
  }

  /**
   * Calls {@code visitor} for every commit of {@code revs}, oldest first: {@code A..B}, or one
   * revision and all its history. Every commit, merges and commits outside {@code paths} included
   * (the caller accounts for them); {@code paths} only decide {@link RangeCommit#touches()}.
   * Streams: one commit's patch at a time; what grows with the range is the walk's small record of
   * each commit (bodies are dropped), not patches.
   *
   * @throws IOException when the repository or a revision cannot be read
   */
  public static <E extends Exception> void eachCommit(
      Path repoDir, String revs, List<String> paths, CommitVisitor<E> visitor)
      throws IOException, E {
    try (GitRepo gr = GitRepo.open(GitRepo.Lookup.at(repoDir));
        ObjectReader reader = gr.repository().newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      markRange(gr, walk, revs);
      walk.setRetainBody(false);
      walk.sort(RevSort.REVERSE);
      List<String> selected = List.copyOf(paths);
      for (RevCommit c : walk) {
        visitor.visit(new RangeCommit(gr.repository(), reader, walk, c, selected));
      }
    }
  }

  /** How many commits {@link #eachCommit} would visit (a walk without bodies or diffs). */
  public static long countCommits(Path repoDir, String revs) throws IOException {
    try (GitRepo gr = GitRepo.open(GitRepo.Lookup.at(repoDir));
        RevWalk walk = new RevWalk(gr.repository())) {
      markRange(gr, walk, revs);
      walk.setRetainBody(false);
      long n = 0;
      while (walk.next() != null) {
        n++;
      }
      return n;
    }
  }

  private static void markRange(GitRepo gr, RevWalk walk, String revs) throws IOException {
    int dots = revs.indexOf("..");
    String to = dots >= 0 ? revs.substring(dots + 2) : revs;
    ObjectId toId = gr.resolve(to.isEmpty() ? "HEAD" : to);
    if (toId == null) {
      throw new IOException("unknown revision '" + to + "'");
    }
    walk.markStart(walk.parseCommit(toId));
    if (dots >= 0) {
      String from = revs.substring(0, dots);
      ObjectId fromId = gr.resolve(from);
      if (fromId == null) {
        throw new IOException("unknown revision '" + from + "'");
      }
      walk.markUninteresting(walk.parseCommit(fromId));
    }
  }

  /** One commit's patch against {@code parent} (null: the empty tree), with its files' images. */
  private static Patch read(
      Repository repo,
      ObjectReader reader,
      RevCommit c,
      RevCommit parent,
      PatchMetadata meta,
      List<IntakeDiagnostic> diags)
      throws IOException {
    AbstractTreeIterator oldTree = parent == null ? new EmptyTreeIterator() : tree(reader, parent);
    String text = diffText(repo, oldTree, tree(reader, c));
    Patch p = toPatch(text, c.abbreviate(12).name(), meta, diags);
    if (p == null) {
      return null;
    }
    BaseTree base =
        parent == null
            ? new BaseTree("empty tree", path -> Optional.empty())
            : BaseTree.commit(repo, parent).describedAs("parent " + parent.abbreviate(12).name());
    BaseTree.Applied applied = base.apply(p);
    diags.addAll(applied.diagnostics());
    return applied.patch();
  }

  /**
   * The commits of a range as a series, in order: each commit's images come from its parent, which
   * is the tree the commits before it left, so only their positions are added. A range longer than
   * {@link SeriesPosition#MAX_PATCHES} is cut into consecutive series of that many (what its
   * reviewer holds until a series ends is bounded by that).
   */
  private static List<Patch> asSeries(String revs, List<Patch> commits) {
    if (commits.size() < 2) {
      return commits;
    }
    List<Patch> out = new ArrayList<>(commits.size());
    int max = SeriesPosition.MAX_PATCHES;
    for (int i = 0; i < commits.size(); i++) {
      int chunk = i / max;
      int total = Math.min(max, commits.size() - chunk * max);
      String key = "git:" + revs + (commits.size() > max ? "#" + (chunk + 1) : "");
      out.add(commits.get(i).inSeries(new SeriesPosition(key, i % max + 1, total, "", 1)));
    }
    return out;
  }

  /** The staged change: index vs HEAD. */
  public static Result staged(Path repoDir) throws IOException {
    return staged(GitRepo.Lookup.at(repoDir));
  }

  /**
   * The staged change of the repository {@code where} names, in its index ({@code GIT_INDEX_FILE}).
   */
  public static Result staged(GitRepo.Lookup where) throws IOException {
    try (GitRepo gr = GitRepo.open(where);
        ObjectReader reader = gr.repository().newObjectReader()) {
      Repository repo = gr.repository();
      return local(gr, reader, new DirCacheIterator(repo.readDirCache()), "staged");
    }
  }

  /** The working tree vs HEAD (tracked and untracked-but-not-ignored files). */
  public static Result worktree(Path repoDir) throws IOException {
    return worktree(GitRepo.Lookup.at(repoDir));
  }

  /** The working tree vs HEAD of the repository {@code where} names. */
  public static Result worktree(GitRepo.Lookup where) throws IOException {
    try (GitRepo gr = GitRepo.open(where);
        ObjectReader reader = gr.repository().newObjectReader()) {
      return local(gr, reader, new FileTreeIterator(gr.repository()), "worktree");
    }
  }

  private static Result local(
      GitRepo gr, ObjectReader reader, AbstractTreeIterator after, String name) throws IOException {
    Repository repo = gr.repository();
    List<IntakeDiagnostic> diags = new ArrayList<>();
    ObjectId head = gr.head().orElse(null);
    AbstractTreeIterator before;
    BaseTree base;
    if (head == null) {
      before = new EmptyTreeIterator();
      base = new BaseTree("empty tree", path -> Optional.empty());
    } else {
      try (RevWalk walk = new RevWalk(reader)) {
        before = tree(reader, walk.parseCommit(head));
      }
      base = BaseTree.commit(repo, head).describedAs("HEAD " + head.abbreviate(12).name());
    }
    String text = diffText(repo, before, after);
    Patch p = toPatch(text, name, PatchMetadata.none(), diags);
    List<Patch> out = new ArrayList<>();
    if (p != null && !p.files().isEmpty()) {
      BaseTree.Applied applied = base.apply(p);
      diags.addAll(applied.diagnostics());
      out.add(applied.patch());
    } else if (p != null) {
      diags.add(new IntakeDiagnostic(name, "no changes against HEAD"));
    }
    return new Result(out, diags);
  }

  private static Patch toPatch(
      String text, String source, PatchMetadata meta, List<IntakeDiagnostic> diags) {
    DiffParser.Result r = DiffParser.parse(text);
    if (!r.ok()) {
      diags.add(new IntakeDiagnostic(source, String.join("; ", r.problems())));
      return null;
    }
    return new Patch(meta, r.files(), source, text);
  }

  private static String diffText(Repository repo, AbstractTreeIterator a, AbstractTreeIterator b)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DiffFormatter df = new DiffFormatter(out)) {
      df.setRepository(repo);
      df.setDiffComparator(RawTextComparator.DEFAULT);
      df.setDetectRenames(true);
      df.format(df.scan(a, b));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank()
        ? e.getClass().getSimpleName()
        : m.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static AbstractTreeIterator tree(ObjectReader reader, RevCommit c) throws IOException {
    CanonicalTreeParser p = new CanonicalTreeParser();
    p.reset(reader, c.getTree().getId());
    return p;
  }

  static PatchMetadata metadata(RevCommit c) {
    PersonIdent a = c.getAuthorIdent();
    int offsetMinutes = a.getTimeZoneOffset();
    // repositories hold offsets like +2100 that java.time refuses; the instant is what counts
    ZoneOffset zone =
        Math.abs(offsetMinutes) <= 18 * 60
            ? ZoneOffset.ofTotalSeconds(offsetMinutes * 60)
            : ZoneOffset.UTC;
    OffsetDateTime date = OffsetDateTime.ofInstant(a.getWhenAsInstant(), zone);
    String full = c.getFullMessage();
    String subject = c.getShortMessage();
    int nl = full.indexOf("\n\n");
    String body = nl < 0 ? "" : full.substring(nl + 2).strip();
    SubjectParser.Subject s = SubjectParser.parse(subject);
    return new PatchMetadata(
        a.getName() + " <" + a.getEmailAddress() + ">",
        List.of(),
        List.of(),
        Optional.of(date),
        date.toString(),
        subject,
        s.title(),
        s.tag(),
        false,
        c.getName(),
        "",
        List.of(),
        body,
        TrailerParser.trailers(body),
        TrailerParser.baseCommit(full));
  }
}
