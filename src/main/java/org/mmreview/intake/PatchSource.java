package org.mmreview.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The single entry that turns command-line inputs (diff, mail and mbox files, a public-inbox
 * archive, git commits, the staged change or the working tree) into patches plus diagnostics.
 * Shared by {@code intake} and {@code check}. Never throws for bad input.
 */
public final class PatchSource {

  /** The file name that means standard input, as for most Unix tools. */
  public static final String STDIN = "-";

  /** How standard input is named in diagnostics and findings. */
  public static final String STDIN_NAME = "<stdin>";

  /**
   * The process a request is read in.
   *
   * @param stdin what a file named {@code -} reads
   * @param cwd where relative paths and the repository lookup start
   * @param env the environment: {@code GIT_DIR}, {@code GIT_WORK_TREE}, {@code GIT_INDEX_FILE}
   */
  public record Context(InputStream stdin, Path cwd, Map<String, String> env) {
    public Context {
      cwd = cwd.toAbsolutePath().normalize();
      env = Map.copyOf(env);
    }

    /** This process. */
    public static Context system() {
      return new Context(System.in, Path.of(""), System.getenv());
    }
  }

  /**
   * What to read. Empty lists and optionals mean "not given".
   *
   * @param context standard input, directory and environment of the caller
   */
  public record Request(
      List<Path> files,
      List<Path> mboxes,
      Optional<Path> inbox,
      String inboxRange,
      Optional<Path> repo,
      Optional<String> gitRange,
      List<String> paths,
      boolean staged,
      boolean worktree,
      Optional<Path> tree,
      int limit,
      Context context) {
    public Request {
      files = List.copyOf(files);
      mboxes = List.copyOf(mboxes);
      paths = List.copyOf(paths);
      inboxRange = inboxRange == null ? "" : inboxRange;
      context = context == null ? Context.system() : context;
    }

    /** A request read in this process. */
    public Request(
        List<Path> files,
        List<Path> mboxes,
        Optional<Path> inbox,
        String inboxRange,
        Optional<Path> repo,
        Optional<String> gitRange,
        List<String> paths,
        boolean staged,
        boolean worktree,
        Optional<Path> tree,
        int limit) {
      this(
          files,
          mboxes,
          inbox,
          inboxRange,
          repo,
          gitRange,
          paths,
          staged,
          worktree,
          tree,
          limit,
          Context.system());
    }

    /** A request for some patch or mail files. */
    public static Request ofFiles(List<Path> files) {
      return new Request(
          files,
          List.of(),
          Optional.empty(),
          "",
          Optional.empty(),
          Optional.empty(),
          List.of(),
          false,
          false,
          Optional.empty(),
          0,
          Context.system());
    }

    /** Where the repository of {@code --repo}, {@code --git}, {@code --staged} is looked up. */
    public GitRepo.Lookup gitLookup() {
      return new GitRepo.Lookup(repo, context.cwd(), context.env());
    }

    public boolean isEmpty() {
      return files.isEmpty()
          && mboxes.isEmpty()
          && inbox.isEmpty()
          && gitRange.isEmpty()
          && !staged
          && !worktree;
    }
  }

  /**
   * What was read.
   *
   * @param messages every mail read (archive, mbox, mail files), classified
   * @param patches the patches to review: mail patches, plain diffs and git commits
   */
  public record Result(
      List<InboxMessage> messages, List<Patch> patches, List<IntakeDiagnostic> diagnostics) {
    public Stream<Patch> stream() {
      return patches.stream();
    }
  }

  private static final Pattern HEADER_LINE = Pattern.compile("^[A-Za-z][A-Za-z0-9-]*:[ \t].*");

  /**
   * Where intake delivers what it reads, as it reads it: nothing is kept between messages, so
   * memory stays flat however large the archive.
   */
  public interface Sink {
    /** Every mail read (archive, mbox, mail files), classified; before its patch, if any. */
    default void message(InboxMessage m) {}

    /** A patch to review: mail patches (with their base applied), plain diffs, git commits. */
    void patch(Patch p);

