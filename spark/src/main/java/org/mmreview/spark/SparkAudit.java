package org.mmreview.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.mmreview.audit.MessageAudit;
import org.mmreview.audit.ReviewerStamp;
import org.mmreview.audit.SeriesLifecycle;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.IntakeDiagnostic;
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
 * The audit on Spark: public-inbox epochs listed once on the driver and cut into shards (the
 * commits of a slice of one epoch), each message classified and reviewed on an executor by the
 * embedded audit's own step ({@link MessageAudit}), the results grouped by series family for the
 * version labels ({@link SeriesLifecycle}'s steps), written as Parquet tables and, on the driver,
 * optionally as the SQLite database {@code mmreview audit report} reads ({@link SqliteExport}).
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
   * @param previous an earlier run's output; its messages are kept and not reviewed again unless
   *     the tool version or, for patches, the rule set changed (as {@code audit run} decides); null
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

  /**
   * One shard: commits of one epoch to read, with their positions in it. The ids travel with the
   * task (20 bytes each), so a task reads its messages without listing the epoch again.
   */
  record Shard(int epochIndex, String epochDir, int[] positions, byte[] commits)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    List<ObjectId> ids() {
      List<ObjectId> out = new ArrayList<>(positions.length);
      for (int i = 0; i < positions.length; i++) {
        out.add(ObjectId.fromRaw(commits, i * Constants.OBJECT_ID_LENGTH));
      }
      return out;
    }
  }

  /** A message handled on an executor, with its place in the archive. */
  record Audited(long seq, String epochDir, MessageRecord record, boolean inputError, boolean ours)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * What a run did: messages in the output, handled by this run, kept from the previous output;
   * this run's outcomes; archive problems; and the exit status {@code audit run} would give.
   */
  public record Totals(
      long messages,
      long reviewedNow,
      long kept,
      long families,
      long reviewed,
      long skipped,
      long failed,
      long problems,
      int status) {}

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
    int status = 0;
    try {
      Totals t = run(spark, cli.options());
      System.out.println(
          "mmreview-spark: "
              + t.messages()
              + " messages ("
              + t.reviewedNow()
              + " handled now: "
              + t.reviewed()
              + " reviewed, "
              + t.skipped()
              + " skipped, "
              + t.failed()
              + " failed; "
              + t.kept()
              + " kept from the previous output), "
              + t.problems()
              + " archive problems, "
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
      status = t.status();
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("mmreview-spark: " + e.getMessage());
      status = 2;
    } finally {
      spark.stop();
    }
    System.exit(status);
  }

  /**
   * The shards of the inputs, in archive order: each epoch listed once here (ids only), its
   * commits not in {@code kept} cut into shards of at most {@code shardSize}. An epoch that cannot
   * be listed, or whose history breaks off, is reported to {@code problems} (by its git
   * directory, as {@code audit run} records it) and the others go on.
   *
   * @param kept per epoch directory, the commits the previous output keeps
   * @throws IOException when an input is not an archive at all
   */
  static List<Shard> shards(
      List<String> inputs,
      int shardSize,
      Map<String, Set<String>> kept,
      Consumer<IntakeDiagnostic> problems)
      throws IOException {
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
        String dir = epoch.toString();
        List<ObjectId> commits;
        try {
          commits = PublicInboxReader.commits(epoch, problems);
        } catch (IOException | RuntimeException e) {
          // one unreadable epoch of a v2 archive leaves the others readable, as in audit run
          problems.accept(new IntakeDiagnostic(dir, "unreadable archive: " + oneLine(e)));
          commits = List.of();
        }
        Set<String> skip = kept.getOrDefault(dir, Set.of());
        int[] positions = new int[shardSize];
        byte[] ids = new byte[shardSize * Constants.OBJECT_ID_LENGTH];
        int n = 0;
        for (int position = 0; position < commits.size(); position++) {
          ObjectId c = commits.get(position);
          if (skip.contains(c.getName())) {
            continue;
          }
          positions[n] = position;
          c.copyRawTo(ids, n * Constants.OBJECT_ID_LENGTH);
          if (++n == shardSize) {
            out.add(new Shard(index, dir, positions.clone(), ids.clone()));
            n = 0;
          }
        }
        if (n > 0) {
          out.add(
              new Shard(
                  index,
                  dir,
                  Arrays.copyOf(positions, n),
                  Arrays.copyOf(ids, n * Constants.OBJECT_ID_LENGTH)));
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
        && Path.of(o.previous())
            .toAbsolutePath()
            .normalize()
            .equals(Path.of(o.out()).toAbsolutePath().normalize())) {
      // the previous tables are read while the new ones are written: never the same directory
      throw new IOException(o.out() + ": --out must differ from --previous");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ReviewerStamp stamp = ReviewerStamp.of(rules(o.enableRules()));
    String toolVersion = stamp.toolVersion();
    String ruleSet = stamp.ruleSet();

    // what the previous output keeps: what audit run would not handle again with this stamp
    Dataset<Row> oldMessages = null;
    Dataset<Row> oldFindings = null;
    Map<String, Set<String>> kept = new HashMap<>();
    if (o.previous() != null) {
      Dataset<Row> previous = spark.read().parquet(o.previous() + "/messages");
      if (Arrays.asList(previous.columns()).contains("tool_version")) {
        // the same decision on the executors (the filter) and here (the shards): a pure function
        oldMessages =
            previous
                .select(Tables.MESSAGE_COLUMNS)
                .filter((FilterFunction<Row>) r -> !again(r, toolVersion, ruleSet))
                .cache();
        oldFindings =
            spark
                .read()
                .parquet(o.previous() + "/findings")
                .drop("version_label")
                .join(oldMessages.select("seq"), "seq", "left_semi");
        for (Iterator<Row> it = oldMessages.select("epoch_dir", "item").toLocalIterator();
            it.hasNext(); ) {
          Row r = it.next();
          kept.computeIfAbsent(r.getString(0), k -> new HashSet<>()).add(r.getString(1));
        }
      }
      // an output written before the stamp columns: everything is handled again
    }

    List<Row> problemRows = new ArrayList<>();
    List<Shard> shards =
        shards(
            o.epochs(),
            Math.max(1, o.shardSize()),
            kept,
            d -> {
              System.err.println("mmreview-spark: " + d.input() + ": " + d.reason());
              problemRows.add(RowFactory.create(d.input(), d.input() + ": " + d.reason()));
            });
    kept = null; // the shards hold what is to read; the set is not needed again
    Options opts = o;

    // map: each shard's messages read and reviewed, on the executors
    JavaRDD<Audited> reviewed =
        jsc.parallelize(shards, Math.max(1, shards.size()))
            .mapPartitions(
                it -> {
                  MessageAudit audit = audit(opts);
                  List<Audited> out = new ArrayList<>();
                  while (it.hasNext()) {
                    Shard s = it.next();
                    int[] i = {0};
                    PublicInboxReader.read(
                        Path.of(s.epochDir()),
                        s.ids(),
                        e -> {
                          MessageAudit.Outcome r = audit.entry(s.epochIndex(), e);
                          out.add(
                              new Audited(
                                  seq(s.epochIndex(), s.positions()[i[0]++]),
                                  s.epochDir(),
                                  r.record(),
                                  r.inputError(),
                                  r.ours()));
                        });
                  }
                  return out.iterator();
                })
            .cache();
    JavaRDD<Audited> audited = duplicatesSkipped(jsc, reviewed, oldMessages, opts.urlTemplate());
    long[] counts =
        audited
            .map(
                a ->
                    new long[] {
                      1,
                      a.record().outcome().equals("reviewed") ? 1 : 0,
                      a.record().outcome().equals("skipped") ? 1 : 0,
                      a.record().outcome().equals("failed") ? 1 : 0,
                      a.inputError() ? 1 : 0,
                      a.ours() ? 1 : 0
                    })
            .fold(new long[6], SparkAudit::sum);

    Dataset<Row> messages =
        spark.createDataFrame(
            audited.map(a -> Tables.messageRow(a, toolVersion, ruleSet)), Tables.MESSAGES);
    Dataset<Row> findings =
        spark.createDataFrame(audited.flatMap(Tables::findingRows), Tables.FINDINGS_UNLABELLED);
    long keptCount = 0;
    if (oldMessages != null) {
      keptCount = oldMessages.count();
      messages = oldMessages.unionByName(messages);
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
        // as many partitions as cores: a family's labelling is small, and each partition is a
        // task in every stage after it (the findings' join and the writes)
        jsc.parallelizePairs(
                indexed, Math.max(1, Math.min(indexed.size(), jsc.defaultParallelism())))
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
    spark
        .createDataFrame(problemRows, Tables.PROBLEMS)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(o.out() + "/problems");
    reviewed.unpersist();
    messages.unpersist();
    findings.unpersist();
    labelled.unpersist();
    if (oldMessages != null) {
      oldMessages.unpersist();
    }
    long problems = problemRows.size();
    int status = counts[5] > 0 ? 3 : counts[4] > 0 || problems > 0 ? 2 : 0;
    return new Totals(
        counts[0] + keptCount,
        counts[0],
        keptCount,
        families.size(),
        counts[1],
        counts[2],
        counts[3],
        problems,
        status);
  }

  private static long[] sum(long[] a, long[] b) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  /** Whether a row of the previous output is handled again, as {@code audit run} decides. */
  static boolean again(Row r, String toolVersion, String ruleSet) {
    return MessageAudit.again(
        Optional.of(
            new AuditStore.Seen(
                r.getAs("digest"),
                r.getAs("tool_version"),
                r.getAs("rule_set"),
                r.getAs("outcome"),
                r.getAs("reason"),
                r.getAs("kind"))),
        "",
        toolVersion,
        ruleSet);
  }

  /**
   * One review per Message-ID, as the embedded audit does: of the copies of a Message-ID (a mail
   * cross-posted to several archives, or stored twice), the first in archive order keeps its
   * review, a copy the previous output keeps included; the others become rows skipped as
   * duplicates naming the first, their findings dropped. Only the ids and seqs are shuffled
   * (grouped by Message-ID on the executors); the copies to skip, one small entry each, come to
   * the driver and are broadcast, so the records themselves never move.
   */
  static JavaRDD<Audited> duplicatesSkipped(
      JavaSparkContext jsc, JavaRDD<Audited> audited, Dataset<Row> kept, String urlTemplate) {
    JavaPairRDD<String, Tuple2<Long, String>> copies =
        audited
            .filter(a -> !a.record().messageId().isEmpty())
            .mapToPair(
                a ->
                    new Tuple2<>(
                        a.record().messageId(),
                        new Tuple2<>(a.seq(), copyName(a.epochDir(), a.record().item()))));
    if (kept != null) {
      copies =
          copies.union(
              kept
                  .filter("message_id != '' AND kind != '" + AuditStore.DUPLICATE + "'")
                  .select("message_id", "seq", "epoch_dir", "item")
                  .javaRDD()
                  .mapToPair(
                      r ->
                          new Tuple2<>(
                              r.getString(0),
                              new Tuple2<>(r.getLong(1), copyName(r.getString(2), r.getString(3))))));
    }
    Map<Long, String> later =
        new HashMap<>(
            copies
                .groupByKey()
                .flatMapToPair(
                    t -> {
                      Tuple2<Long, String> first = null;
                      for (Tuple2<Long, String> c : t._2()) {
                        if (first == null || c._1() < first._1()) {
                          first = c;
                        }
                      }
                      List<Tuple2<Long, String>> out = new ArrayList<>();
                      for (Tuple2<Long, String> c : t._2()) {
                        if (c._1() != first._1().longValue()) {
                          out.add(new Tuple2<>(c._1(), first._2()));
                        }
                      }
                      return out.iterator();
                    })
                .collectAsMap());
    if (later.isEmpty()) {
      return audited;
    }
    Broadcast<Map<Long, String>> laterB = jsc.broadcast(later);
    return audited.map(
        a -> {
          String first = laterB.value().get(a.seq());
          if (first == null) {
            return a;
          }
          MessageRecord r = a.record();
          String id = r.messageId();
          return new Audited(
              a.seq(),
              a.epochDir(),
              MessageAudit.duplicate(
                  r.source(), r.item(), r.epoch(), r.digest(), id, urlTemplate, first),
              false,
              false);
        });
  }

  /** A copy of a mail named as the embedded audit names the first of a Message-ID. */
  private static String copyName(String epochDir, String item) {
    return "inbox " + inboxOf(epochDir) + " " + item;
  }

  /** The inbox an epoch belongs to, named as the embedded audit names its source. */
  private static String inboxOf(String epochDir) {
    Path p = Path.of(epochDir).toAbsolutePath().normalize();
    Path parent = p.getParent();
    // a v2 epoch, INBOX/git/N.git: the inbox is two levels up
    if (parent != null
        && parent.getFileName() != null
        && parent.getFileName().toString().equals("git")
        && p.getFileName().toString().matches("\\d+\\.git")
        && parent.getParent() != null) {
      return parent.getParent().toString();
    }
    return p.toString();
  }

  /** The families of every recorded mail, patches and covers named by their seq. */
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

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
