package org.mmreview.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevWalkException;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * Walks a public-inbox archive with JGit: a bare repository (v1) or a v2 inbox with {@code
 * git/N.git} epochs, where each commit holds one mail in the file {@code m} (and a removed message
 * leaves {@code d}). Oldest first.
 */
public final class PublicInboxReader {

  /**
   * One archive commit: its mail bytes, or null when the message was removed or could not be read.
   *
   * @param warning what was odd about the commit itself (an impossible timezone offset)
   * @param unreadable why the mail could not be read (an object a partial clone lacks, a damaged
   *     pack), naming the commit; empty when it was read or removed
   */
  public record Entry(
      String epoch,
      String commit,
      byte[] mail,
      Optional<String> warning,
      Optional<String> unreadable) {
    public Entry(String epoch, String commit, byte[] mail, Optional<String> warning) {
      this(epoch, commit, mail, warning, Optional.empty());
    }

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
        out.sort(
            Comparator.comparingInt(
                p -> Integer.parseInt(p.getFileName().toString().replace(".git", ""))));
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
   * Walks the archive oldest first; any part that cannot be read ends the walk with an IOException
   * after everything readable was delivered. Prefer the variant with a problem sink, which reports
   * each damaged part and goes on.
   */
  public static void walk(Path inbox, String range, Consumer<Entry> sink) throws IOException {
    List<IntakeDiagnostic> problems = new ArrayList<>();
    walk(inbox, range, sink, problems::add);
    if (!problems.isEmpty()) {
      throw new IOException(problems.get(0).toString());
    }
  }

  /**
   * Walks the archive oldest first, going past what it cannot read: a mail whose objects are
   * missing or damaged comes as an {@link Entry} with {@code unreadable} set; a history that breaks
   * off (a missing or damaged commit) or an epoch that cannot be opened goes to {@code problems},
   * named by its git directory, and the walk continues with what is left.
   *
   * @param range empty for all; {@code A..B} for the messages after A up to B (either may be empty;
   *     A and B may sit in different epochs of a v2 archive); one revision X for every message up
   *     to X
   * @throws IOException when the inbox is not an archive at all, or a revision of the range is
   *     unknown
   */
  public static void walk(
      Path inbox, String range, Consumer<Entry> sink, Consumer<IntakeDiagnostic> problems)
      throws IOException {
    walk(inbox, range, n -> {}, sink, problems);
  }

  /**
   * {@link #walk(Path, String, Consumer, Consumer)}, telling {@code listed} the number of commits
   * of each epoch once its history is listed, before the first of its entries: a progress display's
   * total without a second walk of the history (those of a range's end epochs, which it cuts, are
   * counted whole).
   */
  public static void walk(
      Path inbox,
      String range,
      LongConsumer listed,
      Consumer<Entry> sink,
      Consumer<IntakeDiagnostic> problems)
      throws IOException {
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
      String epoch = epochName(gitDir);
      try {
        walkEpoch(gitDir, epoch, from, to, started, done, seenFrom, seenTo, listed, sink, problems);
      } catch (IOException | RuntimeException e) {
        // one unreadable epoch of a v2 archive leaves the others readable
        problems.accept(
            new IntakeDiagnostic(gitDir.toString(), "unreadable archive: " + oneLine(e)));
      }
    }
    if (!seenFrom[0]) {
      throw new IOException("unknown revision '" + from + "'");
    }
    if (!seenTo[0]) {
      throw new IOException("unknown revision '" + to + "'");
    }
  }

  /** An epoch's name in entries: its git directory's name ({@code 0.git}; a v1 archive's). */
  public static String epochName(Path gitDir) {
    String epoch = gitDir.getFileName().toString();
    if (epoch.equals(".git")) {
      epoch = gitDir.getParent().getFileName().toString();
    }
    return epoch;
  }

  /** An epoch's history listed by {@link #listAhead}: its head then, and what the listing said. */
  private record Listing(ObjectId head, Commits commits, List<IntakeDiagnostic> problems) {}

  /** Histories being listed ahead of their walk, by git directory. */
  private static final ConcurrentHashMap<Path, CompletableFuture<Listing>> AHEAD =
      new ConcurrentHashMap<>();

  /**
   * Starts listing the first epoch's history of {@code inbox} on a thread of its own, for the walk
   * that follows in this process: oldest first means every commit is read before the first mail (a
   * second for 100,000), and a caller with other work before its walk (an audit loading its rules
   * and opening its store) need not wait for both. The walk takes the listing when the epoch's head
   * is still the one listed; a listing that failed is done again by the walk, which reports what is
   * wrong. Does nothing for what is not an archive.
   */
  public static void listAhead(Path inbox) {
    listing(inbox);
  }

