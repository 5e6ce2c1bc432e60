package org.mmreview.audit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.mmreview.intake.GitSource;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.IntakeDiagnostic;
import org.mmreview.intake.MailParser;
import org.mmreview.intake.MboxReader;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchMetadata;
import org.mmreview.intake.PublicInboxReader;
import org.mmreview.series.PatchReviewer;
import org.mmreview.store.AuditStore;
import org.mmreview.store.AuditStore.MessageRecord;

/**
 * One {@code audit run}: reads every source (one thread), reviews the messages and commits on all
 * cores (one {@link PatchReviewer} per worker: parsers and caches are not shared), and writes each
 * message with its findings on the calling thread, the store's only writer, in batched
 * transactions. Queues between the stages are bounded, so memory does not grow with the archive.
 *
 * <p>Every message or commit ends as one row: reviewed, skipped with a reason, or failed with a
 * diagnostic. One already recorded with this tool version and rule set is counted unchanged and not
 * read again; a rule set change re-reviews the patches and commits only (replies and cover letters
 * do not depend on rules); a tool version change re-reads everything; an unreadable archive object
 * is tried again on every run.
 */
public final class AuditRun {

  /**
   * What to audit and how.
   *
   * @param selects which files of a patch are reviewed ({@code --path}); a patch with none is
   *     skipped, reason {@code no diff under the paths}
   * @param urlTemplate the link of a mail, {@code {msgid}} replaced by its Message-ID
   * @param commitUrlTemplate the link of a commit, {@code {commit}} replaced by its id; empty for
   *     none
   * @param threads reviewing workers
   * @param command the command line, recorded with the run
   */
  public record Settings(
      List<AuditSource> sources,
      Predicate<String> selects,
      String pathsText,
      String urlTemplate,
      String commitUrlTemplate,
      int threads,
      ReviewerStamp stamp,
      String command) {
    public Settings {
      sources = List.copyOf(sources);
      threads = Math.max(1, threads);
    }
  }

  /** What a run did, by outcome; the reasons of skips and failures with their counts. */
  public record Totals(
      long reviewed,
      long skipped,
      long failed,
      long unchanged,
      long findings,
      long inputErrors,
      long internalFailures,
      Map<String, Long> reasons) {

    /** 3 when a defect of ours was met, 2 when some input could not be read, else 0. */
    public int status() {
      return internalFailures > 0 ? 3 : inputErrors > 0 ? 2 : 0;
    }

    public long seen() {
      return reviewed + skipped + failed + unchanged;
    }
  }

  /** Where the run says how far it got. */
  public interface Progress extends AutoCloseable {
    /** More items are known to come (a source was counted). */
    void expect(long more);

    /** {@code done} items of the run handled, in all. */
    void update(long done, long reviewed, long skipped, long failed, long unchanged);

    @Override
    void close();
  }

  private static final int QUEUE = 64;
  private static final int BATCH = 256;
  private static final long BATCH_MILLIS = 500;

  private final AuditStore store;
  private final Supplier<PatchReviewer> reviewers;
  private final Settings settings;
  private final Progress progress;
  private final PrintWriter err;

  private final BlockingQueue<Work> work = new ArrayBlockingQueue<>(QUEUE);
  private final BlockingQueue<Result> results = new ArrayBlockingQueue<>(QUEUE);

  private long run;
  private long reviewed;
  private long skipped;
  private long failed;
  private long findings;
  private long inputErrors;
  private long internalFailures;
  private final AtomicLong unchanged = new AtomicLong();

  /** Message-IDs queued for review and not written yet, each with its item ({@code queueMail}). */
  private final Map<String, String> inFlight = new ConcurrentHashMap<>();

  private final Map<Long, String> sourceNames = new ConcurrentHashMap<>();
  private final Map<String, Long> reasons = new TreeMap<>();

