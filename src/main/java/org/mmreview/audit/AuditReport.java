package org.mmreview.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmreview.store.AuditStore;

/**
 * {@code audit report}: the database as one self-contained HTML page (ECharts inlined from the
 * webjar the build carries, never a CDN: the page works offline), or JSON, CSV and Markdown for
 * scripts and mail. Every format is built from the same queries ({@link #collect}).
 */
public final class AuditReport {

  /** The ECharts build the page inlines, from the org.webjars.npm:echarts jar. */
  static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

  /** The most findings the HTML table and the Markdown list carry; JSON and CSV carry all. */
  public static final int TABLE_CAP = 20_000;

  private final AuditStore store;

  public AuditReport(AuditStore store) {
    this.store = store;
  }

  /** The finding columns, as every format names them. */
  static final String FINDINGS =
      "SELECT m.date AS date, f.rule AS rule, f.severity AS severity, f.lifecycle AS lifecycle,"
          + " f.version_label AS version_label, f.file AS file, f.line AS line, f.col AS col,"
          + " f.function AS function, f.text AS message, f.source_line AS source_line,"
          + " f.fingerprint AS fingerprint, m.subject AS subject, m.author AS author,"
          + " m.message_id AS message_id, m.url AS url, s.kind AS source_kind, m.item AS item,"
          + " f.tool_version AS tool_version, f.rule_set AS rule_set FROM findings f JOIN"
          + " messages m ON m.id = f.message JOIN sources s ON s.id = m.source_id ORDER BY m.date,"
          + " m.id, f.file, f.line, f.col, f.rule";

  /** Everything a report shows. */
  Map<String, Object> collect(int cap) throws SQLException {
    Map<String, Object> r = new LinkedHashMap<>();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("database", store.file().toString());
    summary.put("messages", store.count("SELECT count(*) FROM messages"));
    summary.put(
        "by_outcome", store.counts("SELECT outcome, count(*) FROM messages GROUP BY outcome"));
    summary.put(
        "by_reason",
        store.counts(
            "SELECT outcome || ': ' || reason, count(*) FROM messages WHERE reason != '' GROUP BY"
                + " outcome, reason ORDER BY count(*) DESC"));
    summary.put("findings", store.count("SELECT count(*) FROM findings"));
    summary.put(
        "by_severity", store.counts("SELECT severity, count(*) FROM findings GROUP BY severity"));
    summary.put(
        "by_lifecycle",
        store.counts(
            "SELECT CASE lifecycle WHEN '' THEN 'none' ELSE lifecycle END, count(*) FROM findings"
                + " GROUP BY lifecycle"));
    summary.put(
        "by_rule",
        store.counts("SELECT rule, count(*) FROM findings GROUP BY rule ORDER BY count(*) DESC"));
    summary.put("families", store.count("SELECT count(*) FROM families"));
    summary.put(
        "families_with_versions", store.count("SELECT count(*) FROM families WHERE versions > 1"));
    summary.put("fixed_in_a_later_version", store.count("SELECT count(*) FROM fixed"));
    summary.put(
        "dates",
        store.counts(
            "SELECT coalesce(min(date), '') || ' .. ' || coalesce(max(date), ''), count(*) FROM"
                + " messages WHERE date IS NOT NULL"));
    r.put("summary", summary);
    r.put(
        "per_rule_month",
        rows(
            "SELECT substr(m.date, 1, 7) AS month, f.rule AS rule, count(*) AS n FROM findings f"
                + " JOIN messages m ON m.id = f.message WHERE m.date IS NOT NULL GROUP BY month,"
                + " f.rule ORDER BY month, f.rule",
            0));
    r.put(
        "top_files",
        rows(
            "SELECT file, count(*) AS n FROM findings GROUP BY file ORDER BY n DESC, file LIMIT 15",
            0));
    r.put(
        "top_functions",
        rows(
            "SELECT file || ': ' || function AS function, count(*) AS n FROM findings WHERE"
                + " function != '' GROUP BY file, function ORDER BY n DESC, function LIMIT 15",
            0));
    // a family's finding introduced in vK: fixed in a later version, or still in the last one
    r.put(
        "series_lifecycle",
        rows(
            "SELECT v AS introduced_in, sum(fixed) AS fixed_later, sum(1 - fixed) AS"
                + " still_in_last_version FROM (SELECT x.introduced_version AS v, 1 AS fixed FROM"
                + " fixed x JOIN families fa ON fa.id = x.family_id WHERE fa.versions > 1 UNION ALL"
                + " SELECT CAST(substr(f.version_label, instr(f.version_label, 'v') + 1) AS"
                + " INTEGER) AS v, 0 AS fixed FROM findings f JOIN messages m ON m.id = f.message"
                + " JOIN series s ON s.id = m.series_id JOIN families fa ON fa.id = s.family_id"
                + " WHERE fa.versions > 1 AND s.version = (SELECT max(version) FROM series WHERE"
                + " family_id = fa.id) AND f.version_label != '' GROUP BY fa.id, f.fingerprint)"
                + " GROUP BY v ORDER BY v",
            0));
    r.put(
        "time_to_fix_days",
        rows(
            "SELECT CAST(julianday(fixed_date) - julianday(introduced_date) AS INTEGER) AS days,"
                + " count(*) AS n FROM fixed WHERE fixed_date IS NOT NULL AND introduced_date IS"
                + " NOT NULL GROUP BY days ORDER BY days",
            0));
    r.put(
        "fixed",
        rows(
            "SELECT fa.title AS family, fa.author AS author, x.rule AS rule, x.file AS file,"
                + " x.function AS function, x.introduced_version AS introduced_in, x.version AS"
                + " fixed_in, x.introduced_date AS introduced_date, x.fixed_date AS fixed_date FROM"
                + " fixed x JOIN families fa ON fa.id = x.family_id ORDER BY x.fixed_date",
            cap));
    r.put("findings", rows(FINDINGS, cap));
    return r;
  }