  /** {@link #listAhead}, the listing to wait for (done at once when there is nothing to list). */
  static CompletableFuture<?> listing(Path inbox) {
    List<Path> epochs;
    try {
      epochs = epochs(inbox);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.completedFuture(null);
    }
    Path first = epochs.get(0).toAbsolutePath().normalize();
    CompletableFuture<Listing> listing = new CompletableFuture<>();
    CompletableFuture<Listing> running = AHEAD.putIfAbsent(first, listing);
    if (running != null) {
      return running;
    }
    Thread t =
        new Thread(
            () -> {
              try (EpochRepo er = new EpochRepo(first)) {
                ObjectId head = head(er.repository(), first);
                List<IntakeDiagnostic> problems = new ArrayList<>();
                listing.complete(
                    head == null
                        ? null
                        : new Listing(head, listed(er, head, problems::add), problems));
              } catch (IOException | RuntimeException | OutOfMemoryError e) {
                listing.completeExceptionally(e);
              }
            },
            "archive-list");
    t.setDaemon(true);
    t.start();
    return listing;
  }

  /** Forgets the listings no walk took (a run that stopped before its walk). */
  public static void forgetListings() {
    AHEAD.clear();
  }

  /**
   * The commits of one epoch (its git directory), oldest first, as {@link #walk} delivers them: ids
   * only (about 50 bytes a message). An epoch listed once and then read in parts with {@link #read}
   * (the Spark job's shards) is walked once, not once per part; each break of its history goes to
   * {@code problems}, as in {@link #walk}.
   */
  public static List<ObjectId> commits(Path gitDir, Consumer<IntakeDiagnostic> problems)
      throws IOException {
    try (EpochRepo er = new EpochRepo(gitDir)) {
      ObjectId head = head(er.repository(), gitDir);
      return head == null ? List.of() : oldestFirst(er, head, problems);
    }
  }

  /**
   * The mails of these commits of one epoch, in the order given (a part of {@link #commits}): each
   * as {@link #walk} delivers it, an object that cannot be read named in its entry.
   */
  public static void read(Path gitDir, List<? extends ObjectId> commits, Consumer<Entry> sink)
      throws IOException {
    String epoch = epochName(gitDir);
    try (EpochRepo er = new EpochRepo(gitDir)) {
      for (ObjectId c : commits) {
        sink.accept(read(er, epoch, c));
      }
    }
  }

  private static void walkEpoch(
      Path gitDir,
      String epoch,
      String from,
      String to,
      boolean[] started,
      boolean[] done,
      boolean[] seenFrom,
      boolean[] seenTo,
      LongConsumer listed,
      Consumer<Entry> sink,
      Consumer<IntakeDiagnostic> problems)
      throws IOException {
    try (EpochRepo er = new EpochRepo(gitDir)) {
      ObjectId head = head(er.repository(), gitDir);
      if (head == null) {
        return; // empty epoch
      }
      ObjectId fromId = from.isEmpty() ? null : resolveQuietly(er.repository(), from);
      ObjectId toId = to.isEmpty() ? null : resolveQuietly(er.repository(), to);
      seenFrom[0] |= fromId != null;
      seenTo[0] |= toId != null;
      Commits commits = listed(er, gitDir, head, problems);
      listed.accept(commits.size());
      for (int i = 0; i < commits.size(); i++) {
        ObjectId c = commits.commit(i);
        if (!started[0]) {
          if (c.equals(fromId)) {
            started[0] = true;
          }
          continue;
        }
        ObjectId tree = commits.tree(i);
        sink.accept(
            tree == null ? read(er, epoch, c) : read(er, epoch, c, tree, commits.warning(i)));
        if (c.equals(toId)) {
          done[0] = true;
          return;
        }
      }
    }
  }

  /**
   * One epoch's repository and reader, reopened after a read error that cost a pack: JGit drops a
   * whole pack from the repository when one object in it turns out corrupt, and a fresh open reads
   * the pack's other objects again. A plain missing object (a partial clone) costs no pack and no
   * reopen.
   */
  private static final class EpochRepo implements AutoCloseable {
    private final Path gitDir;
    private Repository repo;
    private ObjectReader reader;
    private int packs;

    EpochRepo(Path gitDir) throws IOException {
      this.gitDir = gitDir;
      open();
    }

    private void open() throws IOException {
      repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
      reader = repo.newObjectReader();
      packs = packCount();
    }

    private int packCount() {
      return repo.getObjectDatabase() instanceof ObjectDirectory od ? od.getPacks().size() : 0;
    }

