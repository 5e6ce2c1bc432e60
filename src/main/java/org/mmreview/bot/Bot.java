package org.mmreview.bot;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.mmreview.intake.BaseTree;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.MessageClassifier;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchMetadata;
import org.mmreview.intake.PublicInboxReader;
import org.mmreview.report.Finding;
import org.mmreview.report.Lifecycle;
import org.mmreview.series.PatchReview;
import org.mmreview.series.PatchReviewer;
import org.mmreview.series.ReviewProblem;
import org.mmreview.series.VersionLabels;
import org.mmreview.store.BotStore;

/**
 * The mailing-list bot: reads new messages from public-inbox archives into its store, feeds them in
 * date order, groups patches into series, reviews a series when it is complete (and a delay has let
 * humans speak first) or when its grace period ends, and prepares one reply per patch that has
 * something new to say; then writes the replies to the outbox (a dry run) or sends them.
 *
 * <p>Each step is one transaction in the store, so a kill at any point loses at most the step in
 * flight, and the next run redoes it: messages are keyed by Message-ID, replies by the patch they
 * answer, and a reply caught mid-send is checked for before it is sent again.
 */
public final class Bot {

  /** How the bot runs this time. */
  public record Options(
      List<Path> inboxes,
      Path outbox,
      boolean send,
      boolean digest,
      Optional<Instant> since,
      boolean fetch) {}

  private final BotStore store;
  private final BotConfig config;
  private final Options options;
  private final PatchReviewer reviewer;
  private final ReplyWriter writer;
  private final Optional<Mailer> mailer;
  private final Clock clock;
  private final PrintWriter err;
  private final String version;
  private Repository kernel;
  private boolean kernelFailed;

  /** What one run did, for the summary line. */
  private int read;

  private int failures;
  private int rateLimited;

  public Bot(
      BotStore store,
      BotConfig config,
      Options options,
      PatchReviewer reviewer,
      Optional<Mailer> mailer,
      Clock clock,
      PrintWriter err) {
    this.store = store;
    this.config = config;
    this.options = options;
    this.reviewer = reviewer;
    this.writer = new ReplyWriter(config);
    this.mailer = mailer;
    this.clock = clock;
    this.err = err;
    this.version = ReplyWriter.version();
  }

  /** Failures met (a message, a series or a send that went wrong, contained). */
  public int failures() {
    return failures;
  }

  /** One poll: read, check unfinished sends, process in date order, write or send replies. */
  public void poll() throws SQLException {
    for (Path inbox : options.inboxes()) {
      if (options.fetch()) {
        fetch(inbox);
      }
      ingest(inbox);
    }
    // after reading: the list's echo of a reply caught mid-send may have arrived since
    recoverSending();
    long now = processPending();
    due(Math.max(now, clock.millis()));
    outbox(clock.millis());
  }

  // ---- reading ----

  private void fetch(Path inbox) {
    try {
      for (Path epoch : PublicInboxReader.epochs(inbox)) {
        try (Repository r = new FileRepositoryBuilder().setGitDir(epoch.toFile()).build();
            Git git = new Git(r)) {
          git.fetch().call();
        }
      }
    } catch (Exception e) {
      // a mirror that cannot be fetched is read as it is
      err.println("mmreview: bot: " + inbox + ": fetch failed: " + oneLine(e));
    }
  }

  /** Reads the archive's new commits into the store, keeping the cursor with them. */
  private void ingest(Path inbox) throws SQLException {
    String key = inbox.toAbsolutePath().normalize().toString();
    Optional<String> cursor = store.cursor(key);
    boolean fromTip = cursor.isEmpty() && options.since().isEmpty();
    List<PublicInboxReader.Entry> batch = new ArrayList<>();
    try {
      PublicInboxReader.walk(
          inbox,
          cursor.map(c -> c + "..").orElse(""),
          e -> {
            batch.add(e);
            if (batch.size() >= 200) {
              commitBatch(key, batch, fromTip);
            }
          },
          d -> err.println("mmreview: bot: " + d.input() + ": " + d.reason()));
    } catch (IOException | RuntimeException e) {
      err.println("mmreview: bot: " + inbox + ": " + oneLine(e));
      failures++;
    }
    commitBatch(key, batch, fromTip);
  }

