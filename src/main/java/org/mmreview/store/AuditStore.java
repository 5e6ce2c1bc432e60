package org.mmreview.store;

import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.mmreview.report.Finding;

/**
 * The audit's SQLite file: the sources audited, every message or commit seen with its outcome
 * (reviewed, skipped with a reason, failed with a diagnostic), the findings with their lifecycle
 * and version labels, the series families the messages form, and the runs. One writer at a time (a
 * lock file beside the database, released by the kernel when the process dies, even by {@code kill
 * -9}); readers ({@code status}, {@code report}) never wait, thanks to the write-ahead log.
 *
 * <p>Resumable by construction: a message and its findings are written in the same transaction, and
 * a message is never written twice ({@code UNIQUE (source_id, item)}), so a run killed at any point
 * leaves whole messages only, and the rerun starts with those it does not have.
 */
public final class AuditStore implements AutoCloseable {

  /**
   * The schema, one script per version; never edit one that shipped, add the next. Version 1: the
   * whole audit. See docs/audit.md.
   */
  public static final List<String> MIGRATIONS =
      List.of(
          """
          CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            location TEXT NOT NULL,
            selection TEXT NOT NULL DEFAULT '',
            added TEXT NOT NULL,
            UNIQUE (kind, location, selection));
          CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            tool_version TEXT NOT NULL,
            rule_set TEXT NOT NULL,
            rules TEXT NOT NULL DEFAULT '',
            command TEXT NOT NULL,
            reviewed INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            status INTEGER);
          CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            item TEXT NOT NULL,
            epoch TEXT NOT NULL DEFAULT '',
            digest TEXT NOT NULL DEFAULT '',
            message_id TEXT NOT NULL DEFAULT '',
            in_reply_to TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            subject TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            date TEXT,
            kind TEXT NOT NULL,
            series_version INTEGER NOT NULL DEFAULT 1,
            series_index INTEGER NOT NULL DEFAULT 0,
            series_total INTEGER NOT NULL DEFAULT 0,
            outcome TEXT NOT NULL CHECK (outcome IN ('reviewed', 'skipped', 'failed')),
            reason TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '',
            files TEXT NOT NULL DEFAULT '',
            hunk_only INTEGER NOT NULL DEFAULT 0,
            tool_version TEXT NOT NULL,
            rule_set TEXT NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            series_id INTEGER,
            UNIQUE (source_id, item));
          CREATE INDEX messages_message_id ON messages(message_id);
          CREATE INDEX messages_series ON messages(series_id);
          CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            message INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            rule TEXT NOT NULL,
            severity TEXT NOT NULL,
            file TEXT NOT NULL,
            line INTEGER NOT NULL,
            col INTEGER NOT NULL,
            patch_line INTEGER,
            function TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            source_line TEXT NOT NULL DEFAULT '',
            fix TEXT NOT NULL DEFAULT '',
            fingerprint TEXT NOT NULL,
            lifecycle TEXT NOT NULL DEFAULT '',
            version_label TEXT NOT NULL DEFAULT '',
            partial INTEGER NOT NULL DEFAULT 0,
            tool_version TEXT NOT NULL,
            rule_set TEXT NOT NULL);
          CREATE INDEX findings_message ON findings(message);
          CREATE INDEX findings_fingerprint ON findings(fingerprint);
          CREATE TABLE families (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            author TEXT NOT NULL,
            versions INTEGER NOT NULL,
            first_date TEXT,
            last_date TEXT);
          CREATE TABLE series (
            id INTEGER PRIMARY KEY,
            family_id INTEGER NOT NULL REFERENCES families(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            total INTEGER NOT NULL,
            complete INTEGER NOT NULL,
            cover INTEGER,
            date TEXT);
          CREATE TABLE fixed (
            family_id INTEGER NOT NULL REFERENCES families(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            fingerprint TEXT NOT NULL,
            rule TEXT NOT NULL,
            file TEXT NOT NULL,
            function TEXT NOT NULL,
            introduced_version INTEGER NOT NULL,
            introduced_date TEXT,
            fixed_date TEXT);
          CREATE TABLE problems (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            source_id INTEGER REFERENCES sources(id),
            input TEXT NOT NULL,
            text TEXT NOT NULL);
          """);

  /**
   * The kind of a message whose Message-ID was recorded before from another item (a mail
   * cross-posted to two archives): skipped, reason {@code duplicate}, not reviewed again.
   */
  public static final String DUPLICATE = "duplicate";