    Repository repository() {
      return repo;
    }

    ObjectReader reader() {
      return reader;
    }

    /** After a read error: reopens when JGit dropped a pack over it; true when it did. */
    boolean recover() throws IOException {
      if (packCount() >= packs) {
        return false;
      }
      close();
      open();
      return true;
    }

    @Override
    public void close() {
      reader.close();
      repo.close();
    }
  }

  /**
   * The commit HEAD names; null for an epoch without messages yet (HEAD on a branch that does not
   * exist). A HEAD or branch file holding something else is an error, not an empty epoch: JGit
   * reads a too-short garbage ref as absent.
   */
  private static ObjectId head(Repository repo, Path gitDir) throws IOException {
    Ref head = repo.exactRef(Constants.HEAD);
    if (head == null) {
      throw new IOException("HEAD is missing or does not name a branch or commit");
    }
    if (head.getObjectId() != null) {
      return head.getObjectId();
    }
    Ref target = head.getTarget();
    String branch = target == null ? Constants.HEAD : target.getName();
    if (Files.exists(gitDir.resolve(branch))) {
      throw new IOException("HEAD's branch " + branch + " does not hold a commit id");
    }
    return null;
  }

  private static RevCommit parseHead(RevWalk walk, ObjectId head) throws IOException {
    try {
      return walk.parseCommit(head);
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "HEAD names commit " + head.getName() + ", which " + unreadableBecause(e));
    }
  }

  /** As {@link #listed(EpochRepo, ObjectId, Consumer)}, taken from a listing made ahead. */
  private static Commits listed(
      EpochRepo er, Path gitDir, ObjectId head, Consumer<IntakeDiagnostic> problems)
      throws IOException {
    CompletableFuture<Listing> ahead = AHEAD.remove(gitDir.toAbsolutePath().normalize());
    if (ahead != null) {
      try {
        Listing listing = ahead.join();
        if (listing != null && listing.head().equals(head)) {
          listing.problems().forEach(problems);
          return listing.commits();
        }
      } catch (CompletionException | CancellationException e) {
        // listed again below, which says what is wrong
      }
    }
    return listed(er, head, problems);
  }

  /**
   * The epoch's commits oldest first, as {@link #oldestFirst} lists them. A history that is one
   * line (a public-inbox epoch: one commit per mail, each on the one before) is followed from its
   * head parent by parent, reading each commit once: its tree and its author's warning are kept, so
   * that reading its mail need not read the commit again (a third of the objects the reader reads).
   * Anything else (a merge, a commit missing or unreadable) is listed by {@link #oldestFirst},
   * which reports what is wrong.
   */
  private static Commits listed(EpochRepo er, ObjectId head, Consumer<IntakeDiagnostic> problems)
      throws IOException {
    Commits line = line(er.reader(), head);
    if (line != null) {
      return line;
    }
    er.recover();
    return Commits.of(oldestFirst(er, head, problems));
  }

  /** The commits from {@code head} to its root when each has at most one parent, else null. */
  private static Commits line(ObjectReader reader, ObjectId head) {
    byte[] ids = new byte[Commits.RECORD * 256];
    int n = 0;
    List<Integer> warned = new ArrayList<>(0);
    List<String> warnings = new ArrayList<>(0);
    ObjectId id = head;
    try {
      while (id != null) {
        byte[] c = reader.open(id, Constants.OBJ_COMMIT).getCachedBytes();
        if (!MboxReader.startsWith(c, 0, "tree ") || c.length < 46 || c[45] != '\n') {
          return null;
        }
        ObjectId tree = ObjectId.fromString(c, "tree ".length());
        ObjectId parent = null;
        if (MboxReader.startsWith(c, 46, "parent ")) {
          if (c.length < 94 || c[93] != '\n' || MboxReader.startsWith(c, 94, "parent ")) {
            return null; // a merge, or a parent line not where git writes it
          }
          parent = ObjectId.fromString(c, 46 + "parent ".length());
        }
        if ((n + 1) * Commits.RECORD > ids.length) {
          ids = Arrays.copyOf(ids, ids.length * 2);
        }
        id.copyRawTo(ids, n * Commits.RECORD);
        tree.copyRawTo(ids, n * Commits.RECORD + Constants.OBJECT_ID_LENGTH);
        Optional<String> warning = commitWarning(c);
        if (warning.isPresent()) {
          warned.add(n);
          warnings.add(warning.get());
        }
        n++;
        id = parent;
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return Commits.reversed(ids, n, warned, warnings);
  }

  /**
   * An epoch's commits oldest first, packed (40 bytes a message): each commit's id and, when the
   * listing read the commit, its tree's id and the warning its author line gives.
   */
  private static final class Commits {
    static final int RECORD = 2 * Constants.OBJECT_ID_LENGTH;

    private final byte[] ids;
    private final int size;
    private final boolean trees;
    private final Map<Integer, String> warnings;

    private Commits(byte[] ids, int size, boolean trees, Map<Integer, String> warnings) {
      this.ids = ids;
      this.size = size;
      this.trees = trees;
      this.warnings = warnings;
    }

    /** Commits listed without their trees. */
    static Commits of(List<ObjectId> commits) {
      byte[] ids = new byte[commits.size() * RECORD];
      for (int i = 0; i < commits.size(); i++) {
        commits.get(i).copyRawTo(ids, i * RECORD);
      }
      return new Commits(ids, commits.size(), false, Map.of());
    }

    /** The first {@code n} records of {@code ids}, listed newest first, turned oldest first. */
    static Commits reversed(byte[] ids, int n, List<Integer> warned, List<String> warnings) {
      byte[] out = new byte[n * RECORD];
      for (int i = 0; i < n; i++) {
        System.arraycopy(ids, i * RECORD, out, (n - 1 - i) * RECORD, RECORD);
      }
      Map<Integer, String> byIndex = new HashMap<>();
      for (int k = 0; k < warned.size(); k++) {
        byIndex.put(n - 1 - warned.get(k), warnings.get(k));
      }
      return new Commits(out, n, true, byIndex);
    }

    int size() {
      return size;
    }

    ObjectId commit(int i) {
      return ObjectId.fromRaw(ids, i * RECORD);
    }

    /** The commit's tree, or null when the listing did not read it. */
    ObjectId tree(int i) {
      return trees ? ObjectId.fromRaw(ids, i * RECORD + Constants.OBJECT_ID_LENGTH) : null;
    }

    Optional<String> warning(int i) {
      return Optional.ofNullable(warnings.get(i));
    }
  }

  /**
   * The epoch's commits oldest first, in git's topological order. When the history cannot be walked
   * to its root (a commit missing or damaged), the commits still reachable from HEAD are returned
   * and each break is reported.
   */
  private static List<ObjectId> oldestFirst(
      EpochRepo er, ObjectId head, Consumer<IntakeDiagnostic> problems) throws IOException {
    // Oldest first means the whole history is walked before the first message: only the ids
    // are kept (about 50 bytes a message), not the parsed commits with their bodies, which
    // made the walk's memory grow with the archive. Each commit is parsed again when read.
    try (RevWalk walk = new RevWalk(er.reader())) {
      walk.setRetainBody(false);
      walk.markStart(parseHead(walk, head));
      walk.sort(RevSort.TOPO);
      walk.sort(RevSort.REVERSE, true);
      List<ObjectId> out = new ArrayList<>();
      try {
        for (RevCommit c : walk) {
          out.add(c.copy());
        }
        return out;
      } catch (RevWalkException e) {
        // the iterator does not say which commit failed; the slower walk below does
      }
    }
    er.recover();
    return reachableOldestFirst(er, head, problems);
  }

  /**
   * The slow path of {@link #oldestFirst}: parents before children by a depth-first walk that stops
   * at each commit it cannot read. For the linear history public-inbox writes this is the same
   * order as git's.
   */
  private static List<ObjectId> reachableOldestFirst(
      EpochRepo er, ObjectId head, Consumer<IntakeDiagnostic> problems) throws IOException {
    List<ObjectId> out = new ArrayList<>();
    Set<ObjectId> seen = new HashSet<>();
    Set<ObjectId> expanded = new HashSet<>();
    Deque<RevCommit> stack = new ArrayDeque<>();
    RevWalk walk = new RevWalk(er.reader());
    try {
      RevCommit top = parseHead(walk, head);
      seen.add(top.copy());
      stack.push(top);
      while (!stack.isEmpty()) {
        RevCommit c = stack.peek();
        if (!expanded.add(c.copy())) {
          out.add(stack.pop().copy());
          continue;
        }
        RevCommit[] parents = c.getParents();
        for (int i = parents.length - 1; i >= 0; i--) {
          ObjectId p = parents[i].copy();
          if (!seen.add(p)) {
            continue;
          }
          try {
            stack.push(walk.parseCommit(p));
          } catch (IOException | RuntimeException e) {
            problems.accept(
                new IntakeDiagnostic(
                    er.gitDir.toString(),
                    "history broken at commit "
                        + p.getName()
                        + " (parent of "
                        + c.getName()
                        + "), which "
                        + unreadableBecause(e)
                        + ": the older messages of this archive are not read"));
            if (er.recover()) {
              walk.close();
              walk = new RevWalk(er.reader());
            }
          }
        }
      }
    } finally {
      walk.close();
    }
    return out;
  }

  /**
   * Reads the mail of one commit; what cannot be read is named in the entry. The commit and its
   * tree are read from their raw bytes: {@code RevCommit.parse} hashes the commit again and makes a
   * walk for each, and a TreeWalk is a lot of machinery for a one-entry tree, together a fifth of
   * the reader's time on a 25k-message archive.
   */
  private static Entry read(EpochRepo er, String epoch, ObjectId id) throws IOException {
    byte[] commit;
    ObjectId tree;
    try {
      commit = er.reader().open(id, Constants.OBJ_COMMIT).getCachedBytes();
      // a commit starts "tree <40 hex digits>\n", as RevCommit.parse takes it
      tree = ObjectId.fromString(commit, "tree ".length());
    } catch (IOException | RuntimeException e) {
      String unreadable = "commit " + id.getName() + " " + unreadableBecause(e);
      er.recover();
      return new Entry(epoch, id.getName(), null, Optional.empty(), Optional.of(unreadable));
    }
    return read(er, epoch, id, tree, commitWarning(commit));
  }

  /** As {@link #read(EpochRepo, String, ObjectId)}, the commit read already. */
  private static Entry read(
      EpochRepo er, String epoch, ObjectId id, ObjectId tree, Optional<String> warning)
      throws IOException {
    ObjectReader reader = er.reader();
    ObjectId blob = null;
    String unreadable;
    try {
      blob = mailBlob(reader, tree);
      if (blob == null) {
        return new Entry(epoch, id.getName(), null, warning);
      }
      // JGit's own array, not a copy: nothing downstream writes into a mail's bytes
      byte[] mail = reader.open(blob, Constants.OBJ_BLOB).getCachedBytes();
      return new Entry(epoch, id.getName(), mail, warning);
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      // OutOfMemoryError: one mail blob too large for the heap costs only that message
      String what = blob == null ? "tree " + tree.getName() : "mail blob " + blob.getName();
      unreadable = "commit " + id.getName() + ": " + what + " " + unreadableBecause(e);
    }
    er.recover();
    return new Entry(epoch, id.getName(), null, warning, Optional.of(unreadable));
  }

  /** The object a tree names {@code m} (whatever its mode, as a TreeWalk finds it), or null. */
  private static ObjectId mailBlob(ObjectReader reader, ObjectId tree) throws IOException {
    CanonicalTreeParser entries = new CanonicalTreeParser(null, reader, tree);
    for (; !entries.eof(); entries.next()) {
      if (entries.getNameLength() == 1 && entries.getEntryPathBuffer()[0] == 'm') {
        return entries.getEntryObjectId();
      }
    }
    return null;
  }

  /** Why an object could not be read, as the end of a sentence naming it. */
  private static String unreadableBecause(Throwable e) {
    Throwable t = e instanceof RevWalkException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof MissingObjectException) {
      return "is missing (a partial clone or a damaged pack)";
    }
    if (t instanceof IncorrectObjectTypeException) {
      return "is not of the expected type";
    }
    if (t instanceof LargeObjectException || t instanceof OutOfMemoryError) {
      return "is too large to read";
    }
    return "cannot be read (" + oneLine(t) + ")";
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return m.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static ObjectId resolveQuietly(Repository repo, String rev) {
    try {
      ObjectId id = repo.resolve(rev + "^{commit}");
      return id;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static final String UNREADABLE_DATE = "archive commit has an unreadable author date";

  /**
   * Archives hold commits dated with offsets like +2100; JGit reads them, we count them. From the
   * commit's raw bytes.
   */
  static Optional<String> commitWarning(byte[] commit) {
    try {
      // what RevCommit.getAuthorIdent reads
      int author = RawParseUtils.author(commit, 0);
      PersonIdent ident = author < 0 ? null : RawParseUtils.parsePersonIdent(commit, author);
      if (ident == null) {
        return Optional.of(UNREADABLE_DATE);
      }
      int minutes = ident.getTimeZoneOffset();
      if (Math.abs(minutes) > 14 * 60 || Math.abs(minutes) % 60 >= 60) {
        return Optional.of(
            String.format(
                "archive commit has invalid timezone offset %s%02d%02d",
                minutes < 0 ? "-" : "+", Math.abs(minutes) / 60, Math.abs(minutes) % 60));
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(UNREADABLE_DATE);
    }
  }
}