  private void commitBatch(String inbox, List<PublicInboxReader.Entry> batch, boolean fromTip) {
    if (batch.isEmpty()) {
      return;
    }
    store.transaction(
        () -> {
          for (PublicInboxReader.Entry e : batch) {
            if (!fromTip) {
              take(e);
            }
          }
          store.setCursor(inbox, batch.get(batch.size() - 1).commit());
        });
    batch.clear();
  }

  private void take(PublicInboxReader.Entry e) throws SQLException {
    if (e.mail() == null) {
      return;
    }
    InboxMessage m = MessageClassifier.read(e.id(), e.mail());
    Optional<PatchMetadata> meta = m.metadata();
    long date = meta.flatMap(PatchMetadata::date).map(d -> d.toInstant().toEpochMilli()).orElse(0L);
    if (options.since().isPresent() && date < options.since().get().toEpochMilli()) {
      return;
    }
    String id = meta.map(PatchMetadata::messageId).filter(s -> !s.isEmpty()).orElse(e.id());
    boolean keep = m.category() != InboxMessage.Category.SKIPPED;
    if (store.addMessage(id, e.id(), date, m.category().name(), keep ? e.mail() : null)) {
      read++;
    }
  }

  // ---- processing, in date order ----

  /** Processes stored messages oldest first; the clock of the replay is the last one's date. */
  private long processPending() throws SQLException {
    long latest = 0;
    while (true) {
      List<BotStore.Pending> batch = store.pending(100);
      if (batch.isEmpty()) {
        return latest;
      }
      for (BotStore.Pending p : batch) {
        try {
          store.transaction(
              () -> {
                handle(p);
                store.markProcessed(p.id());
              });
        } catch (RuntimeException e) {
          err.println("mmreview: bot: " + p.source() + ": internal error: " + oneLine(e));
          failures++;
          store.transaction(() -> store.markProcessed(p.id()));
        }
        latest = Math.max(latest, p.dateMillis());
        due(latest);
      }
    }
  }

  private void handle(BotStore.Pending p) throws SQLException {
    if (p.raw() == null) {
      return;
    }
    InboxMessage m = MessageClassifier.read(p.source(), p.raw());
    if (m.metadata().isEmpty()) {
      return;
    }
    PatchMetadata meta = m.metadata().get();
    if (own(meta)) {
      store.skip(p.id(), "own mail", "");
      store.dropRaw(p.id());
      return;
    }
    switch (m.category()) {
      case PATCH -> {
        String key = seriesKey(meta, p.id());
        store.addSeries(
            key,
            family(meta),
            meta.seriesTag().version(),
            total(meta),
            meta.title(),
            p.dateMillis());
        store.addPatch(key, p.id(), Math.max(1, meta.seriesTag().index()));
        checkComplete(key, p.dateMillis());
      }
      case COVER_LETTER -> {
        String key = seriesKey(meta, p.id());
        store.addSeries(
            key,
            family(meta),
            meta.seriesTag().version(),
            total(meta),
            meta.title(),
            p.dateMillis());
        store.setCover(key, p.id(), family(meta), meta.title());
      }
      case REPLY -> {
        String target = meta.inReplyTo();
        if (!target.isEmpty()) {
          String body =
              m.patch().map(x -> x.metadata().commitMessage() + "\n" + x.patchText()).orElse("");
          for (String line : HumanConcerns.of(body)) {
            store.addConcern(target, line);
          }
        }
        store.dropRaw(p.id());
      }
      default -> store.dropRaw(p.id());
    }
  }

  private boolean own(PatchMetadata meta) {
    return BotConfig.address(meta.from()).equals(BotConfig.address(config.from()));
  }

  private static int total(PatchMetadata meta) {
    return meta.seriesTag().numbered() ? meta.seriesTag().total() : 0;
  }