    /** Something of the input that could not be read or was skipped with a reason. */
    void diagnostic(IntakeDiagnostic d);

    /**
     * How an input was read, for the user to know (the base a patch was reviewed against); counts
     * for nothing.
     */
    default void note(String input, String text) {}
  }

  private final Sink sink;
  private final BaseApplier base;

  private PatchSource(Request req, Sink sink) {
    this.sink = sink;
    this.base = new BaseApplier(req, sink);
  }

  /** Reads everything the request names into lists: for small inputs and tests. */
  public static Result read(Request req) {
    List<InboxMessage> messages = new ArrayList<>();
    List<Patch> patches = new ArrayList<>();
    List<IntakeDiagnostic> diags = new ArrayList<>();
    stream(
        req,
        new Sink() {
          @Override
          public void message(InboxMessage m) {
            messages.add(m);
          }

          @Override
          public void patch(Patch p) {
            patches.add(p);
          }

          @Override
          public void diagnostic(IntakeDiagnostic d) {
            diags.add(d);
          }
        });
    return new Result(List.copyOf(messages), List.copyOf(patches), List.copyOf(diags));
  }

  /** Reads everything the request names, delivering each message and patch as it is read. */
  public static void stream(Request req, Sink sink) {
    PatchSource s = new PatchSource(req, sink);
    try {
      s.readAll(req);
    } finally {
      s.base.close();
    }
  }

  private void readAll(Request req) {
    for (Path f : req.files()) {
      contained(f, () -> readFile(f, req.context()));
    }
    for (Path m : req.mboxes()) {
      contained(m, () -> readMbox(m, req.context()));
    }
    if (req.inbox().isPresent()) {
      Path inbox = req.inbox().get();
      try {
        int[] n = {0};
        PublicInboxReader.walk(
            inbox,
            req.inboxRange(),
            e -> {
              if (req.limit() > 0 && n[0] >= req.limit()) {
                return;
              }
              n[0]++;
              accept(archiveMessage(e), false);
            },
            sink::diagnostic);
      } catch (IOException | RuntimeException e) {
        sink.diagnostic(new IntakeDiagnostic(inbox.toString(), message(e)));
      }
    }
    GitRepo.Lookup where = req.gitLookup();
    try {
      if (req.gitRange().isPresent()) {
        add(GitSource.commits(where, req.gitRange().get(), req.paths(), req.limit()));
      }
      if (req.staged()) {
        add(GitSource.staged(where));
      }
      if (req.worktree()) {
        add(GitSource.worktree(where));
      }
    } catch (IOException | RuntimeException e) {
      sink.diagnostic(new IntakeDiagnostic(where.describe(), message(e)));
    }
  }

  /**
   * Reads one input file so that a failure of ours on it (an exception, or an Error from an absurd
   * input) is reported against that file and the other inputs are still read. Mails inside it are
   * contained one by one by {@link MessageClassifier#read}.
   */
  private void contained(Path input, Runnable read) {
    try {
      read.run();
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      sink.diagnostic(IntakeDiagnostic.internal(input.toString(), MessageClassifier.failure(e)));
    }
  }

  /** One archive commit as a classified message; what cannot be read is a skip with its reason. */
  private static InboxMessage archiveMessage(PublicInboxReader.Entry e) {
    InboxMessage m;
    if (e.unreadable().isPresent()) {
      m =
          MessageClassifier.skipped(
              e.id(), null, InboxMessage.SkipReason.UNREADABLE, e.unreadable().get());
    } else if (e.mail() == null) {
      m =
          MessageClassifier.skipped(
              e.id(), null, InboxMessage.SkipReason.DELETED, "no 'm' in commit");
    } else {
      m = MessageClassifier.read(e.id(), e.mail());
    }
    if (e.warning().isPresent()) {
      m = m.withWarning(e.warning().get());
    }
    return m;
  }

  private void add(GitSource.Result r) {
    r.patches().forEach(sink::patch);
    r.diagnostics().forEach(sink::diagnostic);
  }