  public AuditRun(
      AuditStore store,
      Supplier<PatchReviewer> reviewers,
      Settings settings,
      Progress progress,
      PrintWriter err) {
    this.store = store;
    this.reviewers = reviewers;
    this.settings = settings;
    this.progress = progress;
    this.err = err;
  }

  // ------------------------------------------------------------------ what flows between stages

  /** One item for a worker. */
  private sealed interface Work {}

  /** A mail to classify and maybe review. */
  private record MailWork(
      long source,
      String item,
      String epoch,
      String digest,
      String id,
      byte[] mail,
      int before,
      String claimed)
      implements Work {}

  /** A commit of a repository, read with its images. */
  private record CommitWork(long source, String item, Patch patch, List<String> notes)
      implements Work {}

  /** An item whose outcome the reader already knows (a deleted mail, a merge commit). */
  private record Decided(MessageRecord record, boolean inputError) implements Work {}

  /** No more work: one per worker. */
  private record End() implements Work {}

  /** What a worker hands the writer. */
  private record Result(
      MessageRecord record, List<String> lines, boolean inputError, boolean ours, String claimed) {}

  private static final Result WORKER_DONE = new Result(null, List.of(), false, false, "");

  // ------------------------------------------------------------------ the run

  /**
   * Runs the audit to the end and groups the recorded mails into series families.
   *
   * @throws SQLException when the store cannot be written (the run stops; what was committed stays)
   */
  public Totals run() throws SQLException {
    run =
        store.beginRun(
            settings.stamp().toolVersion(),
            settings.stamp().ruleSet(),
            settings.stamp().rules(),
            settings.command());
    List<Long> sourceIds = new ArrayList<>();
    for (AuditSource s : settings.sources()) {
      long id = store.source(s.kind(), s.location().toString(), s.selection());
      sourceIds.add(id);
      sourceNames.put(id, s.kind() + " " + s.location());
    }
    List<String> readProblems = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (AuditStore.Lookup lookup = store.lookup()) {
                // a source without a row before this run: none of its items was recorded, and
                // each is read once (unless the source is named twice), so none is looked up
                Set<Long> readHere = new HashSet<>();
                for (int i = 0; i < settings.sources().size(); i++) {
                  long id = sourceIds.get(i);
                  unrecorded = readHere.add(id) && !lookup.anyRecorded(id) ? id : -1;
                  read(settings.sources().get(i), id, lookup, readProblems);
                }
              } catch (SQLException | RuntimeException e) {
                synchronized (readProblems) {
                  readProblems.add(store.file() + ": cannot read the store: " + e.getMessage());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                for (int i = 0; i < settings.threads(); i++) {
                  putQuietly(work, new End());
                }
              }
            },
            "audit-read");
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < settings.threads(); i++) {
      Thread t = new Thread(this::work, "audit-review-" + i);
      workers.add(t);
    }
    reader.setDaemon(true);
    workers.forEach(t -> t.setDaemon(true));
    reader.start();
    workers.forEach(Thread::start);
    try {
      write(workers.size());
    } catch (SQLException | RuntimeException e) {
      reader.interrupt();
      workers.forEach(Thread::interrupt);
      throw e;
    } finally {
      progress.close();
    }
    joinQuietly(reader);
    synchronized (readProblems) {
      for (String p : readProblems) {
        err.println("mmreview: " + p);
        inputErrors++;
        store.problem(run, null, p.contains(": ") ? p.substring(0, p.indexOf(": ")) : p, p);
      }
    }
    new SeriesLifecycle(store).regroup();
    Totals t =
        new Totals(
            reviewed,
            skipped,
            failed,
            unchanged.get(),
            findings,
            inputErrors,
            internalFailures,
            new LinkedHashMap<>(reasons));
    store.finishRun(run, reviewed, skipped, failed, unchanged.get(), t.status());
    return t;
  }

  // ------------------------------------------------------------------ reading (one thread)

  private void read(AuditSource s, long source, AuditStore.Lookup lookup, List<String> problems)
      throws InterruptedException, SQLException {
    if (s instanceof AuditSource.Inbox inbox) {
      readInbox(inbox, source, lookup, problems);
    } else if (s instanceof AuditSource.Mbox mbox) {
      readMbox(mbox, source, lookup, problems);
    } else if (s instanceof AuditSource.Repo repo) {
      readRepo(repo, source, lookup, problems);
    }
  }

  /** The source being read when it had no item recorded before this run, else -1. */
  private long unrecorded = -1;

  /** What the store recorded of an item before (nothing to ask of an unrecorded source). */
  private Optional<AuditStore.Seen> seen(AuditStore.Lookup lookup, long source, String item)
      throws SQLException {
    return source == unrecorded ? Optional.empty() : lookup.seen(source, item);
  }

  /** Whether an item recorded before must be handled again by this run. */
  private boolean again(Optional<AuditStore.Seen> seen, String digest) {
    return MessageAudit.again(
        seen, digest, settings.stamp().toolVersion(), settings.stamp().ruleSet());
  }

  private void readInbox(
      AuditSource.Inbox inbox, long source, AuditStore.Lookup lookup, List<String> problems)
      throws InterruptedException {
    // the progress total: each epoch's commits as the walk lists them (a range's are not known)
    boolean whole = inbox.range().isEmpty();
    try {
      PublicInboxReader.walk(
          inbox.location(),
          inbox.range(),
          n -> {
            if (whole) {
              progress.expect(n);
            }
          },
          e -> {
            try {
              if (!again(seen(lookup, source, e.commit()), "")) {
                unchanged.incrementAndGet();
                return;
              }
              Optional<MessageAudit.Outcome> decided = MessageAudit.decided(source, e);
              if (decided.isPresent()) {
                work.put(new Decided(decided.get().record(), decided.get().inputError()));
              } else {
                queueMail(source, e.commit(), e.epoch(), "", e.id(), e.mail(), 0, lookup);
              }
            } catch (SQLException ex) {
              throw new IllegalStateException("cannot read the store: " + ex.getMessage(), ex);
            } catch (InterruptedException ex) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted", ex);
            }
          },
          d -> {
            synchronized (problems) {
              problems.add(d.input() + ": " + d.reason());
            }
          });
    } catch (IOException | RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException();
      }
      synchronized (problems) {
        problems.add(inbox.location() + ": " + oneLine(e));
      }
    }
  }

  private void readMbox(
      AuditSource.Mbox mbox, long source, AuditStore.Lookup lookup, List<String> problems)
      throws InterruptedException, SQLException {
    byte[] data;
    try {
      data = Files.readAllBytes(mbox.location());
    } catch (NoSuchFileException e) {
      synchronized (problems) {
        problems.add(mbox.location() + ": no such file");
      }
      return;
    } catch (IOException e) {
      synchronized (problems) {
        problems.add(mbox.location() + ": " + oneLine(e));
      }
      return;
    }
    List<MboxReader.Message> mails = MboxReader.messages(data);
    data = null; // the messages are copies; let the file's bytes go
    if (mails.isEmpty()) {
      synchronized (problems) {
        problems.add(mbox.location() + ": empty mbox");
      }
      return;
    }
    progress.expect(mails.size());
    for (int i = 0; i < mails.size(); i++) {
      MboxReader.Message m = mails.get(i);
      mails.set(i, null);
      String item = "#" + (i + 1);
      String digest = digest(m.data());
      if (!again(seen(lookup, source, item), digest)) {
        unchanged.incrementAndGet();
        continue;
      }
      queueMail(
          source, item, "", digest, mbox.location() + item, m.data(), m.linesBefore(), lookup);
    }
  }

  /**
   * Queues a mail for review, unless its Message-ID (read from the header block, no MIME parse) was
   * recorded before from another item, or is queued and not yet written: a mail cross-posted to two
   * archives is reviewed once, its other copies skipped as duplicates naming the first. What is in
   * flight is bounded by the queues and one batch; the rest is an indexed lookup.
   */
  private void queueMail(
      long source,
      String item,
      String epoch,
      String digest,
      String name,
      byte[] mail,
      int before,
      AuditStore.Lookup lookup)
      throws InterruptedException, SQLException {
    String id = MailParser.headerMessageId(mail);
    if (!id.isEmpty()) {
      String first = inFlight.get(id);
      if (first == null) {
        // written (and released from inFlight) before this query began, or never seen
        first = lookup.firstWith(id, source, item).orElse(null);
      }
      if (first != null) {
        MessageRecord dup =
            MessageAudit.duplicate(source, item, epoch, digest, id, settings.urlTemplate(), first);
        work.put(new Decided(dup, false));
        return;
      }
      inFlight.put(id, sourceNames.get(source) + " " + item);
    }
    work.put(new MailWork(source, item, epoch, digest, name, mail, before, id));
  }

  /**
   * Streams the commits of the range, oldest first: a recorded one costs an indexed lookup; a merge
   * or a commit without a change under the paths is decided here from the commit's trees (no diff);
   * the others are read (diff and images) one at a time and queued for review.
   */
  private void readRepo(
      AuditSource.Repo repo, long source, AuditStore.Lookup lookup, List<String> problems)
      throws InterruptedException, SQLException {
    try {
      progress.expect(GitSource.countCommits(repo.location(), repo.range()));
      GitSource.<Exception>eachCommit(
          repo.location(),
          repo.range(),
          repo.paths(),
          c -> {
            String item = c.id();
            if (!again(seen(lookup, source, item), "")) {
              unchanged.incrementAndGet();
              return;
            }
            work.put(repoWork(source, item, c));
          });
    } catch (InterruptedException | SQLException e) {
      throw e;
    } catch (Exception e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException();
      }
      synchronized (problems) {
        problems.add(repo.location() + ": " + oneLine(e));
      }
    }
  }

  /** What the reader makes of one commit it has not recorded yet. */
  private Work repoWork(long source, String item, GitSource.RangeCommit c) {
    PatchMetadata md;
    try {
      md = c.metadata();
      if (c.merge()) {
        return new Decided(
            commitRecord(source, item, md, "skipped", "merge commit", "merge commit skipped"),
            false);
      }
      if (!c.touches()) {
        return new Decided(commitRecord(source, item, md, "skipped", NO_DIFF, ""), false);
      }
    } catch (IOException | RuntimeException e) {
      return new Decided(
          MessageAudit.record(
              source,
              item,
              "",
              "unreadable",
              "failed",
              UNREADABLE,
              "cannot read commit: " + oneLine(e)),
          true);
    }
    GitSource.Result r = c.read();
    List<String> notes = r.diagnostics().stream().map(IntakeDiagnostic::reason).toList();
    if (r.patches().isEmpty()) {
      String note = String.join("\n", notes);
      if (note.startsWith("cannot read commit")) {
        return new Decided(
            MessageAudit.record(source, item, "", "unreadable", "failed", UNREADABLE, note), true);
      }
      return new Decided(
          commitRecord(
              source, item, md, "skipped", InboxMessage.SkipReason.MALFORMED_DIFF.text(), note),
          false);
    }
    return new CommitWork(source, item, r.patches().get(0), notes);
  }

  /** A repository commit's row, decided without a review. */
  private MessageRecord commitRecord(
      long source, String item, PatchMetadata md, String outcome, String reason, String detail) {
    return MessageAudit.commitRecord(
        source,
        item,
        md,
        settings.commitUrlTemplate(),
        outcome,
        reason,
        detail,
        "",
        false,
        List.of());
  }

  // ------------------------------------------------------------------ reviewing (workers)

  private static final String UNREADABLE = MessageAudit.UNREADABLE;
  private static final String NO_DIFF = "no diff under the paths";

  private void work() {
    MessageAudit audit =
        new MessageAudit(
            reviewers.get(),
            settings.selects(),
            settings.urlTemplate(),
            settings.commitUrlTemplate());
    try {
      while (true) {
        Work w = work.take();
        if (w instanceof End) {
          break;
        }
        Result r;
        try {
          r = handle(w, audit);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
          // a defect of ours on one message: recorded as failed, the others go on
          r = contained(w, e);
        }
        results.put(r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      putQuietly(results, WORKER_DONE);
    }
  }

  private Result handle(Work w, MessageAudit audit) {
    if (w instanceof MailWork m) {
      return result(
          audit.mail(m.source(), m.item(), m.epoch(), m.digest(), m.id(), m.mail(), m.before()),
          m.claimed());
    }
    if (w instanceof CommitWork c) {
      return result(audit.commit(c.source(), c.item(), c.patch(), c.notes()), "");
    }
    Decided d = (Decided) w;
    return new Result(d.record(), List.of(), d.inputError(), false, "");
  }

  /** A worker's failure on one item, as that item's record. */
  private Result contained(Work w, Throwable e) {
    if (w instanceof MailWork m) {
      return result(
          MessageAudit.contained(m.source(), m.item(), m.epoch(), m.id(), e), m.claimed());
    }
    if (w instanceof CommitWork c) {
      return result(MessageAudit.contained(c.source(), c.item(), "", c.item(), e), "");
    }
    return new Result(((Decided) w).record(), List.of(), false, true, "");
  }

  private static Result result(MessageAudit.Outcome o, String claimed) {
    return new Result(o.record(), o.lines(), o.inputError(), o.ours(), claimed);
  }

  // ------------------------------------------------------------------ writing (this thread)

  private void write(int workerCount) throws SQLException {
    int running = workerCount;
    List<Result> batch = new ArrayList<>(BATCH);
    long lastFlush = System.nanoTime();
    try {
      while (running > 0 || !results.isEmpty()) {
        Result r = results.poll(100, TimeUnit.MILLISECONDS);
        if (r == WORKER_DONE) {
          running--;
        } else if (r != null) {
          batch.add(r);
        }
        boolean due = System.nanoTime() - lastFlush > TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS);
        if (batch.size() >= BATCH
            || (due && !batch.isEmpty())
            || (running == 0 && !batch.isEmpty())) {
          flush(batch);
          batch.clear();
          lastFlush = System.nanoTime();
        } else if (due) {
          report();
          lastFlush = System.nanoTime();
        }
      }
      flush(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void flush(List<Result> batch) throws SQLException {
    if (batch.isEmpty()) {
      report();
      return;
    }
    store.write(
        batch.stream().map(Result::record).toList(),
        run,
        settings.stamp().toolVersion(),
        settings.stamp().ruleSet());
    // counted once committed: what the counts say is what the store holds
    for (Result r : batch) {
      if (!r.claimed().isEmpty()) {
        inFlight.remove(r.claimed()); // the reader's lookup sees it in the store from now on
      }
      MessageRecord m = r.record();
      switch (m.outcome()) {
        case "reviewed" -> reviewed++;
        case "skipped" -> skipped++;
        default -> failed++;
      }
      if (!m.reason().isEmpty()) {
        reasons.merge(m.outcome() + ": " + m.reason(), 1L, Long::sum);
      }
      findings += m.findings().size();
      for (String line : r.lines()) {
        err.println("mmreview: " + line);
      }
      if (r.inputError()) {
        inputErrors++;
      }
      if (r.ours()) {
        internalFailures++;
      }
    }
    err.flush();
    report();
  }

  private void report() {
    long u = unchanged.get();
    progress.update(reviewed + skipped + failed + u, reviewed, skipped, failed, u);
  }

  // ------------------------------------------------------------------ small helpers

  private static String digest(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data), 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static <T> void putQuietly(BlockingQueue<T> q, T item) {
    boolean interrupted = Thread.interrupted();
    while (true) {
      try {
        q.put(item);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void joinQuietly(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
