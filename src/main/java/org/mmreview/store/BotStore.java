package org.mmreview.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The bot's state, one SQLite file: where each archive was read up to, every message seen (patch
 * mails kept whole until their series is reviewed), the series and their progress, the lines humans
 * already commented on, the fingerprints each version of a series family had, and the replies with
 * their outbox state. Everything a {@code kill -9} must not lose or repeat is written in one
 * transaction with the step it records, so a rerun continues where the last one stopped.
 *
 * <p>A reply goes {@code prepared} → {@code sending} → {@code sent} (or {@code prepared} → {@code
 * written} in a dry run); a {@code sending} reply found on start may or may not have left, and is
 * checked before anything is sent again. One reply per patch is a unique key, not a convention.
 */
public final class BotStore implements AutoCloseable {

  /** Schema versions, oldest first: never edit one that has shipped, add the next. */
  static final List<String> MIGRATIONS =
      List.of(
          """
          CREATE TABLE cursor (inbox TEXT PRIMARY KEY, last_commit TEXT NOT NULL);
          CREATE TABLE message (
            message_id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            date_millis INTEGER NOT NULL,
            category TEXT NOT NULL,
            raw BLOB,
            processed INTEGER NOT NULL DEFAULT 0);
          CREATE INDEX message_pending ON message(processed, date_millis);
          CREATE TABLE series (
            series_key TEXT PRIMARY KEY,
            family TEXT NOT NULL,
            version INTEGER NOT NULL,
            total INTEGER NOT NULL,
            title TEXT NOT NULL,
            cover_id TEXT,
            first_seen INTEGER NOT NULL,
            complete_at INTEGER,
            state TEXT NOT NULL DEFAULT 'waiting',
            note TEXT NOT NULL DEFAULT '');
          CREATE INDEX series_waiting ON series(state);
          CREATE TABLE series_patch (
            message_id TEXT PRIMARY KEY,
            series_key TEXT NOT NULL REFERENCES series(series_key),
            idx INTEGER NOT NULL);
          CREATE TABLE concern (target_id TEXT NOT NULL, line TEXT NOT NULL,
            PRIMARY KEY (target_id, line));
          CREATE TABLE family_finding (family TEXT NOT NULL, version INTEGER NOT NULL,
            fingerprint TEXT NOT NULL, PRIMARY KEY (family, version, fingerprint));
          CREATE TABLE family_version (family TEXT NOT NULL, version INTEGER NOT NULL,
            PRIMARY KEY (family, version));
          CREATE TABLE reply (
            patch_id TEXT PRIMARY KEY,
            reply_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'reply',
            state TEXT NOT NULL,
            created INTEGER NOT NULL,
            done_at INTEGER,
            mail BLOB NOT NULL);
          CREATE TABLE skip (subject_id TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL,
            PRIMARY KEY (subject_id, reason, detail));
          """);

  private final Connection c;

  private BotStore(Connection c) {
    this.c = c;
  }

  /** Opens (creating and migrating) the bot's state file. */
  public static BotStore open(Path file) {
    return new BotStore(SqliteFile.open(file, 10_000, MIGRATIONS));
  }

