package org.mmreview.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.mmreview.audit.MessageAudit;
import org.mmreview.audit.SeriesLifecycle;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.PublicInboxReader;
import org.mmreview.intake.ThreadGrouper;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;
import org.mmreview.series.PatchReviewer;
import org.mmreview.store.AuditStore;
import org.mmreview.store.AuditStore.FamilyFinding;
import org.mmreview.store.AuditStore.FamilyLabels;
import org.mmreview.store.AuditStore.FamilyRow;
import org.mmreview.store.AuditStore.Head;
import org.mmreview.store.AuditStore.MessageRecord;
import scala.Tuple2;

/**
 * The audit on Spark: public-inbox epochs cut into shards (an epoch, or a slice of its messages),
 * each message classified and reviewed on an executor by the embedded audit's own step ({@link
 * MessageAudit}), the results grouped by series family for the version labels ({@link
 * SeriesLifecycle}'s steps), written as Parquet tables and, on the driver, optionally as the SQLite
 * database {@code mmreview audit report} reads ({@link SqliteExport}).
 *
 * <p>Message ids ({@code seq}) are the archive's order: the epoch's index among the inputs in the
 * high 32 bits, the message's position in its epoch (oldest 0) in the low 32. The embedded audit
 * writes its rows in that order, so grouping reads the heads in the same order in both.
 */
public final class SparkAudit {

  /**
   * What to audit and where the tables go.
   *
   * @param epochs public-inbox epochs (a v1 archive, a v2 {@code git/N.git}) or v2 archives (all
   *     their epochs), in a fixed order: new epochs are appended, never inserted
   * @param previous an earlier run's output; its messages are kept and not reviewed again; null
   *     for none
   * @param enableRules rules run besides the default ones ({@code --enable-rule})
   * @param shardSize messages a shard holds at most
   */
  public record Options(
      List<String> epochs,
      String out,
      String previous,
      List<String> paths,
      List<String> enableRules,
      String urlTemplate,
      int shardSize)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** One shard: a slice of one epoch. */
  record Shard(int epochIndex, String epochDir, int first, int count) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** A message handled on an executor, with its place in the archive. */
  record Audited(long seq, String epochDir, MessageRecord record) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** What a run did. */
  public record Totals(long messages, long reviewedNow, long kept, long families) {}

  private SparkAudit() {}

  public static void main(String[] args) throws Exception {
    Cli cli;
    try {
      cli = Cli.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("mmreview-spark: " + e.getMessage());
      System.err.println(Cli.USAGE);
      System.exit(2);
      return;
    }
    SparkSession spark = SparkSession.builder().appName("mmreview-spark audit").getOrCreate();
    try {
      Totals t = run(spark, cli.options());
      System.out.println(
          "mmreview-spark: "
              + t.messages()
              + " messages ("
              + t.reviewedNow()
              + " handled now, "
              + t.kept()
              + " kept from the previous output), "
              + t.families()
              + " series families; tables under "
              + cli.options().out());
      if (cli.db() != null) {
        SqliteExport.write(
            spark,
            cli.options().out(),
            Path.of(cli.db()),
            cli.options().enableRules(),
            String.join(" ", args));
        System.out.println("mmreview-spark: wrote " + cli.db());
      }
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("mmreview-spark: " + e.getMessage());
      System.exit(2);
    } finally {
      spark.stop();
    }
  }

  /** The shards of the inputs, in archive order. */
  static List<Shard> shards(List<String> inputs, int shardSize) throws IOException {
    List<Shard> out = new ArrayList<>();
    int index = 0;
    for (String input : inputs) {
      Path p = Path.of(input).toAbsolutePath().normalize();
      if (!Files.isDirectory(p)) {
        throw new IOException(input + ": no such directory");
      }
      List<Path> epochs;
      try {
        epochs = PublicInboxReader.epochs(p);
      } catch (IOException e) {
        throw new IOException(input + ": " + e.getMessage(), e);
      }
      for (Path epoch : epochs) {
        int n =
            PublicInboxReader.messageCount(
                epoch, d -> System.err.println("mmreview-spark: " + d.input() + ": " + d.reason()));
        for (int first = 0; first < n; first += shardSize) {
          out.add(new Shard(index, epoch.toString(), first, Math.min(shardSize, n - first)));
        }
        index++;
      }
    }
    return out;
  }

  static long seq(int epochIndex, int position) {
    return ((long) epochIndex << 32) | position;
  }

  /** The findings' ids: the message's seq and the finding's place in it. */
  static long findingId(long seq, int index) {
    return (seq << 16) | index;
  }