  /** The series a patch or cover letter belongs to: its thread's root, version and length. */
  static String seriesKey(PatchMetadata meta, String id) {
    if (!meta.seriesTag().numbered()) {
      return id;
    }
    String root =
        !meta.references().isEmpty()
            ? meta.references().get(0)
            : !meta.inReplyTo().isEmpty() ? meta.inReplyTo() : id;
    if (meta.seriesTag().isCoverLetter()
        && meta.references().isEmpty()
        && meta.inReplyTo().isEmpty()) {
      root = id;
    }
    return root + "|v" + meta.seriesTag().version() + "|" + meta.seriesTag().total();
  }

  /** A series family across versions: the author's address and the title. */
  static String family(PatchMetadata meta) {
    return BotConfig.address(meta.from())
        + "|"
        + meta.title().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
  }

  private void checkComplete(String key, long at) throws SQLException {
    BotStore.SeriesRow s = store.series(key).orElseThrow();
    if (store.patches(key).size() >= Math.max(1, s.total())) {
      store.setComplete(key, at);
    }
  }

  /** Reviews each waiting series whose time has come. */
  private void due(long now) throws SQLException {
    for (BotStore.SeriesRow s : store.waiting()) {
      boolean complete = s.completeAt().isPresent();
      long dueAt =
          complete
              ? s.completeAt().get() + config.delay().toMillis()
              : s.firstSeen() + config.grace().toMillis();
      if (now < dueAt) {
        continue;
      }
      // Replayed, the clock jumps from one message's date to the next: the reply is dated when
      // a live bot would have written it.
      long at = options.since().isPresent() ? dueAt : now;
      try {
        store.transaction(() -> review(s, complete, at));
      } catch (RuntimeException e) {
        err.println("mmreview: bot: series " + s.key() + ": internal error: " + oneLine(e));
        failures++;
        store.transaction(() -> store.setSeriesState(s.key(), "failed", oneLine(e)));
      }
    }
  }

  // ---- reviewing a series ----

  private void review(BotStore.SeriesRow s, boolean complete, long now) throws SQLException {
    Map<Integer, String> ids = store.patches(s.key());
    Optional<PatchMetadata> cover =
        s.coverId()
            .flatMap(this::rawQuietly)
            .map(r -> MessageClassifier.read("cover", r))
            .flatMap(InboxMessage::metadata);
    List<Patch> patches = new ArrayList<>();
    for (Map.Entry<Integer, String> e : ids.entrySet()) {
      Optional<byte[]> raw = store.raw(e.getValue());
      if (raw.isEmpty()) {
        continue;
      }
      InboxMessage m = MessageClassifier.read(e.getValue(), raw.get());
      m.patch().ifPresent(patches::add);
    }
    if (patches.isEmpty()) {
      store.setSeriesState(s.key(), "reviewed", "no patch left to review");
      return;
    }
    Optional<String> incomplete =
        complete
            ? Optional.empty()
            : Optional.of(
                "Only "
                    + ids.size()
                    + " of the "
                    + s.total()
                    + " patches of this series had arrived "
                    + hours(config.grace())
                    + " after the first; this reviews those, so what the missing ones change is"
                    + " not seen.");
    Base base = base(patches.get(0), cover);
    Map<String, Optional<String>> overlay = new HashMap<>();
    Map<Integer, Set<String>> family = store.familyFindings(s.family());
    Set<String> thisVersion = new LinkedHashSet<>();
    List<PatchOutcome> outcomes = new ArrayList<>();
    int textFiles = 0;
    int appliedFiles = 0;
    for (Patch p : patches) {
      Patch withImages = p;
      String sentence = base.sentence;
      if (base.commit.isPresent()) {
        BaseTree tree =
            new BaseTree(base.description, path -> read(base.commit.get(), overlay, path))
                .describedAs(base.description);
        BaseTree.Applied a = tree.apply(p);
        withImages = a.patch();
        for (FileChange f : withImages.files()) {
          if (f.applied()) {
            overlay.put(f.newPath(), f.postImage());
            if (!f.oldPath().equals(f.newPath())) {
              overlay.put(f.oldPath(), Optional.empty());
            }
          }
        }
        List<String> unapplied =
            withImages.files().stream()
                .filter(f -> !f.binary() && !f.applied())
                .map(FileChange::path)
                .toList();
        long text = withImages.files().stream().filter(f -> !f.binary()).count();
        textFiles += (int) text;
        appliedFiles += (int) text - unapplied.size();
        sentence = baseSentence(base, unapplied, text);
      }
      PatchReview r = reviewer.review(withImages, this::selects);
      r.problems().stream()
          .filter(x -> x.kind() != ReviewProblem.Kind.NOTE)
          .forEach(x -> err.println("mmreview: bot: " + x.text()));
      List<Finding> introduced = new ArrayList<>();
      for (Finding f : r.findings()) {
        if (f.lifecycle() == Lifecycle.PRE_EXISTING) {
          store.skip(p.metadata().messageId(), "pre-existing", f.fingerprint());
        } else {
          introduced.add(f);
          thisVersion.add(f.fingerprint());
        }
      }
      outcomes.add(new PatchOutcome(withImages, r, introduced, sentence));
    }
    Map<Integer, Set<String>> byVersion = new HashMap<>(family);
    byVersion.put(s.version(), thisVersion);
    Map<String, VersionLabels.Label> labels = new HashMap<>();
    for (VersionLabels.Label l : VersionLabels.of(byVersion, s.version())) {
      labels.put(l.fingerprint(), l);
    }
    store.addFamilyFindings(s.family(), s.version(), thisVersion);
    for (PatchOutcome o : outcomes) {
      prepare(o, labels, base, incomplete, now);
      store.dropRaw(o.patch.metadata().messageId());
    }
    store.setSeriesState(
        s.key(),
        "reviewed",
        (complete ? "complete" : "incomplete")
            + "; "
            + base.description
            + (base.commit.isPresent() ? "; files applied " + appliedFiles + "/" + textFiles : ""));
  }

