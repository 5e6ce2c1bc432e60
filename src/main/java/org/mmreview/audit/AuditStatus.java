package org.mmreview.audit;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Map;
import org.mmreview.store.AuditStore;
import org.mmreview.store.SqliteFile;

/** {@code audit status}: what the database holds, by outcome, reason, label and run. */
public final class AuditStatus {
  private AuditStatus() {}

  public static void print(AuditStore store, PrintWriter out) throws SQLException {
    out.println(
        "database: "
            + store.file()
            + " (schema version "
            + SqliteFile.version(store.connection())
            + ")");
    out.println("sources:");
    for (Map.Entry<String, Long> e :
        store
            .counts(
                "SELECT s.kind || ' ' || s.location || CASE WHEN s.selection = '' THEN '' ELSE ' '"
                    + " || s.selection END, count(m.id) FROM sources s LEFT JOIN messages m ON"
                    + " m.source_id = s.id GROUP BY s.id ORDER BY s.id")
            .entrySet()) {
      out.println("  " + e.getKey() + ": " + e.getValue() + " messages");
    }
    long total = store.count("SELECT count(*) FROM messages");
    Map<String, Long> outcomes =
        store.counts("SELECT outcome, count(*) FROM messages GROUP BY outcome");
    out.println(
        "messages: "
            + total
            + " ("
            + outcomes.getOrDefault("reviewed", 0L)
            + " reviewed, "
            + outcomes.getOrDefault("skipped", 0L)
            + " skipped, "
            + outcomes.getOrDefault("failed", 0L)
            + " failed)");
    section(
        out,
        "skipped, by reason",
        store.counts(
            "SELECT reason, count(*) FROM messages WHERE outcome = 'skipped' GROUP BY reason"
                + " ORDER BY count(*) DESC, reason"));
    section(
        out,
        "failed, by reason",
        store.counts(
            "SELECT reason, count(*) FROM messages WHERE outcome = 'failed' GROUP BY reason"
                + " ORDER BY count(*) DESC, reason"));
    out.println(
        "findings: "
            + store.count("SELECT count(*) FROM findings")
            + " in "
            + store.count("SELECT count(DISTINCT message) FROM findings")
            + " messages ("
            + store.count("SELECT count(DISTINCT fingerprint) FROM findings")
            + " distinct fingerprints)");
    section(
        out,
        "by severity",
        store.counts(
            "SELECT severity, count(*) FROM findings GROUP BY severity ORDER BY CASE severity"
                + " WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"));
    section(
        out,
        "by lifecycle",
        store.counts(
            "SELECT CASE lifecycle WHEN '' THEN '(none)' ELSE lifecycle END, count(*) FROM"
                + " findings GROUP BY lifecycle ORDER BY count(*) DESC"));
    section(
        out,
        "by version label",
        store.counts(
            "SELECT CASE WHEN version_label = '' THEN '(not in a series)' WHEN version_label LIKE"
                + " 'new in v1' THEN 'new in v1' WHEN version_label LIKE 'new in%' THEN 'new in"
                + " a later version' ELSE 'still present since an earlier version' END AS k,"
                + " count(*) FROM findings GROUP BY k ORDER BY count(*) DESC"));
    out.println(
        "fixed in a later version: "
            + store.count("SELECT count(*) FROM fixed")
            + " (families: "
            + store.count("SELECT count(*) FROM families")
            + ", with more than one version: "
            + store.count("SELECT count(*) FROM families WHERE versions > 1")
            + ")");
    section(
        out,
        "by rule",
        store.counts(
            "SELECT rule, count(*) FROM findings GROUP BY rule ORDER BY count(*) DESC, rule"));
    out.println("runs:");
    for (Map.Entry<String, Long> e :
        store
            .counts(
                "SELECT '#' || id || ' ' || started || ' → ' || coalesce(finished, 'did not"
                    + " finish (killed or interrupted: run again to continue)') || ', '"
                    + " || reviewed || ' reviewed, ' || skipped || ' skipped, ' || failed || '"
                    + " failed, ' || unchanged || ' unchanged; tool ' || tool_version || ', rules '"
                    + " || rule_set, coalesce(status, -1) FROM runs ORDER BY id DESC LIMIT 10")
            .entrySet()) {
      out.println("  " + e.getKey() + (e.getValue() >= 0 ? ", exit " + e.getValue() : ""));
    }
    out.flush();
  }

  private static void section(PrintWriter out, String title, Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return;
    }
    out.println("  " + title + ":");
    counts.forEach((k, v) -> out.println("    " + k + ": " + v));
  }
}