  private List<Map<String, Object>> rows(String sql, int cap) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Statement s = store.connection().createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next() && (cap <= 0 || out.size() < cap)) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), rs.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ formats

  /** JSON: the summary, the chart data, every finding and fix. */
  public void json(PrintWriter out) throws SQLException {
    try {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(collect(0)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report data is not JSON: " + e.getMessage(), e);
    }
    out.flush();
  }

  /** CSV (RFC 4180): one row per finding, streamed from the database. */
  public void csv(PrintWriter out) throws SQLException {
    try (Statement s = store.connection().createStatement();
        ResultSet rs = s.executeQuery(FINDINGS)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> head = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        head.add(md.getColumnLabel(i));
      }
      out.print(String.join(",", head) + "\r\n");
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          cells.add(csvCell(rs.getString(i)));
        }
        out.print(String.join(",", cells) + "\r\n");
      }
    }
    out.flush();
  }

  static String csvCell(String v) {
    if (v == null) {
      return "";
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  /** Markdown for a mail or an issue: counts, top rules and files, fixes, the findings. */
  @SuppressWarnings("unchecked")
  public void markdown(PrintWriter out, int cap) throws SQLException {
    Map<String, Object> r = collect(cap);
    Map<String, Object> s = (Map<String, Object>) r.get("summary");
    out.println("# mmreview audit");
    out.println();
    out.println(
        "Database `"
            + s.get("database")
            + "`: "
            + s.get("messages")
            + " messages and"
            + " commits, "
            + s.get("findings")
            + " findings.");
    out.println();
    out.println("| outcome | messages |");
    out.println("|---|---:|");
    ((Map<String, Long>) s.get("by_outcome"))
        .forEach((k, v) -> out.println("| " + k + " | " + v + " |"));
    ((Map<String, Long>) s.get("by_reason"))
        .forEach((k, v) -> out.println("| " + md(k) + " | " + v + " |"));
    out.println();
    out.println("| findings by | count |");
    out.println("|---|---:|");
    ((Map<String, Long>) s.get("by_severity"))
        .forEach((k, v) -> out.println("| severity " + k + " | " + v + " |"));
    ((Map<String, Long>) s.get("by_lifecycle"))
        .forEach((k, v) -> out.println("| lifecycle " + k + " | " + v + " |"));
    ((Map<String, Long>) s.get("by_rule"))
        .forEach((k, v) -> out.println("| rule " + k + " | " + v + " |"));
    out.println(
        "| fixed in a later version of the series | " + s.get("fixed_in_a_later_version") + " |");
    out.println();
    out.println("## Top files");
    out.println();
    for (Map<String, Object> f : (List<Map<String, Object>>) r.get("top_files")) {
      out.println("- `" + f.get("file") + "`: " + f.get("n"));
    }
    out.println();
    out.println("## Findings");
    out.println();
    out.println("| date | rule | severity | label | where | message | patch |");
    out.println("|---|---|---|---|---|---|---|");
    List<Map<String, Object>> findings = (List<Map<String, Object>>) r.get("findings");
    for (Map<String, Object> f : findings) {
      String label = String.valueOf(f.get("lifecycle"));
      if (!String.valueOf(f.get("version_label")).isEmpty()) {
        label += ", " + f.get("version_label");
      }
      String subject = md(String.valueOf(f.get("subject")));
      String url = String.valueOf(f.get("url"));
      out.println(
          "| "
              + shortDate(f.get("date"))
              + " | "
              + f.get("rule")
              + " | "
              + f.get("severity")
              + " | "
              + label
              + " | `"
              + f.get("file")
              + ":"
              + f.get("line")
              + "` | "
              + md(String.valueOf(f.get("message")))
              + " | "
              + (url.isEmpty() ? subject : "[" + subject + "](" + url + ")")
              + " |");
    }
    long total = (Long) s.get("findings");
    if (total > findings.size()) {
      out.println();
      out.println("(" + (total - findings.size()) + " more findings: see --format=csv or json)");
    }
    out.flush();
  }

  private static String md(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static String shortDate(Object date) {
    String d = String.valueOf(date);
    return d.length() >= 10 ? d.substring(0, 10) : d;
  }

  /** The HTML page: charts and a sortable, filterable table, with no network at view time. */
  public void html(PrintWriter out) throws SQLException, IOException {
    String data;
    try {
      data = new ObjectMapper().writeValueAsString(collect(TABLE_CAP));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report data is not JSON: " + e.getMessage(), e);
    }
    String page = resource("/org/mmreview/audit/report.html");
    // "</" inside a script element would end it: escaped the way JSON allows
    String safeData = data.replace("</", "<\\/").replace("<!--", "<\\!--");
    String echarts = resource(ECHARTS).replace("</script", "<\\/script");
    int at = page.indexOf("/*ECHARTS*/");
    int dataAt = page.indexOf("/*DATA*/");
    out.print(page.substring(0, at));
    out.print(echarts);
    out.print(page.substring(at + "/*ECHARTS*/".length(), dataAt));
    out.print(safeData);
    out.print(page.substring(dataAt + "/*DATA*/".length()));
    out.flush();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = AuditReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name + " (a broken build)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The formats {@code --format} takes. */
  public static boolean knows(String format) {
    return List.of("html", "json", "csv", "markdown").contains(format.toLowerCase(Locale.ROOT));
  }
}