  /** How long a statement waits for another connection's write before SQLite says busy. */
  private static final int BUSY_MILLIS = 30_000;

  private final Path file;
  private final Connection c;

  private AuditStore(Path file, Connection c) {
    this.file = file;
    this.c = c;
  }

  /**
   * Opens (creating and migrating) the audit database.
   *
   * @throws SqliteFile.StoreException naming the file and the reason
   */
  public static AuditStore open(Path file) {
    return new AuditStore(file, SqliteFile.open(file, BUSY_MILLIS, MIGRATIONS));
  }

  /**
   * Opens an existing audit database for reading: a missing file is an error, not a new database.
   */
  public static AuditStore openExisting(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new SqliteFile.StoreException(file + ": no such audit database", null);
    }
    return open(file);
  }

  public Path file() {
    return file;
  }

  /** The connection, for the report's queries; the writer methods below own its transactions. */
  public Connection connection() {
    return c;
  }

  // ------------------------------------------------------------------ the one-writer lock

  /** The run lock of a database: held while a run writes it. */
  public static final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        // the kernel drops the lock with the process anyway
      }
    }
  }

  /**
   * Takes the run lock of {@code db} ({@code db.lock} beside it): empty when another process holds
   * it and {@code wait} is false. The lock file names the holder's pid, for the busy message.
   */
  public static Optional<RunLock> lockForRun(Path db, boolean wait) throws IOException {
    Path lockFile = db.resolveSibling(db.getFileName() + ".lock");
    Path parent = lockFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FileChannel ch =
        FileChannel.open(
            lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock l = wait ? ch.lock() : ch.tryLock();
      if (l == null) {
        ch.close();
        return Optional.empty();
      }
      ch.truncate(0);
      ch.write(
          StandardCharsets.UTF_8.encode(
              ProcessHandle.current().pid() + " " + Instant.now() + "\n"));
      ch.force(false);
      return Optional.of(new RunLock(ch, l));
    } catch (OverlappingFileLockException e) {
      ch.close();
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Who holds the run lock of {@code db}, as its lock file says ({@code pid started}). */
  public static String lockHolder(Path db) {
    try {
      return Files.readString(db.resolveSibling(db.getFileName() + ".lock")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  // ------------------------------------------------------------------ sources and runs

  /** The id of a source, added on first sight. */
  public long source(String kind, String location, String selection) throws SQLException {
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT OR IGNORE INTO sources (kind, location, selection, added) VALUES (?, ?, ?, ?)")) {
      ins.setString(1, kind);
      ins.setString(2, location);
      ins.setString(3, selection);
      ins.setString(4, Instant.now().toString());
      ins.executeUpdate();
    }
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT id FROM sources WHERE kind = ? AND location = ? AND selection = ?")) {
      q.setString(1, kind);
      q.setString(2, location);
      q.setString(3, selection);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Records the start of a run; its id. */
  public long beginRun(String toolVersion, String ruleSet, String rules, String command)
      throws SQLException {
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO runs (started, tool_version, rule_set, rules, command) VALUES"
                + " (?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ins.setString(1, Instant.now().toString());
      ins.setString(2, toolVersion);
      ins.setString(3, ruleSet);
      ins.setString(4, rules);
      ins.setString(5, command);
      ins.executeUpdate();
      try (ResultSet rs = ins.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Records the end of a run with its counts. */
  public void finishRun(
      long run, long reviewed, long skipped, long failed, long unchanged, int status)
      throws SQLException {
    try (PreparedStatement u =
        c.prepareStatement(
            "UPDATE runs SET finished = ?, reviewed = ?, skipped = ?, failed = ?, unchanged = ?,"
                + " status = ? WHERE id = ?")) {
      u.setString(1, Instant.now().toString());
      u.setLong(2, reviewed);
      u.setLong(3, skipped);
      u.setLong(4, failed);
      u.setLong(5, unchanged);
      u.setInt(6, status);
      u.setLong(7, run);
      u.executeUpdate();
    }
  }

  /** A problem of a source not tied to one message (an epoch that cannot be opened). */
  public void problem(long run, Long source, String input, String text) throws SQLException {
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO problems (run_id, source_id, input, text) VALUES (?, ?, ?, ?)")) {
      ins.setLong(1, run);
      if (source == null) {
        ins.setNull(2, Types.INTEGER);
      } else {
        ins.setLong(2, source);
      }
      ins.setString(3, input);
      ins.setString(4, text);
      ins.executeUpdate();
    }
  }

  // ------------------------------------------------------------------ what is already there

  /**
   * How an item was last handled, for a rerun to decide whether it needs another look.
   *
   * @param digest the content digest recorded (mbox messages), empty otherwise
   * @param toolVersion the tool version it was handled with
   * @param ruleSet the rule set it was handled with
   * @param outcome reviewed, skipped or failed
   * @param reason why skipped or failed
   * @param kind what intake made of it (patch, reply, commit, ...)
   */
  public record Seen(
      String digest,
      String toolVersion,
      String ruleSet,
      String outcome,
      String reason,
      String kind) {}

  /**
   * A read-only lookup of recorded items, on its own connection so that the thread reading the
   * sources can ask while the writer writes (the write-ahead log lets both go on).
   */
  public final class Lookup implements AutoCloseable {
    private final Connection rc;
    private final PreparedStatement q;

    private final PreparedStatement byId;

    private Lookup() throws SQLException {
      rc = SqliteFile.open(file, BUSY_MILLIS, MIGRATIONS);
      q =
          rc.prepareStatement(
              "SELECT digest, tool_version, rule_set, outcome, reason, kind FROM messages"
                  + " WHERE source_id = ? AND item = ?");
      byId =
          rc.prepareStatement(
              "SELECT s.kind, s.location, m.item FROM messages m JOIN sources s ON s.id ="
                  + " m.source_id WHERE m.message_id = ? AND m.kind != '"
                  + DUPLICATE
                  + "' AND NOT (m.source_id = ? AND m.item = ?) ORDER BY m.id LIMIT 1");
    }

    /**
     * The other item recorded with this Message-ID first (not as a duplicate itself), as {@code
     * kind location item}: a mail cross-posted to two archives, or sent twice.
     */
    public Optional<String> firstWith(String messageId, long source, String item)
        throws SQLException {
      byId.setString(1, messageId);
      byId.setLong(2, source);
      byId.setString(3, item);
      try (ResultSet rs = byId.executeQuery()) {
        return rs.next()
            ? Optional.of(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3))
            : Optional.empty();
      }
    }

    /**
     * Whether the store holds any item of this source: none for a source a run reads for the first
     * time, whose items then need no {@link #seen} each.
     */
    public boolean anyRecorded(long source) throws SQLException {
      try (PreparedStatement any =
          rc.prepareStatement("SELECT 1 FROM messages WHERE source_id = ? LIMIT 1")) {
        any.setLong(1, source);
        try (ResultSet rs = any.executeQuery()) {
          return rs.next();
        }
      }
    }

    public Optional<Seen> seen(long source, String item) throws SQLException {
      q.setLong(1, source);
      q.setString(2, item);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new Seen(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6)))
            : Optional.empty();
      }
    }

    @Override
    public void close() throws SQLException {
      q.close();
      byId.close();
      rc.close();
    }
  }

  public Lookup lookup() throws SQLException {
    return new Lookup();
  }

  // ------------------------------------------------------------------ writing messages

  /**
   * One message or commit as handled by a run, with its findings.
   *
   * @param item the source's name for it: archive commit id, {@code #N} in an mbox, commit id
   * @param kind what intake made of it: patch, reply, cover-letter, commit, unreadable, ...
   * @param outcome reviewed, skipped or failed
   * @param reason why skipped or failed (one of a small set, for counting); empty when reviewed
   * @param detail the diagnostics, one a line
   * @param date ISO-8601 instant, or null when unknown
   */
  public record MessageRecord(
      long source,
      String item,
      String epoch,
      String digest,
      String messageId,
      String inReplyTo,
      String url,
      String subject,
      String title,
      String author,
      String date,
      String kind,
      int seriesVersion,
      int seriesIndex,
      int seriesTotal,
      String outcome,
      String reason,
      String detail,
      String files,
      boolean hunkOnly,
      List<FindingRow> findings)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public MessageRecord {
      findings = List.copyOf(findings);
    }
  }

  /**
   * A finding as the store records it: plain fields, so that a record can travel between processes
   * (the Spark job's executors and driver) and be written by {@link #write} there.
   *
   * @param patchLine the line of the patch, or null when the finding has none
   */
  public record FindingRow(
      String rule,
      String severity,
      String file,
      int line,
      int column,
      Integer patchLine,
      String function,
      String message,
      String sourceLine,
      String fix,
      String fingerprint,
      String lifecycle,
      boolean partial)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public static FindingRow of(Finding f) {
      return new FindingRow(
          f.ruleId(),
          f.severity().label(),
          f.location().file(),
          f.location().line(),
          f.location().column(),
          f.patchLine().isPresent() ? f.patchLine().getAsInt() : null,
          f.function(),
          f.message(),
          f.sourceLine(),
          f.fix(),
          f.fingerprint(),
          f.lifecycle().label(),
          f.partialContext());
    }
  }

  /**
   * Writes messages and their findings in one transaction: all of them or, killed half-way, none. A
   * message already recorded (a rerun reviewing it again after a tool or rule change, or an mbox
   * message that changed) is replaced with its findings.
   */
  public void write(List<MessageRecord> batch, long run, String toolVersion, String ruleSet)
      throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (PreparedStatement del =
            c.prepareStatement("DELETE FROM messages WHERE source_id = ? AND item = ?");
        PreparedStatement msg =
            c.prepareStatement(
                "INSERT INTO messages (source_id, item, epoch, digest, message_id, in_reply_to,"
                    + " url, subject, title, author, date, kind, series_version, series_index,"
                    + " series_total, outcome, reason, detail, files, hunk_only, tool_version,"
                    + " rule_set, run_id) VALUES"
                    + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS);
        PreparedStatement fnd =
            c.prepareStatement(
                "INSERT INTO findings (message, rule, severity, file, line, col, patch_line,"
                    + " function, text, source_line, fix, fingerprint, lifecycle, partial,"
                    + " tool_version, rule_set) VALUES"
                    + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (MessageRecord m : batch) {
        del.setLong(1, m.source());
        del.setString(2, m.item());
        del.executeUpdate();
        int i = 1;
        msg.setLong(i++, m.source());
        msg.setString(i++, m.item());
        msg.setString(i++, m.epoch());
        msg.setString(i++, m.digest());
        msg.setString(i++, m.messageId());
        msg.setString(i++, m.inReplyTo());
        msg.setString(i++, m.url());
        msg.setString(i++, m.subject());
        msg.setString(i++, m.title());
        msg.setString(i++, m.author());
        msg.setString(i++, m.date());
        msg.setString(i++, m.kind());
        msg.setInt(i++, m.seriesVersion());
        msg.setInt(i++, m.seriesIndex());
        msg.setInt(i++, m.seriesTotal());
        msg.setString(i++, m.outcome());
        msg.setString(i++, m.reason());
        msg.setString(i++, m.detail());
        msg.setString(i++, m.files());
        msg.setInt(i++, m.hunkOnly() ? 1 : 0);
        msg.setString(i++, toolVersion);
        msg.setString(i++, ruleSet);
        msg.setLong(i, run);
        msg.executeUpdate();
        if (m.findings().isEmpty()) {
          continue; // most mails: the row's id (one more query) is only for its findings
        }
        long id;
        try (ResultSet rs = msg.getGeneratedKeys()) {
          rs.next();
          id = rs.getLong(1);
        }
        for (FindingRow f : m.findings()) {
          int j = 1;
          fnd.setLong(j++, id);
          fnd.setString(j++, f.rule());
          fnd.setString(j++, f.severity());
          fnd.setString(j++, f.file());
          fnd.setInt(j++, f.line());
          fnd.setInt(j++, f.column());
          if (f.patchLine() != null) {
            fnd.setInt(j++, f.patchLine());
          } else {
            fnd.setNull(j++, Types.INTEGER);
          }
          fnd.setString(j++, f.function());
          fnd.setString(j++, f.message());
          fnd.setString(j++, f.sourceLine());
          fnd.setString(j++, f.fix());
          fnd.setString(j++, f.fingerprint());
          fnd.setString(j++, f.lifecycle());
          fnd.setInt(j++, f.partial() ? 1 : 0);
          fnd.setString(j++, toolVersion);
          fnd.setString(j, ruleSet);
          fnd.addBatch();
        }
        fnd.executeBatch();
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  // ------------------------------------------------------------------ series families

  /**
   * What series grouping needs of one recorded mail. A reply only links a thread: its title,
   * author, subject, series numbers and date are not read (empty, zero and null).
   *
   * @param row the message's row id
   */
  public record Head(
      long row,
      String messageId,
      String inReplyTo,
      String kind,
      String title,
      String author,
      String subject,
      int seriesVersion,
      int seriesIndex,
      int seriesTotal,
      String date)
      implements Serializable {}

  /** Every recorded mail that threads or series grouping can use, in row order. */
  public void heads(Consumer<Head> sink) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, kind, message_id, in_reply_to, title, author, subject, series_version,"
                    + " series_index, series_total, date FROM messages"
                    + " WHERE kind IN ('patch', 'reply', 'cover-letter') ORDER BY id")) {
      while (rs.next()) {
        String kind = text(rs, 2);
        sink.accept(
            kind.equals("reply")
                ? new Head(rs.getLong(1), text(rs, 3), text(rs, 4), kind, "", "", "", 0, 0, 0, null)
                : new Head(
                    rs.getLong(1),
                    text(rs, 3),
                    text(rs, 4),
                    kind,
                    text(rs, 5),
                    text(rs, 6),
                    text(rs, 7),
                    rs.getInt(8),
                    rs.getInt(9),
                    rs.getInt(10),
                    rs.getString(11)));
      }
    }
  }

  /**
   * A NOT NULL text column, as {@link ResultSet#getString} gives it but at half the cost: the
   * driver's getString goes through a direct buffer made for each value, getBytes copies the UTF-8
   * into an array.
   */
  private static String text(ResultSet rs, int column) throws SQLException {
    return new String(rs.getBytes(column), StandardCharsets.UTF_8);
  }

  /** One version of a family as the audit records it: its messages' rows. */
  public record SeriesRow(int version, int total, boolean complete, Long cover, List<Long> patches)
      implements Serializable {
    public SeriesRow {
      patches = List.copyOf(patches);
    }
  }

  /** One family: its versions, oldest first. */
  public record FamilyRow(String title, String author, List<SeriesRow> versions)
      implements Serializable {
    public FamilyRow {
      versions = List.copyOf(versions);
    }
  }

  /**
   * A finding of a family as version labelling sees it.
   *
   * @param id the finding's row
   */
  public record FamilyFinding(
      long id, int version, String fingerprint, String rule, String file, String function)
      implements Serializable {}

  /**
   * The introduced findings of each family, in row order, read in one pass over the findings.
   *
   * @param versionsOf for each family, the version of each of its messages, by row
   */
  public List<List<FamilyFinding>> introducedFindings(List<Map<Long, Integer>> versionsOf)
      throws SQLException {
    Map<Long, Integer> familyOf = new HashMap<>();
    List<List<FamilyFinding>> out = new ArrayList<>();
    for (Map<Long, Integer> versionOf : versionsOf) {
      for (Long row : versionOf.keySet()) {
        familyOf.put(row, out.size());
      }
      out.add(new ArrayList<>());
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, message, fingerprint, rule, file, function FROM findings"
                    + " WHERE lifecycle != 'pre-existing' ORDER BY id")) {
      while (rs.next()) {
        Integer family = familyOf.get(rs.getLong(2));
        if (family != null) {
          out.get(family)
              .add(
                  new FamilyFinding(
                      rs.getLong(1),
                      versionsOf.get(family).get(rs.getLong(2)),
                      text(rs, 3),
                      text(rs, 4),
                      text(rs, 5),
                      text(rs, 6)));
        }
      }
    }
    return out;
  }

  /** What version labelling decided for one family. */
  public record FamilyLabels(
      FamilyRow family, Map<Long, String> findingLabels, List<FixedRow> fixed)
      implements Serializable {}

  /** A finding an earlier version had and {@code version} no longer has. */
  public record FixedRow(
      int version, String fingerprint, String rule, String file, String function, int introduced)
      implements Serializable {}

  /**
   * Replaces every family, series and version label with {@code families}, in one transaction: the
   * grouping is recomputed from all recorded mails at the end of each run, so a run killed here
   * leaves the previous grouping and the rerun writes it again.
   *
   * <p>Families, series and fixes are numbered from 1 in the order given, as inserting them into
   * emptied tables would. A message's series and a finding's label are written only where they
   * change: rewriting the messages is most of the cost, and a rerun changes none of them.
   */
  public void replaceFamilies(Iterable<FamilyLabels> families) throws SQLException {
    Map<Long, Long> seriesOf = new HashMap<>();
    Map<Long, String> labelOf = new HashMap<>();
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement();
        PreparedStatement fam =
            c.prepareStatement(
                "INSERT INTO families (id, title, author, versions) VALUES (?, ?, ?, ?)");
        PreparedStatement ser =
            c.prepareStatement(
                "INSERT INTO series (id, family_id, version, total, complete, cover) VALUES"
                    + " (?, ?, ?, ?, ?, ?)");
        PreparedStatement fix =
            c.prepareStatement(
                "INSERT INTO fixed (family_id, version, fingerprint, rule, file, function,"
                    + " introduced_version) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.executeUpdate("DELETE FROM fixed");
      s.executeUpdate("DELETE FROM series");
      s.executeUpdate("DELETE FROM families");
      long familyId = 0;
      long seriesId = 0;
      for (FamilyLabels fl : families) {
        FamilyRow f = fl.family();
        fam.setLong(1, ++familyId);
        fam.setString(2, f.title());
        fam.setString(3, f.author());
        fam.setInt(4, f.versions().size());
        fam.addBatch();
        for (SeriesRow v : f.versions()) {
          ser.setLong(1, ++seriesId);
          ser.setLong(2, familyId);
          ser.setInt(3, v.version());
          ser.setInt(4, v.total());
          ser.setInt(5, v.complete() ? 1 : 0);
          if (v.cover() == null) {
            ser.setNull(6, Types.INTEGER);
          } else {
            ser.setLong(6, v.cover());
          }
          ser.addBatch();
          for (Long row : v.patches()) {
            seriesOf.put(row, seriesId);
          }
          if (v.cover() != null) {
            seriesOf.put(v.cover(), seriesId);
          }
        }
        labelOf.putAll(fl.findingLabels());
        for (FixedRow x : fl.fixed()) {
          fix.setLong(1, familyId);
          fix.setInt(2, x.version());
          fix.setString(3, x.fingerprint());
          fix.setString(4, x.rule());
          fix.setString(5, x.file());
          fix.setString(6, x.function());
          fix.setInt(7, x.introduced());
          fix.addBatch();
        }
      }
      fam.executeBatch();
      ser.executeBatch();
      fix.executeBatch();
      update(
          "SELECT id, series_id FROM messages WHERE series_id IS NOT NULL",
          "UPDATE messages SET series_id = ? WHERE id = ?",
          seriesOf,
          null);
      update(
          "SELECT id, version_label FROM findings WHERE version_label != ''",
          "UPDATE findings SET version_label = ? WHERE id = ?",
          labelOf,
          "");
      // dates of series, families and fixes from their messages, in SQL: one pass each
      s.executeUpdate(
          "UPDATE series SET date = (SELECT min(date) FROM messages m WHERE m.series_id ="
              + " series.id)");
      // (series has no index on family_id: a subquery per family would scan it each time)
      s.executeUpdate(
          "UPDATE families SET first_date = d.first, last_date = d.last FROM (SELECT family_id,"
              + " min(date) AS first, max(date) AS last FROM series GROUP BY family_id) d"
              + " WHERE d.family_id = families.id");
      s.executeUpdate(
          "UPDATE fixed SET fixed_date = (SELECT date FROM series WHERE series.family_id ="
              + " fixed.family_id AND series.version = fixed.version), introduced_date = (SELECT"
              + " date FROM series WHERE series.family_id = fixed.family_id AND series.version ="
              + " fixed.introduced_version)");
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /**
   * Sets one column of a table to {@code wanted} (by row; {@code none} for every other row),
   * writing only the rows whose value differs from what {@code current} (row, value of the rows not
   * {@code none}) reads. Rows are written in row order, so each page of the table is written once.
   */
  private <V> void update(String current, String set, Map<Long, V> wanted, V none)
      throws SQLException {
    TreeMap<Long, V> changes = new TreeMap<>(wanted);
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(current)) {
      while (rs.next()) {
        long row = rs.getLong(1);
        V want = wanted.get(row);
        if (want == null) {
          changes.put(row, none);
        } else if (want.toString().equals(rs.getString(2))) {
          changes.remove(row);
        }
      }
    }
    try (PreparedStatement p = c.prepareStatement(set)) {
      for (Map.Entry<Long, V> e : changes.entrySet()) {
        p.setObject(1, e.getValue());
        p.setLong(2, e.getKey());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  // ------------------------------------------------------------------ status

  /** Counts of one grouping, in a stable order. */
  public Map<String, Long> counts(String sql) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.put(String.valueOf(rs.getString(1)), rs.getLong(2));
      }
    }
    return out;
  }

  /** One number. */
  public long count(String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  @Override
  public void close() {
    try {
      c.close();
    } catch (SQLException e) {
      // nothing left to save: every write committed or rolled back already
    }
  }
}