  public static Totals run(SparkSession spark, Options o) throws IOException {
    if (o.previous() != null
        && Path.of(o.previous()).toAbsolutePath().normalize().equals(
            Path.of(o.out()).toAbsolutePath().normalize())) {
      // the previous tables are read while the new ones are written: never the same directory
      throw new IOException(o.out() + ": --out must differ from --previous");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Shard> shards = shards(o.epochs(), Math.max(1, o.shardSize()));

    Dataset<Row> oldMessages = null;
    Dataset<Row> oldFindings = null;
    Set<String> known = new HashSet<>();
    if (o.previous() != null) {
      oldMessages = spark.read().parquet(o.previous() + "/messages");
      oldFindings = spark.read().parquet(o.previous() + "/findings").drop("version_label");
      for (Iterator<Row> it = oldMessages.select("epoch_dir", "item").toLocalIterator();
          it.hasNext(); ) {
        Row r = it.next();
        known.add(r.getString(0) + " " + r.getString(1));
      }
    }
    Broadcast<Set<String>> knownB = jsc.broadcast(known);
    Options opts = o;

    // map: each shard read and its new messages reviewed, on the executors
    JavaRDD<Audited> audited =
        jsc.parallelize(shards, Math.max(1, shards.size()))
            .mapPartitions(
                it -> {
                  MessageAudit audit = audit(opts);
                  Set<String> seen = knownB.value();
                  List<Audited> out = new ArrayList<>();
                  while (it.hasNext()) {
                    Shard s = it.next();
                    int[] position = {s.first()};
                    PublicInboxReader.walkSlice(
                        Path.of(s.epochDir()),
                        s.first(),
                        s.count(),
                        e -> {
                          long seq = seq(s.epochIndex(), position[0]++);
                          if (!seen.contains(s.epochDir() + " " + e.commit())) {
                            out.add(
                                new Audited(
                                    seq, s.epochDir(), audit.entry(s.epochIndex(), e).record()));
                          }
                        },
                        d ->
                            System.err.println(
                                "mmreview-spark: " + d.input() + ": " + d.reason()));
                  }
                  return out.iterator();
                });
    audited = duplicatesSkipped(audited, opts.urlTemplate()).cache();
    long handled = audited.count();

    Dataset<Row> messages = spark.createDataFrame(audited.map(Tables::messageRow), Tables.MESSAGES);
    Dataset<Row> findings =
        spark.createDataFrame(audited.flatMap(Tables::findingRows), Tables.FINDINGS_UNLABELLED);
    long kept = 0;
    if (oldMessages != null) {
      kept = oldMessages.count();
      messages = oldMessages.select(Tables.MESSAGE_COLUMNS).unionByName(messages);
      findings = oldFindings.unionByName(findings);
    }
    messages = messages.cache();
    findings = findings.cache();

    // group: threads and series need every head (replies link patches to their cover letters),
    // so they are gathered on the driver, in archive order; the labelling then runs per family
    List<FamilyRow> families = families(messages);
    Map<Long, Tuple2<Integer, Integer>> familyOfPatch = new HashMap<>();
    for (int i = 0; i < families.size(); i++) {
      for (Map.Entry<Long, Integer> e : SeriesLifecycle.versionOf(families.get(i)).entrySet()) {
        familyOfPatch.put(e.getKey(), new Tuple2<>(i, e.getValue()));
      }
    }
    Broadcast<Map<Long, Tuple2<Integer, Integer>>> familyOfPatchB = jsc.broadcast(familyOfPatch);
    JavaPairRDD<Integer, FamilyFinding> byFamily =
        findings
            .filter("lifecycle != 'pre-existing'")
            .select("seq", "finding_id", "fingerprint", "rule", "file", "function")
            .javaRDD()
            .flatMapToPair(
                r -> {
                  Tuple2<Integer, Integer> fv = familyOfPatchB.value().get(r.getLong(0));
                  if (fv == null) {
                    return List.<Tuple2<Integer, FamilyFinding>>of().iterator();
                  }
                  return List.of(
                          new Tuple2<>(
                              fv._1(),
                              new FamilyFinding(
                                  r.getLong(1),
                                  fv._2(),
                                  r.getString(2),
                                  r.getString(3),
                                  r.getString(4),
                                  r.getString(5))))
                      .iterator();
                });
    List<Tuple2<Integer, FamilyRow>> indexed = new ArrayList<>();
    for (int i = 0; i < families.size(); i++) {
      indexed.add(new Tuple2<>(i, families.get(i)));
    }
    JavaPairRDD<Integer, FamilyLabels> labelled =
        jsc.parallelizePairs(indexed, Math.max(1, Math.min(indexed.size(), 64)))
            .cogroup(byFamily)
            .mapValues(
                v -> {
                  FamilyRow f = v._1().iterator().next();
                  List<FamilyFinding> found = new ArrayList<>();
                  v._2().forEach(found::add);
                  found.sort((a, b) -> Long.compare(a.id(), b.id())); // row order, as the store
                  return SeriesLifecycle.labels(f, found);
                })
            .cache();

    Dataset<Row> labels =
        spark.createDataFrame(
            labelled.flatMap(
                t ->
                    t._2().findingLabels().entrySet().stream()
                        .map(e -> RowFactory.create(e.getKey(), e.getValue()))
                        .iterator()),
            Tables.LABELS);
    Dataset<Row> labelledFindings =
        findings
            .join(labels, findings.col("finding_id").equalTo(labels.col("label_finding")), "left")
            .drop("label_finding")
            .na()
            .fill("", new String[] {"version_label"});
    Dataset<Row> lifecycles =
        spark.createDataFrame(labelled.flatMap(Tables::lifecycleRows), Tables.LIFECYCLES);
    Dataset<Row> fixed = spark.createDataFrame(labelled.flatMap(Tables::fixedRows), Tables.FIXED);

    // write: a fresh directory, then renamed over nothing (the previous output may be read above)
    messages.write().mode(SaveMode.Overwrite).parquet(o.out() + "/messages");
    labelledFindings.write().mode(SaveMode.Overwrite).parquet(o.out() + "/findings");
    lifecycles.write().mode(SaveMode.Overwrite).parquet(o.out() + "/lifecycles");
    fixed.write().mode(SaveMode.Overwrite).parquet(o.out() + "/fixed");
    audited.unpersist();
    return new Totals(handled + kept, handled, kept, families.size());
  }

  /** The families of every recorded mail, patches and covers named by their seq. */
  /**
   * One review per Message-ID, as the embedded audit does: of the copies of a Message-ID (a mail
   * cross-posted to several archives, or stored twice), the first in archive order keeps its
   * review; the others become rows skipped as duplicates naming the first, their findings
   * dropped. Grouped by Message-ID on the executors, so no set of ids is held anywhere.
   */
  static JavaRDD<Audited> duplicatesSkipped(JavaRDD<Audited> audited, String urlTemplate) {
    JavaPairRDD<String, Tuple2<Long, String>> first =
        audited
            .filter(a -> !a.record().messageId().isEmpty())
            .mapToPair(
                a ->
                    new Tuple2<>(
                        a.record().messageId(),
                        new Tuple2<>(a.seq(), "inbox " + inboxOf(a.epochDir()) + " " + a.record().item())))
            .reduceByKey((x, y) -> x._1() <= y._1() ? x : y);
    JavaRDD<Audited> noId = audited.filter(a -> a.record().messageId().isEmpty());
    JavaRDD<Audited> withId =
        audited
            .filter(a -> !a.record().messageId().isEmpty())
            .mapToPair(a -> new Tuple2<>(a.record().messageId(), a))
            .join(first)
            .values()
            .map(
                t -> {
                  Audited a = t._1();
                  if (a.seq() == t._2()._1()) {
                    return a;
                  }
                  MessageRecord r = a.record();
                  String id = r.messageId();
                  return new Audited(
                      a.seq(),
                      a.epochDir(),
                      new MessageRecord(
                          r.source(),
                          r.item(),
                          r.epoch(),
                          r.digest(),
                          id,
                          "",
                          MessageAudit.mailUrl(urlTemplate, id),
                          "",
                          "",
                          "",
                          null,
                          AuditStore.DUPLICATE,
                          1,
                          0,
                          0,
                          "skipped",
                          AuditStore.DUPLICATE,
                          "Message-ID " + id + " first read from " + t._2()._2(),
                          "",
                          false,
                          List.of()));
                });
    return noId.union(withId);
  }

  /** The inbox an epoch belongs to, named as the embedded audit names its source. */
  private static String inboxOf(String epochDir) {
    Path p = Path.of(epochDir).toAbsolutePath().normalize();
    Path parent = p.getParent();
    // a v2 epoch, INBOX/git/N.git: the inbox is two levels up
    if (parent != null && parent.getFileName() != null
        && parent.getFileName().toString().equals("git")
        && p.getFileName().toString().matches("\\d+\\.git")
        && parent.getParent() != null) {
      return parent.getParent().toString();
    }
    return p.toString();
  }

  private static List<FamilyRow> families(Dataset<Row> messages) {
    ThreadGrouper.Builder grouper = new ThreadGrouper.Builder();
    Iterator<Row> it =
        messages
            .filter("kind IN ('patch', 'reply', 'cover-letter')")
            .select(
                "seq",
                "message_id",
                "in_reply_to",
                "kind",
                "title",
                "author",
                "subject",
                "series_version",
                "series_index",
                "series_total",
                "date")
            .orderBy("seq")
            .toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      grouper.add(
          SeriesLifecycle.message(
              new Head(
                  r.getLong(0),
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  r.getInt(7),
                  r.getInt(8),
                  r.getInt(9),
                  r.isNullAt(10) ? null : r.getString(10))));
    }
    return SeriesLifecycle.families(grouper.build());
  }

  /** The rules run: the default ones and those enabled, as {@code audit run --enable-rule}. */
  static RuleSet rules(List<String> enable) {
    RuleCatalog catalog = RuleCatalog.load();
    for (String id : enable) {
      if (!catalog.contains(id)) {
        throw new IllegalArgumentException("unknown rule '" + id + "'");
      }
    }
    return RuleSet.load(catalog, m -> m.enabledByDefault() || enable.contains(m.id()));
  }

  /** The per-message step as the embedded audit's workers build it. */
  static MessageAudit audit(Options o) {
    return new MessageAudit(
        new PatchReviewer(
            new ReviewPlanner(new CParser()), new RuleEngine(rules(o.enableRules()), false)),
        MessageAudit.paths(o.paths()),
        o.urlTemplate(),
        "");
  }
}
