package org.mmreview.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mmreview.store.AuditStore.FamilyLabels;
import org.mmreview.store.AuditStore.FindingRow;
import org.mmreview.store.AuditStore.FixedRow;
import org.mmreview.store.AuditStore.MessageRecord;
import org.mmreview.store.AuditStore.SeriesRow;
import scala.Tuple2;

/** The Parquet tables: their schemas, and the rows of the audit's records. */
final class Tables {
  private Tables() {}

  private static StructField str(String name) {
    return DataTypes.createStructField(name, DataTypes.StringType, true);
  }

  private static StructField nullableStr(String name) {
    return DataTypes.createStructField(name, DataTypes.StringType, true);
  }

  private static StructField integer(String name) {
    return DataTypes.createStructField(name, DataTypes.IntegerType, false);
  }

  private static StructField bigint(String name) {
    return DataTypes.createStructField(name, DataTypes.LongType, false);
  }

  private static StructField bool(String name) {
    return DataTypes.createStructField(name, DataTypes.BooleanType, false);
  }

  /** One row per archive commit: the store's {@code messages} columns and the archive order. */
  static final StructType MESSAGES =
      DataTypes.createStructType(
          new StructField[] {
            bigint("seq"),
            str("epoch_dir"),
            str("item"),
            str("epoch"),
            str("digest"),
            str("message_id"),
            str("in_reply_to"),
            str("url"),
            str("subject"),
            str("title"),
            str("author"),
            nullableStr("date"),
            str("kind"),
            integer("series_version"),
            integer("series_index"),
            integer("series_total"),
            str("outcome"),
            str("reason"),
            str("detail"),
            str("files"),
            bool("hunk_only"),
            str("tool_version"),
            str("rule_set")
          });

  static final Column[] MESSAGE_COLUMNS =
      Arrays.stream(MESSAGES.fieldNames()).map(functions::col).toArray(Column[]::new);

  /** One row per finding, before the version labels. */
  static final StructType FINDINGS_UNLABELLED =
      DataTypes.createStructType(
          new StructField[] {
            bigint("seq"),
            integer("idx"),
            bigint("finding_id"),
            str("rule"),
            str("severity"),
            str("file"),
            integer("line"),
            integer("col"),
            DataTypes.createStructField("patch_line", DataTypes.IntegerType, true),
            str("function"),
            str("text"),
            str("source_line"),
            str("fix"),
            str("fingerprint"),
            str("lifecycle"),
            bool("partial")
          });

  static final StructType LABELS =
      DataTypes.createStructType(new StructField[] {bigint("label_finding"), str("version_label")});

  /**
   * One row per problem of an archive not tied to one message (an epoch that cannot be opened, a
   * history that breaks off), as the store's {@code problems}: the git directory and the line.
   */
  static final StructType PROBLEMS =
      DataTypes.createStructType(new StructField[] {str("input"), str("text")});

  /** One row per version of a series family. */
  static final StructType LIFECYCLES =
      DataTypes.createStructType(
          new StructField[] {
            integer("family"),
            str("title"),
            str("author"),
            integer("version"),
            integer("total"),
            bool("complete"),
            DataTypes.createStructField("cover", DataTypes.LongType, true),
            DataTypes.createStructField(
                "patches", DataTypes.createArrayType(DataTypes.LongType, false), false)
          });

  /** One row per finding a later version of its family no longer has. */
  static final StructType FIXED =
      DataTypes.createStructType(
          new StructField[] {
            integer("family"),
            integer("version"),
            str("fingerprint"),
            str("rule"),
            str("file"),
            str("function"),
            integer("introduced")
          });

  /** A message handled by this run, stamped with what reviewed it. */
  static Row messageRow(SparkAudit.Audited a, String toolVersion, String ruleSet) {
    MessageRecord m = a.record();
    return RowFactory.create(
        a.seq(),
        a.epochDir(),
        m.item(),
        m.epoch(),
        m.digest(),
        m.messageId(),
        m.inReplyTo(),
        m.url(),
        m.subject(),
        m.title(),
        m.author(),
        m.date(),
        m.kind(),
        m.seriesVersion(),
        m.seriesIndex(),
        m.seriesTotal(),
        m.outcome(),
        m.reason(),
        m.detail(),
        m.files(),
        m.hunkOnly(),
        toolVersion,
        ruleSet);
  }

  static Iterator<Row> findingRows(SparkAudit.Audited a) {
    List<Row> out = new ArrayList<>();
    List<FindingRow> fs = a.record().findings();
    for (int i = 0; i < fs.size(); i++) {
      FindingRow f = fs.get(i);
      out.add(
          RowFactory.create(
              a.seq(),
              i,
              SparkAudit.findingId(a.seq(), i),
              f.rule(),
              f.severity(),
              f.file(),
              f.line(),
              f.column(),
              f.patchLine(),
              f.function(),
              f.message(),
              f.sourceLine(),
              f.fix(),
              f.fingerprint(),
              f.lifecycle(),
              f.partial()));
    }
    return out.iterator();
  }

  static Iterator<Row> lifecycleRows(Tuple2<Integer, FamilyLabels> t) {
    List<Row> out = new ArrayList<>();
    for (SeriesRow s : t._2().family().versions()) {
      out.add(
          RowFactory.create(
              t._1(),
              t._2().family().title(),
              t._2().family().author(),
              s.version(),
              s.total(),
              s.complete(),
              s.cover(),
              scala.jdk.javaapi.CollectionConverters.asScala(s.patches()).toSeq()));
    }
    return out.iterator();
  }

  static Iterator<Row> fixedRows(Tuple2<Integer, FamilyLabels> t) {
    List<Row> out = new ArrayList<>();
    for (FixedRow x : t._2().fixed()) {
      out.add(
          RowFactory.create(
              t._1(), x.version(), x.fingerprint(), x.rule(), x.file(), x.function(), x.introduced()));
    }
    return out.iterator();
  }

  /** A finding row of the Parquet table as the store writes it. */
  static FindingRow finding(Row r) {
    return new FindingRow(
        r.getAs("rule"),
        r.getAs("severity"),
        r.getAs("file"),
        r.<Integer>getAs("line"),
        r.<Integer>getAs("col"),
        r.isNullAt(r.fieldIndex("patch_line")) ? null : r.<Integer>getAs("patch_line"),
        r.getAs("function"),
        r.getAs("text"),
        r.getAs("source_line"),
        r.getAs("fix"),
        r.getAs("fingerprint"),
        r.getAs("lifecycle"),
        r.<Boolean>getAs("partial"));
  }

  /** A message row of the Parquet table as the store writes it, {@code source} its store id. */
  static MessageRecord message(Row r, long source, List<FindingRow> findings) {
    return new MessageRecord(
        source,
        r.getAs("item"),
        r.getAs("epoch"),
        r.getAs("digest"),
        r.getAs("message_id"),
        r.getAs("in_reply_to"),
        r.getAs("url"),
        r.getAs("subject"),
        r.getAs("title"),
        r.getAs("author"),
        r.isNullAt(r.fieldIndex("date")) ? null : r.getAs("date"),
        r.getAs("kind"),
        r.<Integer>getAs("series_version"),
        r.<Integer>getAs("series_index"),
        r.<Integer>getAs("series_total"),
        r.getAs("outcome"),
        r.getAs("reason"),
        r.getAs("detail"),
        r.getAs("files"),
        r.<Boolean>getAs("hunk_only"),
        findings);
  }
}
