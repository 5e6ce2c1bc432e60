package org.mmreview.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mmreview.audit.MessageAudit;
import org.mmreview.audit.ReviewerStamp;
import org.mmreview.rules.RuleSet;
import org.mmreview.store.AuditStore;
import org.mmreview.store.AuditStore.FamilyLabels;
import org.mmreview.store.AuditStore.FamilyRow;
import org.mmreview.store.AuditStore.FindingRow;
import org.mmreview.store.AuditStore.FixedRow;
import org.mmreview.store.AuditStore.MessageRecord;
import org.mmreview.store.AuditStore.SeriesRow;

/**
 * The driver-side step: the Parquet tables of a run written as the SQLite database {@code mmreview
 * audit report} reads, through the store's own writes (messages with their findings in batches,
 * then the families with the labels the job computed, its ids mapped to the database's rows). The
 * rows stream through the driver in archive order: its memory holds the id maps, not the tables.
 */
final class SqliteExport {
  private static final int BATCH = 256;

  private SqliteExport() {}

  static void write(
      SparkSession spark, String out, Path db, List<String> enableRules, String command)
      throws IOException, SQLException {
    if (Files.exists(db)) {
      throw new IOException(db + ": exists; the export writes a new database");
    }
    Dataset<Row> messages = spark.read().parquet(out + "/messages").orderBy("seq");
    Dataset<Row> findings = spark.read().parquet(out + "/findings").orderBy("seq", "idx");
    RuleSet rules = SparkAudit.rules(enableRules);
    ReviewerStamp stamp = ReviewerStamp.of(rules);
    try (AuditStore store = AuditStore.open(db)) {
      long run = store.beginRun(stamp.toolVersion(), stamp.ruleSet(), stamp.rules(), command);
      Map<String, Long> sources = new HashMap<>();
      Map<Long, Long> seqOfRowKey = new HashMap<>(); // filled after writing
      Map<String, Long> seqOfItem = new HashMap<>();
      Map<Long, String> labelOf = new HashMap<>();
      long[] counts = new long[5]; // reviewed, skipped, failed; unreadable, ours
      Iterator<Row> fs = findings.toLocalIterator();
      Row pending = fs.hasNext() ? fs.next() : null;
      List<MessageRecord> batch = new ArrayList<>();
      // rows carried over from an earlier run keep the stamp they were reviewed with, as in the
      // embedded store; a batch is written with one stamp
      String[] batchStamp = {stamp.toolVersion(), stamp.ruleSet()};
      for (Iterator<Row> ms = messages.toLocalIterator(); ms.hasNext(); ) {
        Row m = ms.next();
        long seq = m.<Long>getAs("seq");
        String epochDir = m.getAs("epoch_dir");
        Long source = sources.get(epochDir);
        if (source == null) {
          source = store.source("inbox", epochDir, "");
          sources.put(epochDir, source);
        }
        List<FindingRow> own = new ArrayList<>();
        while (pending != null && pending.<Long>getAs("seq") < seq) {
          pending = fs.hasNext() ? fs.next() : null; // a finding without its message: none
        }
        while (pending != null && pending.<Long>getAs("seq") == seq) {
          own.add(Tables.finding(pending));
          String label = pending.getAs("version_label");
          if (label != null && !label.isEmpty()) {
            labelOf.put(pending.<Long>getAs("finding_id"), label);
          }
          pending = fs.hasNext() ? fs.next() : null;
        }
        MessageRecord rec = Tables.message(m, source, own);
        String toolVersion = m.getAs("tool_version");
        String ruleSet = m.getAs("rule_set");
        if (!batch.isEmpty()
            && (!toolVersion.equals(batchStamp[0]) || !ruleSet.equals(batchStamp[1]))) {
          store.write(batch, run, batchStamp[0], batchStamp[1]);
          batch.clear();
        }
        batchStamp[0] = toolVersion;
        batchStamp[1] = ruleSet;
        seqOfItem.put(source + " " + rec.item(), seq);
        switch (rec.outcome()) {
          case "reviewed" -> counts[0]++;
          case "skipped" -> counts[1]++;
          default -> counts[2]++;
        }
        if (rec.reason().equals(MessageAudit.UNREADABLE)) {
          counts[3]++;
        } else if (rec.reason().equals(MessageAudit.INTERNAL)) {
          counts[4]++;
        }
        batch.add(rec);
        if (batch.size() >= BATCH) {
          store.write(batch, run, batchStamp[0], batchStamp[1]);
          batch.clear();
        }
      }
      store.write(batch, run, batchStamp[0], batchStamp[1]);
      long problems = 0;
      for (Iterator<Row> it = spark.read().parquet(out + "/problems").toLocalIterator();
          it.hasNext(); ) {
        Row r = it.next();
        store.problem(run, null, r.getAs("input"), r.getAs("text"));
        problems++;
      }

      // the job's ids (seq, finding id) to the database's rows
      Map<Long, Long> rowOfSeq = new HashMap<>();
      Map<Long, Long> findingRowOf = new HashMap<>();
      try (Statement s = store.connection().createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT id, source_id, item FROM messages")) {
          while (rs.next()) {
            Long seq = seqOfItem.get(rs.getLong(2) + " " + rs.getString(3));
            if (seq != null) {
              rowOfSeq.put(seq, rs.getLong(1));
              seqOfRowKey.put(rs.getLong(1), seq);
            }
          }
        }
        try (ResultSet rs = s.executeQuery("SELECT id, message FROM findings ORDER BY id")) {
          long lastMessage = -1;
          int index = 0;
          while (rs.next()) {
            long message = rs.getLong(2);
            index = message == lastMessage ? index + 1 : 0;
            lastMessage = message;
            Long seq = seqOfRowKey.get(message);
            if (seq != null) {
              findingRowOf.put(SparkAudit.findingId(seq, index), rs.getLong(1));
            }
          }
        }
      }

      // the families as the job labelled them
      Map<Integer, List<SeriesRow>> versions = new LinkedHashMap<>();
      Map<Integer, String[]> names = new HashMap<>();
      Map<Long, Integer> familyOfRow = new HashMap<>();
      for (Iterator<Row> it =
              spark.read().parquet(out + "/lifecycles").orderBy("family", "version").toLocalIterator();
          it.hasNext(); ) {
        Row r = it.next();
        int family = r.<Integer>getAs("family");
        List<Long> patches = new ArrayList<>();
        for (Object p : r.getList(r.fieldIndex("patches"))) {
          Long row = rowOfSeq.get((Long) p);
          patches.add(row);
          familyOfRow.put(row, family);
        }
        Long cover =
            r.isNullAt(r.fieldIndex("cover")) ? null : rowOfSeq.get(r.<Long>getAs("cover"));
        versions
            .computeIfAbsent(family, k -> new ArrayList<>())
            .add(
                new SeriesRow(
                    r.<Integer>getAs("version"),
                    r.<Integer>getAs("total"),
                    r.<Boolean>getAs("complete"),
                    cover,
                    patches));
        names.putIfAbsent(family, new String[] {r.getAs("title"), r.getAs("author")});
      }
      Map<Integer, List<FixedRow>> fixed = new HashMap<>();
      for (Iterator<Row> it = spark.read().parquet(out + "/fixed").toLocalIterator();
          it.hasNext(); ) {
        Row r = it.next();
        fixed
            .computeIfAbsent(r.<Integer>getAs("family"), k -> new ArrayList<>())
            .add(
                new FixedRow(
                    r.<Integer>getAs("version"),
                    r.getAs("fingerprint"),
                    r.getAs("rule"),
                    r.getAs("file"),
                    r.getAs("function"),
                    r.<Integer>getAs("introduced")));
      }
      Map<Integer, Map<Long, String>> labels = new HashMap<>();
      try (Statement s = store.connection().createStatement();
          ResultSet rs = s.executeQuery("SELECT id, message FROM findings")) {
        Map<Long, Long> messageOfFinding = new HashMap<>();
        while (rs.next()) {
          messageOfFinding.put(rs.getLong(1), rs.getLong(2));
        }
        for (Map.Entry<Long, String> e : labelOf.entrySet()) {
          Long row = findingRowOf.get(e.getKey());
          Integer family = row == null ? null : familyOfRow.get(messageOfFinding.get(row));
          if (family != null) {
            labels.computeIfAbsent(family, k -> new HashMap<>()).put(row, e.getValue());
          }
        }
      }
      List<FamilyLabels> all = new ArrayList<>();
      for (Map.Entry<Integer, List<SeriesRow>> e : versions.entrySet()) {
        String[] n = names.get(e.getKey());
        all.add(
            new FamilyLabels(
                new FamilyRow(n[0], n[1], e.getValue()),
                labels.getOrDefault(e.getKey(), Map.of()),
                fixed.getOrDefault(e.getKey(), List.of())));
      }
      store.replaceFamilies(all);
      // the status audit run gives: 3 for a defect of ours, 2 for input it could not read
      int status = counts[4] > 0 ? 3 : counts[3] > 0 || problems > 0 ? 2 : 0;
      store.finishRun(run, counts[0], counts[1], counts[2], 0, status);
    }
  }
}