  private void readFile(Path f, Context context) {
    boolean fromStdin = f.toString().equals(STDIN);
    String name = fromStdin ? STDIN_NAME : f.toString();
    byte[] data;
    try {
      data =
          fromStdin ? context.stdin().readAllBytes() : Files.readAllBytes(context.cwd().resolve(f));
    } catch (NoSuchFileException e) {
      sink.diagnostic(new IntakeDiagnostic(name, "no such file"));
      return;
    } catch (IOException e) {
      sink.diagnostic(new IntakeDiagnostic(name, message(e)));
      return;
    }
    String lower =
        fromStdin || f.getFileName() == null
            ? ""
            : f.getFileName().toString().toLowerCase(Locale.ROOT);
    if (MboxReader.looksLikeMbox(data) || lower.endsWith(".mbox") || lower.endsWith(".mbx")) {
      readMboxBytes(name, data);
    } else if (looksLikeMail(data) || lower.endsWith(".eml")) {
      accept(MessageClassifier.read(name, data), true);
    } else {
      // CRLF line ends, all or some (a diff pasted through a CRLF tool), are read as LF, as
      // git am reads a mail; otherwise paths and hunk lines would end in a CR
      String text = new String(data, StandardCharsets.UTF_8).replace("\r\n", "\n");
      DiffParser.Result r = DiffParser.parse(text);
      if (!r.ok()) {
        sink.diagnostic(
            new IntakeDiagnostic(name, "malformed diff: " + String.join("; ", r.problems())));
      } else if (r.files().isEmpty()) {
        sink.diagnostic(new IntakeDiagnostic(name, "no diff found"));
      } else {
        base.accept(new Patch(PatchMetadata.none(), r.files(), name, text), Optional.empty());
      }
    }
  }

  private void readMbox(Path f, Context context) {
    boolean fromStdin = f.toString().equals(STDIN);
    String name = fromStdin ? STDIN_NAME : f.toString();
    try {
      readMboxBytes(
          name,
          fromStdin
              ? context.stdin().readAllBytes()
              : Files.readAllBytes(context.cwd().resolve(f)));
    } catch (NoSuchFileException e) {
      sink.diagnostic(new IntakeDiagnostic(name, "no such file"));
    } catch (IOException e) {
      sink.diagnostic(new IntakeDiagnostic(name, message(e)));
    }
  }

  private void readMboxBytes(String name, byte[] data) {
    List<MboxReader.Message> mails = MboxReader.messages(data);
    if (mails.isEmpty()) {
      sink.diagnostic(new IntakeDiagnostic(name, "empty mbox"));
    }
    boolean single = mails.size() == 1;
    for (int i = 0; i < mails.size(); i++) {
      String id = single ? name : name + "#" + (i + 1);
      MboxReader.Message m = mails.get(i);
      accept(MessageClassifier.read(id, m.data(), m.linesBefore()), single, m.formatPatchCommit());
    }
  }