  /**
   * How a patch was reviewed on a base it may not apply to: a file whose hunks do not match the
   * base is reviewed from its hunks only (BaseTree), and the reply must not claim whole functions
   * for it.
   */
  private static String baseSentence(Base base, List<String> unapplied, long textFiles) {
    if (unapplied.isEmpty()) {
      return base.sentence;
    }
    if (unapplied.size() == textFiles) {
      return "Reviewed from the patch's hunks only, as it does not apply to "
          + base.where
          + ": code outside the hunks was not seen.";
    }
    return base.sentence
        + " These files do not apply there and were reviewed from their hunks only: "
        + String.join(", ", unapplied)
        + ".";
  }

  private record PatchOutcome(
      Patch patch, PatchReview review, List<Finding> introduced, String baseSentence) {}

  /** Decides what one patch's reply says, or why there is none, and records it. */
  private void prepare(
      PatchOutcome o,
      Map<String, VersionLabels.Label> labels,
      Base base,
      Optional<String> incomplete,
      long now)
      throws SQLException {
    PatchMetadata m = o.patch.metadata();
    String id = m.messageId();
    Set<String> concerns = new LinkedHashSet<>(store.concerns(id));
    List<Finding> say = new ArrayList<>();
    List<String> still = new ArrayList<>();
    for (Finding f0 : o.introduced) {
      Finding f = f0;
      if (!f.severity().atLeast(config.minSeverity())) {
        store.skip(id, "below severity", f.fingerprint());
        continue;
      }
      VersionLabels.Label l = labels.get(f.fingerprint());
      if (l != null && l.kind() == VersionLabels.Kind.STILL_PRESENT) {
        store.skip(id, "still present (one line)", f.fingerprint());
        still.add(f.ruleId() + " (" + l.text() + ")");
        continue;
      }
      if (evidence(o.patch, f).stream().anyMatch(concerns::contains)) {
        store.skip(id, "human already said it", f.fingerprint());
        continue;
      }
      say.add(f);
    }
    if (say.isEmpty()) {
      store.skip(id, still.isEmpty() ? "nothing to say" : "only still-present findings", "");
      return;
    }
    if (store.hasReply(id)) {
      store.skip(id, "already replied", "");
      return;
    }
    if (BotConfig.address(m.from()).isEmpty()
        || config.optOut().contains(BotConfig.address(m.from()))) {
      store.skip(id, "author opted out", "");
      return;
    }
    if (!config.lists().isEmpty()
        && ReplyWriter.recipients(m).stream().noneMatch(a -> writer.isList(BotConfig.address(a)))) {
      store.skip(id, "not on an allowed list", "");
      return;
    }
    say.sort(Finding::compare);
    int more = Math.max(0, say.size() - config.maxFindings());
    List<Finding> shown = say.subList(0, say.size() - more);
    for (Finding f : say.subList(say.size() - more, say.size())) {
      store.skip(id, "over the per-reply maximum", f.fingerprint());
    }
    ReplyWriter.Reply reply =
        new ReplyWriter.Reply(o.patch, shown, more, still, o.baseSentence, incomplete, version);
    byte[] mail;
    try {
      mail = writer.mail(reply, Instant.ofEpochMilli(now));
    } catch (MessagingException e) {
      store.skip(id, "reply could not be written", oneLine(e));
      return;
    }
    store.prepare(id, writer.messageId(id), options.digest() ? "digest" : "reply", now, mail);
  }