  /** Runs {@code work} in one transaction: all of it is recorded, or none. */
  public void transaction(SqlWork work) {
    try {
      c.setAutoCommit(false);
      try {
        work.run();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new SqliteFile.StoreException("bot state: " + SqliteFile.describe(e), e);
    }
  }

  /** A step of a transaction. */
  @FunctionalInterface
  public interface SqlWork {
    void run() throws SQLException;
  }

  /** Where reading {@code inbox} stopped: the last archive commit taken in. */
  public Optional<String> cursor(String inbox) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT last_commit FROM cursor WHERE inbox=?")) {
      s.setString(1, inbox);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  public void setCursor(String inbox, String commit) throws SQLException {
    update("INSERT OR REPLACE INTO cursor(inbox, last_commit) VALUES (?, ?)", inbox, commit);
  }

  /**
   * Records a message read from an archive; a message-id already seen (a rerun, a cross-post) is
   * left as it was.
   *
   * @return true when it is new
   */
  public boolean addMessage(String id, String source, long dateMillis, String category, byte[] raw)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT OR IGNORE INTO message(message_id, source, date_millis, category, raw)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, source);
      s.setLong(3, dateMillis);
      s.setString(4, category);
      s.setBytes(5, raw);
      return s.executeUpdate() == 1;
    }
  }

  /** A message not processed yet. */
  public record Pending(String id, String source, long dateMillis, String category, byte[] raw) {}

  /** Up to {@code limit} unprocessed messages, oldest date first. */
  public List<Pending> pending(int limit) throws SQLException {
    List<Pending> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT message_id, source, date_millis, category, raw FROM message WHERE processed=0"
                + " ORDER BY date_millis, rowid LIMIT ?")) {
      s.setInt(1, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Pending(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getLong(3),
                  rs.getString(4),
                  rs.getBytes(5)));
        }
      }
    }
    return out;
  }

  public void markProcessed(String id) throws SQLException {
    update("UPDATE message SET processed=1 WHERE message_id=?", id);
  }

  /** True when a message with this id was read from an archive (the bot's own reply, echoed). */
  public boolean seen(String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM message WHERE message_id=?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The raw mail of a message, when kept. */
  public Optional<byte[]> raw(String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT raw FROM message WHERE message_id=?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBytes(1) != null ? Optional.of(rs.getBytes(1)) : Optional.empty();
      }
    }
  }

  /** Drops the kept mail of a reviewed patch: the store does not grow with the archive's bodies. */
  public void dropRaw(String id) throws SQLException {
    update("UPDATE message SET raw=NULL WHERE message_id=?", id);
  }

  /** One series as the store tracks it. */
  public record SeriesRow(
      String key,
      String family,
      int version,
      int total,
      String title,
      Optional<String> coverId,
      long firstSeen,
      Optional<Long> completeAt,
      String state,
      String note) {}

  /** Creates the series on its first message; later messages leave it as it is. */
  public void addSeries(String key, String family, int version, int total, String title, long at)
      throws SQLException {
    update(
        "INSERT OR IGNORE INTO series(series_key, family, version, total, title, first_seen)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        key,
        family,
        version,
        total,
        title,
        at);
  }

  public void setCover(String key, String coverId, String family, String title)
      throws SQLException {
    update(
        "UPDATE series SET cover_id=?, family=?, title=? WHERE series_key=?",
        coverId,
        family,
        title,
        key);
  }

  public void addPatch(String key, String messageId, int index) throws SQLException {
    update(
        "INSERT OR IGNORE INTO series_patch(message_id, series_key, idx) VALUES (?, ?, ?)",
        messageId,
        key,
        index);
  }

  public void setComplete(String key, long at) throws SQLException {
    update("UPDATE series SET complete_at=? WHERE series_key=? AND complete_at IS NULL", at, key);
  }

  public void setSeriesState(String key, String state, String note) throws SQLException {
    update("UPDATE series SET state=?, note=? WHERE series_key=?", state, note, key);
  }

  public Optional<SeriesRow> series(String key) throws SQLException {
    List<SeriesRow> rows = seriesWhere("series_key=?", key);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** Series still waiting to be reviewed. */
  public List<SeriesRow> waiting() throws SQLException {
    return seriesWhere("state='waiting'");
  }

  private List<SeriesRow> seriesWhere(String where, Object... args) throws SQLException {
    List<SeriesRow> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT series_key, family, version, total, title, cover_id, first_seen, complete_at,"
                + " state, note FROM series WHERE "
                + where
                + " ORDER BY first_seen, series_key")) {
      bind(s, args);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long complete = rs.getLong(8);
          boolean noComplete = rs.wasNull();
          out.add(
              new SeriesRow(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getInt(3),
                  rs.getInt(4),
                  rs.getString(5),
                  Optional.ofNullable(rs.getString(6)),
                  rs.getLong(7),
                  noComplete ? Optional.empty() : Optional.of(complete),
                  rs.getString(9),
                  rs.getString(10)));
        }
      }
    }
    return out;
  }

  /** The patches of a series by index, message-ids. */
  public Map<Integer, String> patches(String key) throws SQLException {
    Map<Integer, String> out = new TreeMap<>();
    try (PreparedStatement s =
        c.prepareStatement("SELECT idx, message_id FROM series_patch WHERE series_key=?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.putIfAbsent(rs.getInt(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  /** Records that a human's reply to {@code targetId} commented under the quoted {@code line}. */
  public void addConcern(String targetId, String line) throws SQLException {
    update("INSERT OR IGNORE INTO concern(target_id, line) VALUES (?, ?)", targetId, line);
  }

  /** The quoted lines humans commented under, in replies to {@code targetId}. */
  public Set<String> concerns(String targetId) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (PreparedStatement s = c.prepareStatement("SELECT line FROM concern WHERE target_id=?")) {
      s.setString(1, targetId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Records the introduced findings of one version of a family (and that the version exists). */
  public void addFamilyFindings(String family, int version, Set<String> fingerprints)
      throws SQLException {
    update("INSERT OR IGNORE INTO family_version(family, version) VALUES (?, ?)", family, version);
    for (String fp : fingerprints) {
      update(
          "INSERT OR IGNORE INTO family_finding(family, version, fingerprint) VALUES (?, ?, ?)",
          family,
          version,
          fp);
    }
  }

  /** Each recorded version of a family and its fingerprints. */
  public Map<Integer, Set<String>> familyFindings(String family) throws SQLException {
    Map<Integer, Set<String>> out = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement("SELECT version FROM family_version WHERE family=?")) {
      s.setString(1, family);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getInt(1), new LinkedHashSet<>());
        }
      }
    }
    try (PreparedStatement s =
        c.prepareStatement("SELECT version, fingerprint FROM family_finding WHERE family=?")) {
      s.setString(1, family);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getInt(1), v -> new LinkedHashSet<>()).add(rs.getString(2));
        }
      }
    }
    return out;
  }

  /** One reply and where it stands. */
  public record ReplyRow(
      String patchId, String replyId, String kind, String state, long created, byte[] mail) {}

  /** True when a reply (in any state) exists for this patch. */
  public boolean hasReply(String patchId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM reply WHERE patch_id=?")) {
      s.setString(1, patchId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Records a prepared reply; a patch that already has one keeps it.
   *
   * @return true when recorded
   */
  public boolean prepare(String patchId, String replyId, String kind, long at, byte[] mail)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT OR IGNORE INTO reply(patch_id, reply_id, kind, state, created, mail)"
                + " VALUES (?, ?, ?, 'prepared', ?, ?)")) {
      s.setString(1, patchId);
      s.setString(2, replyId);
      s.setString(3, kind);
      s.setLong(4, at);
      s.setBytes(5, mail);
      return s.executeUpdate() == 1;
    }
  }

  /** Replies in {@code state}, oldest first. */
  public List<ReplyRow> replies(String state) throws SQLException {
    List<ReplyRow> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT patch_id, reply_id, kind, state, created, mail FROM reply WHERE state=?"
                + " ORDER BY created, rowid")) {
      s.setString(1, state);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ReplyRow(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getLong(5),
                  rs.getBytes(6)));
        }
      }
    }
    return out;
  }

  public void setReplyState(String replyId, String state, long at) throws SQLException {
    update("UPDATE reply SET state=?, done_at=? WHERE reply_id=?", state, at, replyId);
  }

  /** Replies sent or written since {@code sinceMillis}, for the hourly limit. */
  public int doneSince(long sinceMillis) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT count(*) FROM reply WHERE state IN ('sent','written','sending')"
                + " AND done_at >= ?")) {
      s.setLong(1, sinceMillis);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /** Records why something was not replied to (once per subject, reason and detail). */
  public void skip(String subjectId, String reason, String detail) throws SQLException {
    update(
        "INSERT OR IGNORE INTO skip(subject_id, reason, detail) VALUES (?, ?, ?)",
        subjectId,
        reason,
        detail);
  }

  /** Counts by a column of a table, for the summary: replies by state, skips by reason. */
  public Map<String, Integer> counts(String what) throws SQLException {
    String sql =
        switch (what) {
          case "reply" -> "SELECT state, count(*) FROM reply GROUP BY state";
          case "skip" -> "SELECT reason, count(*) FROM skip GROUP BY reason";
          case "series" -> "SELECT state, count(*) FROM series GROUP BY state";
          case "message" -> "SELECT category, count(*) FROM message GROUP BY category";
          default -> throw new IllegalArgumentException(what);
        };
    Map<String, Integer> out = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getInt(2));
      }
    }
    return out;
  }

  private void update(String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      s.executeUpdate();
    }
  }

  private static void bind(PreparedStatement s, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
  }

  @Override
  public void close() {
    try {
      c.close();
    } catch (SQLException e) {
      // closing after a kill or a failed transaction: nothing left to save
    }
  }
}