  /**
   * Series titles by series key, from the cover letter or else patch 1, for the family key of the
   * series' other patches: the most recent series only, as a thread's mails come close together.
   */
  private final Map<String, String> seriesTitles =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > OPEN_SERIES;
        }
      };

  /** How many series intake keeps track of at once (titles, overlays): interleaved postings. */
  static final int OPEN_SERIES = 64;

  /** A mail patch placed in its series ({@link SeriesPosition#ofMail}). */
  private Patch placed(Patch p) {
    PatchMetadata meta = p.metadata();
    String key = SeriesPosition.key(meta);
    if (!key.isEmpty() && meta.seriesTag().index() == 1) {
      seriesTitles.putIfAbsent(key, meta.title());
    }
    return p.inSeries(SeriesPosition.ofMail(meta, seriesTitles.getOrDefault(key, "")));
  }

  /** Records a classified message; {@code explicit} when the user named this one mail. */
  private void accept(InboxMessage m, boolean explicit) {
    accept(m, explicit, Optional.empty());
  }

  /**
   * As {@link #accept(InboxMessage, boolean)}, for a mail whose mbox separator named the commit it
   * was made from ({@code git format-patch}'s {@code From <sha>} line).
   */
  private void accept(InboxMessage m, boolean explicit, Optional<String> formatPatchCommit) {
    sink.message(m);
    if (m.category() == InboxMessage.Category.COVER_LETTER) {
      PatchMetadata cover = m.metadata().orElseThrow();
      base.coverLetter(cover);
      seriesTitles.put(SeriesPosition.key(cover), cover.title());
    }
    switch (m.category()) {
      case PATCH -> base.accept(placed(m.patch().orElseThrow()), formatPatchCommit);
      case SKIPPED -> {
        InboxMessage.SkipReason r = m.reason().orElseThrow();
        boolean noisy =
            r == InboxMessage.SkipReason.MALFORMED_DIFF || r == InboxMessage.SkipReason.UNDECODABLE;
        if (r == InboxMessage.SkipReason.FAILED) {
          // a defect of ours on this one mail: contained, counted as an internal failure
          sink.diagnostic(IntakeDiagnostic.internal(m.id(), r.text() + ": " + m.detail()));
        } else if (explicit || r == InboxMessage.SkipReason.UNREADABLE) {
          // the user's own input, or archive data lost to a damaged object: an input error
          sink.diagnostic(new IntakeDiagnostic(m.id(), r.text() + ": " + m.detail()));
        } else if (noisy) {
          sink.diagnostic(IntakeDiagnostic.skipped(m.id(), r.text() + ": " + m.detail()));
        }
      }
      default -> {
        // A cover letter named on the command line is part of a series given as files
        // (git format-patch --cover-letter's 0000-cover-letter.patch): read, not an error.
        if (explicit && m.category() != InboxMessage.Category.COVER_LETTER) {
          sink.diagnostic(
              new IntakeDiagnostic(
                  m.id(), "no patch: " + m.category().name().toLowerCase().replace('_', ' ')));
        }
      }
    }
  }

  /**
   * Attaches pre/post-images to mail and diff patches when a tree or repository is given, one patch
   * at a time; the repository is opened on the first patch that needs it and kept open until the
   * read ends.
   *
   * <p>The base is, in this order: {@code --tree}; in {@code --repo}, the patch's own {@code
   * base-commit:} or else its cover letter's, then the parent of the commit a format-patch {@code
   * From <sha>} line names (the patch is that commit), then HEAD. The first of those the repository
   * has and every file of the patch applies to is used; when none applies, the first the repository
   * has (its files that do not apply stay hunk-only, said on standard error). Each patch's base is
   * said in a note, and recorded on the patch.
   *
   * <p>A series is applied as one: its first patch chooses the base as above, and each later patch
   * is applied over that base as the patches before it left it (a series-scoped overlay of the
   * files they changed), so its review sees the tree after them. A later patch that does not apply
   * there falls back on the usual choice. Overlays are kept for the {@link #OPEN_SERIES} most
   * recent series and dropped with a series' last patch: memory is bounded by the files a few
   * series change.
   */
  private static final class BaseApplier implements AutoCloseable {
    private final Request req;
    private final Sink sink;
    private BaseTree directory;
    private GitRepo repo;
    private ObjectId head;
    private boolean repoFailed;

    /** The last cover letter's base-commit and series, for the patches of that series. */
    private Optional<String> coverBase = Optional.empty();

    private SeriesTag coverSeries = SeriesTag.NONE;

    /** The open series' overlays, by series key, least recently used first. */
    private final Map<String, SeriesOverlay> overlays =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, SeriesOverlay> eldest) {
            return size() > OPEN_SERIES;
          }
        };

    BaseApplier(Request req, Sink sink) {
      this.req = req;
      this.sink = sink;
    }

    /**
     * A series' base as its patches so far left it: the tree its first patch was applied to, and
     * the files the patches changed since.
     */
    private static final class SeriesOverlay {
      private final BaseTree base;
      private final Map<String, Optional<String>> files = new HashMap<>();
      private final List<Integer> applied = new ArrayList<>();
      private int total;

      SeriesOverlay(BaseTree base) {
        this.base = base;
      }

      /** The tree a next patch is applied to. */
      BaseTree tree() {
        return base.overlaid(files, base.description() + " + " + patches());
      }

      /**
       * {@code patch 1/3}, {@code patches 1-2/3}, {@code patches 1,3/4}: what the overlay holds.
       */
      private String patches() {
        boolean run = true;
        for (int i = 0; i < applied.size(); i++) {
          run &= applied.get(i) == i + 1;
        }
        String which =
            applied.size() == 1
                ? "patch " + applied.get(0)
                : run
                    ? "patches 1-" + applied.size()
                    : "patches " + String.join(",", applied.stream().map(String::valueOf).toList());
        return which + "/" + total;
      }

      void after(Patch p) {
        BaseTree.record(p, files);
        applied.add(p.series().index());
        total = p.series().total();
      }
    }

    /** A cover letter read: its {@code base-commit:} serves the patches of its series. */
    void coverLetter(PatchMetadata cover) {
      coverBase = cover.baseCommit();
      coverSeries = cover.seriesTag();
    }

    /** One candidate base: the commit and the words that say which step chose it. */
    private record Candidate(ObjectId commit, String description) {}

    void accept(Patch p, Optional<String> formatPatchCommit) {
      SeriesPosition position = p.series();
      SeriesOverlay overlay = position.inSeries() ? overlays.get(position.key()) : null;
      if (overlay != null && overSeries(overlay, p)) {
        return;
      }
      if (req.tree().isPresent()) {
        if (directory == null) {
          directory =
              BaseTree.directory(req.tree().get()).describedAs("--tree " + req.tree().get());
        }
        applyContained(directory, p);
        return;
      }
      if (req.repo().isEmpty() || req.gitRange().isPresent() || repoFailed) {
        sink.patch(p);
        return;
      }
      if (repo == null) {
        try {
          repo = GitRepo.open(req.gitLookup());
          head = repo.head().orElse(null);
        } catch (IOException | RuntimeException e) {
          repoFailed = true;
          sink.diagnostic(
              new IntakeDiagnostic(
                  req.repo().get().toString(), "cannot open repository: " + message(e)));
          sink.patch(p);
          return;
        }
      }
      List<Candidate> candidates = candidates(p, formatPatchCommit);
      if (candidates.isEmpty()) {
        sink.diagnostic(
            new IntakeDiagnostic(p.source(), "repository has no HEAD; hunk-only analysis"));
        sink.patch(p);
        return;
      }
      BaseTree.Applied first = null;
      BaseTree firstTree = null;
      for (Candidate c : candidates) {
        BaseTree.Applied a;
        BaseTree tree;
        try {
          tree = BaseTree.commit(repo.repository(), c.commit()).describedAs(c.description());
          a = tree.apply(p);
        } catch (IOException | RuntimeException e) {
          sink.diagnostic(
              new IntakeDiagnostic(
                  p.source(),
                  "cannot read base commit "
                      + c.commit().abbreviate(12).name()
                      + ": "
                      + message(e)
                      + "; hunk-only analysis"));
          sink.patch(p);
          return;
        } catch (StackOverflowError | OutOfMemoryError e) {
          sink.diagnostic(
              IntakeDiagnostic.internal(
                  p.source(), MessageClassifier.failure(e) + "; hunk-only analysis"));
          sink.patch(p);
          return;
        }
        if (a.diagnostics().isEmpty()) {
          deliver(tree, a);
          return;
        }
        if (first == null) {
          first = a;
          firstTree = tree;
        }
      }
      deliver(firstTree, first);
    }

    /**
     * Applies a later patch of a series over what the patches before it left; false, having
     * delivered nothing, when it does not apply there (the usual choice of base follows).
     */
    private boolean overSeries(SeriesOverlay overlay, Patch p) {
      BaseTree.Applied a;
      try {
        a = overlay.tree().apply(p);
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
        return false;
      }
      if (!a.diagnostics().isEmpty()) {
        sink.note(
            p.source(),
            "does not apply over "
                + overlay.tree().description()
                + "; choosing its base on its own");
        return false;
      }
      deliver(overlay.base, a);
      return true;
    }

    /**
     * Delivers a patch with its images from {@code tree}; a patch of a series records what it left
     * for the next one (its overlay starts on {@code tree} with the series' first patch).
     */
    private void deliver(BaseTree tree, BaseTree.Applied a) {
      sink.note(a.patch().source(), "base: " + a.patch().base());
      a.diagnostics().forEach(sink::diagnostic);
      SeriesPosition position = a.patch().series();
      if (position.inSeries()) {
        if (position.index() >= position.total()) {
          overlays.remove(position.key());
        } else {
          overlays.computeIfAbsent(position.key(), k -> new SeriesOverlay(tree)).after(a.patch());
        }
      }
      sink.patch(a.patch());
    }

    /** The bases the repository has for {@code p}, in the order they are tried. */
    private List<Candidate> candidates(Patch p, Optional<String> formatPatchCommit) {
      List<Candidate> out = new ArrayList<>();
      Optional<String> own = p.metadata().baseCommit();
      SeriesTag series = p.metadata().seriesTag();
      boolean ofCover =
          own.isEmpty()
              && coverBase.isPresent()
              && series.numbered()
              && series.total() == coverSeries.total()
              && series.version() == coverSeries.version();
      Optional<String> baseCommit = ofCover ? coverBase : own;
      baseCommit
          .flatMap(this::commit)
          .ifPresent(
              id ->
                  out.add(
                      new Candidate(
                          id,
                          "base-commit "
                              + id.abbreviate(12).name()
                              + (ofCover ? " (the cover letter's)" : ""))));
      formatPatchCommit
          .flatMap(this::commit)
          .flatMap(this::parent)
          .ifPresent(
              id ->
                  out.add(
                      new Candidate(
                          id,
                          "parent of "
                              + formatPatchCommit.get().substring(0, 12)
                              + " (the commit its From line names)")));
      if (head != null) {
        out.add(new Candidate(head, "HEAD " + head.abbreviate(12).name()));
      }
      return out;
    }

    /** The commit {@code rev} names in the repository, when it has it. */
    private Optional<ObjectId> commit(String rev) {
      try {
        return Optional.ofNullable(repo.repository().resolve(rev + "^{commit}"));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }

    /** The first parent of {@code commit}; empty for a root commit. */
    private Optional<ObjectId> parent(ObjectId commit) {
      try (RevWalk walk = new RevWalk(repo.repository())) {
        RevCommit c = walk.parseCommit(commit);
        return c.getParentCount() == 0 ? Optional.empty() : Optional.of(c.getParent(0).getId());
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }

    /** Applies one patch to its base; a failure of ours leaves that patch without images. */
    private void applyContained(BaseTree base, Patch p) {
      BaseTree.Applied a;
      try {
        a = base.apply(p);
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
        sink.diagnostic(
            IntakeDiagnostic.internal(
                p.source(), MessageClassifier.failure(e) + "; hunk-only analysis"));
        sink.patch(p);
        return;
      }
      deliver(base, a);
    }

    @Override
    public void close() {
      if (repo != null) {
        repo.close();
        repo = null;
      }
    }
  }

  static boolean looksLikeMail(byte[] data) {
    String head = new String(data, 0, Math.min(data.length, 8192), StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r?\n");
    if (lines.length == 0 || !HEADER_LINE.matcher(lines[0]).matches()) {
      return false;
    }
    for (String l : lines) {
      if (l.isEmpty()) {
        break;
      }
      if (l.regionMatches(true, 0, "From:", 0, 5)
          || l.regionMatches(true, 0, "Subject:", 0, 8)
          || l.regionMatches(true, 0, "Message-ID:", 0, 11)) {
        return true;
      }
    }
    return false;
  }

  private static String message(Exception e) {
    String m = e.getMessage();
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof RepositoryNotFoundException) {
      return "not in a git repository";
    }
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