  /**
   * The code lines a finding is about, normalised: its own line and its related locations' (the
   * {@code -EFAULT} a map-failure finding points to is where a human would comment).
   */
  static Set<String> evidence(Patch p, Finding f) {
    Set<Integer> lines = new LinkedHashSet<>();
    lines.add(f.location().line());
    f.related().stream()
        .filter(r -> r.file().equals(f.location().file()))
        .forEach(r -> lines.add(r.line()));
    Set<String> out = new LinkedHashSet<>();
    if (!f.sourceLine().isEmpty()) {
      out.add(HumanConcerns.normalise(f.sourceLine()));
    }
    for (FileChange fc : p.files()) {
      if (!fc.newPath().equals(f.location().file())) {
        continue;
      }
      for (Hunk h : fc.hunks()) {
        for (HunkLine l : h.lines()) {
          if (l.kind() != HunkLine.Kind.REMOVE && lines.contains(l.newLine())) {
            out.add(HumanConcerns.normalise(l.text()));
          }
        }
      }
    }
    return out;
  }

  private boolean selects(String path) {
    return config.paths().isEmpty() || config.paths().stream().anyMatch(path::startsWith);
  }

  // ---- bases ----

  /**
   * The commit a series is reviewed on (empty: hunks only), and how it is told: {@code sentence}
   * when the patch applies, {@code where} names the base when it does not.
   */
  private record Base(
      Optional<RevCommit> commit, String description, String sentence, String where) {}

