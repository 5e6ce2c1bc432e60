package org.mmreview.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;

/**
 * Opens the SQLite file of the audit or the bot: write-ahead log (a reader never blocks the writer,
 * and a {@code kill -9} loses at most the transaction in flight), synchronous commits, foreign
 * keys, a busy timeout, and the schema migrated to its newest version on open. Versions live in
 * SQLite's own {@code user_version}; migration {@code i} takes the file from version {@code i} to
 * {@code i + 1} in one transaction, so an interrupted migration leaves the old version whole.
 */
public final class SqliteFile {

  /** The file could not be opened or migrated: say which and why, in one line. */
  public static final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private SqliteFile() {}

  /**
   * Loads SQLite's native library (unpacked from the driver's jar on first use, ~0.2 s) ahead of
   * the first {@link #open}, which can then run sooner; a failure here is left for that open to
   * report.
   */
  public static void loadLibrary() {
    try {
      SQLiteJDBCLoader.initialize();
    } catch (Exception e) {
      // open tries again and says why it cannot
    }
  }

  /**
   * Opens {@code file} (created if absent), waiting up to {@code busyMillis} for another process
   * that holds the write lock, and applies the migrations it has not seen yet.
   *
   * @param migrations SQL scripts (statements separated by {@code ;} at the end of a line), one per
   *     schema version, oldest first; never edit one that has shipped, add the next
   */
  public static Connection open(Path file, int busyMillis, List<String> migrations) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      config.enforceForeignKeys(true);
      config.setBusyTimeout(busyMillis);
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
      try {
        migrate(c, migrations);
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
      return c;
    } catch (SQLException e) {
      throw new StoreException(file + ": " + describe(e), e);
    } catch (IOException e) {
      throw new StoreException(file + ": cannot create its directory: " + e.getMessage(), e);
    }
  }

  /** The schema version a connection's file is at. */
  public static int version(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        var rs = s.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static void migrate(Connection c, List<String> migrations) throws SQLException {
    int at = version(c);
    if (at > migrations.size()) {
      throw new SQLException(
          "schema version "
              + at
              + " is newer than this mmreview knows ("
              + migrations.size()
              + "): written by a newer release");
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      for (int v = at; v < migrations.size(); v++) {
        try (Statement s = c.createStatement()) {
          for (String sql : migrations.get(v).split(";\\s*\\n")) {
            if (!sql.isBlank()) {
              s.execute(sql);
            }
          }
          s.execute("PRAGMA user_version = " + (v + 1));
        }
        c.commit();
      }
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /** SQLite's message for a busy or locked file says what a user can do about it. */
  public static String describe(SQLException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("SQLITE_BUSY") || m.contains("database is locked")) {
      return "the database is busy: another mmreview process is writing it (wait for it, or use"
          + " another --db)";
    }
    return m;
  }
}
