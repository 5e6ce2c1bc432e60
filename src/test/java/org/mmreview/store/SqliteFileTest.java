package org.mmreview.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteFileTest {
  @TempDir Path dir;

  @Test
  void migratesOnceAndKeepsTheVersion() throws Exception {
    Path db = dir.resolve("a/b.db");
    List<String> v1 = List.of("CREATE TABLE t (x INTEGER);\nINSERT INTO t VALUES (1);\n");
    try (Connection c = SqliteFile.open(db, 1000, v1)) {
      assertEquals(1, SqliteFile.version(c));
    }
    List<String> v2 = List.of(v1.get(0), "ALTER TABLE t ADD COLUMN y TEXT;\n");
    try (Connection c = SqliteFile.open(db, 1000, v2);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
      assertEquals(2, SqliteFile.version(c));
      rs.next();
      assertEquals(1, rs.getInt(1), "the first migration ran once");
    }
    try (Connection c = SqliteFile.open(db, 1000, v2);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertEquals("wal", rs.getString(1));
    }
  }

  @Test
  void refusesAFileFromANewerRelease() throws Exception {
    Path db = dir.resolve("n.db");
    SqliteFile.open(db, 1000, List.of("CREATE TABLE t (x);\n", "CREATE TABLE u (y);\n")).close();
    var e =
        assertThrows(
            SqliteFile.StoreException.class,
            () -> SqliteFile.open(db, 1000, List.of("CREATE TABLE t (x);\n")));
    assertTrue(e.getMessage().startsWith(db + ": schema version 2 is newer"), e.getMessage());
  }

  @Test
  void aFailedMigrationLeavesTheOldVersion() throws Exception {
    Path db = dir.resolve("f.db");
    SqliteFile.open(db, 1000, List.of("CREATE TABLE t (x);\n")).close();
    assertThrows(
        SqliteFile.StoreException.class,
        () ->
            SqliteFile.open(
                db, 1000, List.of("CREATE TABLE t (x);\n", "CREATE TABLE u (y);\nBROKEN SQL;\n")));
    try (Connection c = SqliteFile.open(db, 1000, List.of("CREATE TABLE t (x);\n"))) {
      assertEquals(1, SqliteFile.version(c));
    }
  }
}