  private Base base(Patch first, Optional<PatchMetadata> cover) {
    Optional<String> named =
        first.metadata().baseCommit().or(() -> cover.flatMap(PatchMetadata::baseCommit));
    Optional<Repository> repo = kernel();
    if (repo.isPresent()) {
      if (named.isPresent()) {
        Optional<RevCommit> c = commit(repo.get(), named.get());
        if (c.isPresent()) {
          String abbrev = c.get().abbreviate(12).name();
          return new Base(
              c,
              "base-commit " + abbrev,
              "Reviewed on the series' base-commit " + abbrev + ", whole functions.",
              "its base-commit " + abbrev);
        }
      }
      if (config.branch().isPresent()) {
        Optional<RevCommit> c = commit(repo.get(), config.branch().get());
        if (c.isPresent()) {
          String why =
              named.isPresent()
                  ? "its base-commit " + shortId(named.get()) + " is not in the kernel tree here"
                  : "it names no base-commit";
          return new Base(
              c,
              "branch " + config.branch().get() + " " + c.get().abbreviate(12).name(),
              "Reviewed on "
                  + config.branch().get()
                  + " at "
                  + c.get().abbreviate(12).name()
                  + ", whole functions, as "
                  + why
                  + ".",
              config.branch().get()
                  + " at "
                  + c.get().abbreviate(12).name()
                  + " (taken as "
                  + why
                  + ")");
        }
      }
    }
    String why =
        repo.isEmpty()
            ? "no kernel tree is configured"
            : named.isPresent()
                ? "its base-commit " + shortId(named.get()) + " is not in the kernel tree here"
                : "it names no base-commit";
    return new Base(
        Optional.empty(),
        "hunks only",
        "Reviewed from the patch's hunks only, as "
            + why
            + ": code outside the hunks was not seen.",
        "");
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  private Optional<Repository> kernel() {
    if (kernel == null && !kernelFailed && config.kernelRepo().isPresent()) {
      try {
        kernel =
            new FileRepositoryBuilder()
                .findGitDir(config.kernelRepo().get().toFile())
                .setMustExist(true)
                .build();
      } catch (IOException | IllegalArgumentException e) {
        kernelFailed = true;
        err.println(
            "mmreview: bot: "
                + config.kernelRepo().get()
                + ": cannot open the kernel repository: "
                + oneLine(e)
                + "; reviewing hunks only");
      }
    }
    return Optional.ofNullable(kernel);
  }

  private static Optional<RevCommit> commit(Repository r, String rev) {
    try (RevWalk w = new RevWalk(r)) {
      ObjectId id = r.resolve(rev + "^{commit}");
      return id == null ? Optional.empty() : Optional.of(w.parseCommit(id));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A file of the base as the series' earlier patches left it. */
  private Optional<String> read(RevCommit c, Map<String, Optional<String>> overlay, String path)
      throws IOException {
    if (overlay.containsKey(path)) {
      return overlay.get(path);
    }
    try (TreeWalk tw = TreeWalk.forPath(kernel, path, c.getTree())) {
      if (tw == null) {
        return Optional.empty();
      }
      return Optional.of(
          new String(kernel.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
    }
  }

  private Optional<byte[]> rawQuietly(String id) {
    try {
      return store.raw(id);
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  // ---- the outbox ----

  /**
   * A reply found {@code sending} was interrupted: sent if its copy reached the bot's mailbox or
   * the archive, else sent again; unknowable without either, so left alone and reported. Runs after
   * the archives are read, so an echo that arrived while the bot was down counts, and an {@code
   * unconfirmed} reply whose echo arrives later becomes {@code sent}.
   */
  private void recoverSending() throws SQLException {
    // an unconfirmed reply is never sent again, but its echo may reach the archive later
    for (BotStore.ReplyRow r : store.replies("unconfirmed")) {
      if (store.seen(r.replyId())) {
        store.transaction(() -> store.setReplyState(r.replyId(), "sent", clock.millis()));
        err.println(
            "mmreview: bot: " + r.replyId() + " was unconfirmed; its echo is in the archive");
      }
    }
    for (BotStore.ReplyRow r : store.replies("sending")) {
      boolean sent = store.seen(r.replyId());
      boolean known = sent;
      if (!sent && mailer.isPresent() && mailer.get().canCheck()) {
        try {
          sent = mailer.get().wasSent(r.replyId());
          known = true;
        } catch (MessagingException e) {
          err.println(
              "mmreview: bot: cannot check whether " + r.replyId() + " was sent: " + oneLine(e));
          continue;
        }
      }
      String state = sent ? "sent" : known ? "prepared" : "unconfirmed";
      store.transaction(() -> store.setReplyState(r.replyId(), state, clock.millis()));
      if (state.equals("unconfirmed")) {
        err.println(
            "mmreview: bot: "
                + r.replyId()
                + " was being sent when the bot stopped and nothing can tell whether it left"
                + " (configure imap); not sent again");
      }
    }
  }

  private void outbox(long now) throws SQLException {
    if (options.digest()) {
      digest(now);
      return;
    }
    for (BotStore.ReplyRow r : store.replies("prepared")) {
      if (!r.kind().equals("reply") && !r.kind().equals("digest-mail")) {
        continue;
      }
      // a replay delivers as a live bot would have: each reply at its own time
      long t = options.since().isPresent() ? r.created() : now;
      if (store.doneSince(t - Duration.ofHours(1).toMillis()) >= config.ratePerHour()) {
        rateLimited++;
        continue;
      }
      deliver(r, t);
    }
  }

  private void deliver(BotStore.ReplyRow r, long now) throws SQLException {
    if (!options.send()) {
      try {
        Files.createDirectories(options.outbox());
        Path target = options.outbox().resolve(fileName(r.replyId()));
        Path tmp = options.outbox().resolve("." + fileName(r.replyId()) + ".tmp");
        Files.write(tmp, r.mail());
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        err.println(
            "mmreview: bot: "
                + options.outbox()
                + ": cannot write "
                + r.replyId()
                + ": "
                + oneLine(e));
        failures++;
        return;
      }
      store.transaction(() -> store.setReplyState(r.replyId(), "written", now));
      return;
    }
    store.transaction(() -> store.setReplyState(r.replyId(), "sending", now));
    try {
      mailer.orElseThrow().send(r.mail());
    } catch (MessagingException e) {
      // refused before it left: it can go again next time
      err.println("mmreview: bot: sending " + r.replyId() + " failed: " + oneLine(e));
      failures++;
      store.transaction(() -> store.setReplyState(r.replyId(), "prepared", now));
      return;
    }
    store.transaction(() -> store.setReplyState(r.replyId(), "sent", now));
  }

  /**
   * Digest mode: the replies of each day (by their date) become one summary mail to the maintainer,
   * prepared once the day is over.
   */
  private void digest(long now) throws SQLException {
    Map<String, List<BotStore.ReplyRow>> byDay = new TreeMap<>();
    for (BotStore.ReplyRow r : store.replies("prepared")) {
      if (r.kind().equals("digest")) {
        byDay
            .computeIfAbsent(
                Instant.ofEpochMilli(r.created()).toString().substring(0, 10),
                d -> new ArrayList<>())
            .add(r);
      }
    }
    String today = Instant.ofEpochMilli(now).toString().substring(0, 10);
    for (Map.Entry<String, List<BotStore.ReplyRow>> e : byDay.entrySet()) {
      if (e.getKey().compareTo(today) >= 0) {
        continue;
      }
      byte[] mail;
      try {
        mail =
            DigestWriter.mail(config, e.getKey(), e.getValue(), version, Instant.ofEpochMilli(now));
      } catch (MessagingException ex) {
        err.println("mmreview: bot: digest of " + e.getKey() + ": " + oneLine(ex));
        failures++;
        continue;
      }
      String digestId = DigestWriter.messageId(config, e.getKey());
      store.transaction(
          () -> {
            store.prepare("digest:" + e.getKey(), digestId, "digest-mail", now, mail);
            for (BotStore.ReplyRow r : e.getValue()) {
              store.setReplyState(r.replyId(), "digested", now);
            }
          });
    }
    for (BotStore.ReplyRow r : store.replies("prepared")) {
      if (r.kind().equals("digest-mail")) {
        deliver(r, now);
      }
    }
  }

  static String fileName(String messageId) {
    return messageId.replaceAll("[<>]", "").replaceAll("[^A-Za-z0-9._@-]", "_") + ".eml";
  }

  private static String hours(Duration d) {
    long h = d.toHours();
    return h >= 1 ? h + (h == 1 ? " hour" : " hours") : d.toMinutes() + " minutes";
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return s.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** Counts for the summary: messages read this run, and the store's totals. */
  public String summary() throws SQLException {
    return "read "
        + read
        + " new messages; "
        + rateLimited
        + " replies held back by rate-per-hour ("
        + config.ratePerHour()
        + "), still prepared; series "
        + store.counts("series")
        + "; replies "
        + store.counts("reply")
        + "; skipped "
        + store.counts("skip");
  }

  /** Closes the kernel repository. */
  public void close() {
    if (kernel != null) {
      kernel.close();
    }
  }
}
