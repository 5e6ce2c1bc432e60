package org.mmreview.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.james.mime4j.dom.field.DateTimeField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.DefaultFieldParser;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.HunkHeader;
import org.eclipse.jgit.patch.Patch;
import org.mmreview.intake.DiffParser;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.MessageClassifier;
import org.mmreview.testing.Corpus;

/**
 * Issue 14: measures a kept library against our hand-written code on the whole corpus (every mail
 * of the archive), in one JVM. (1) JGit's {@code Patch}/{@code FileHeader}/{@code HunkHeader} vs
 * {@link DiffParser} on the decoded patch text of every mail; (2) mime4j's Date parsing (strict
 * {@code DefaultFieldParser} and {@code LenientFieldParser}) vs our {@code MailDates}. Prints
 * agreement counts, every kind of disagreement with its first example, and CPU time per round.
 *
 * <pre>
 * java -cp target/mmreview.jar:target/test-classes org.mmreview.bench.LibMeasure [INBOX.git] [ROUNDS]
 * </pre>
 */
public final class LibMeasure {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private LibMeasure() {}

  /** Counts per kind of disagreement, with the first example of each. */
  private static final class Kinds {
    final Map<String, Integer> count = new LinkedHashMap<>();
    final Map<String, String> example = new LinkedHashMap<>();

    void add(String kind, String ex) {
      count.merge(kind, 1, Integer::sum);
      example.putIfAbsent(kind, ex);
    }

    void print(PrintStream out) {
      count.forEach(
          (k, n) -> out.printf(Locale.ROOT, "  %-40s %6d  e.g. %s%n", k, n, example.get(k)));
    }
  }

  public static void main(String[] args) throws Exception {
    Path inbox = Path.of(args.length > 0 ? args[0] : "/tmp/corpus.git");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    PrintStream out = System.out;
    List<byte[]> mails = Corpus.sampleMails(inbox, 1);
    out.println("corpus: " + inbox + ", mails: " + mails.size());

    // --- 1. diffs
    List<String> texts = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < mails.size(); i++) {
      InboxMessage m = MessageClassifier.read("mail#" + i, mails.get(i));
      if (m.patch().isEmpty()) {
        continue;
      }
      String text = m.patch().get().patchText();
      String mid = m.patch().get().metadata().messageId();
      texts.add(text);
      ids.add("mail#" + i + " " + mid);
    }
    int withDiff = 0;
    int agree = 0;
    int files = 0;
    int hunks = 0;
    Kinds kinds = new Kinds();
    for (int i = 0; i < texts.size(); i++) {
      DiffParser.Result ours = DiffParser.parse(texts.get(i));
      Patch theirs = jgit(texts.get(i));
      RuntimeException ex = thrown.get();
      if (ex != null) {
        withDiff++;
        kinds.add("JGit throws", ids.get(i) + " — " + ex);
        continue;
      }
      if (ours.files().isEmpty() && theirs.getFiles().isEmpty()) {
        continue;
      }
      withDiff++;
      List<String> diffs = compare(ours, theirs, texts.get(i).matches("(?s).*\n-- ?\n.*"));
      if (diffs.isEmpty()) {
        agree++;
        files += ours.files().size();
        hunks += ours.files().stream().mapToInt(f -> f.hunks().size()).sum();
      }
      for (String d : diffs) {
        int colon = d.indexOf(": ");
        kinds.add(d.substring(0, colon), ids.get(i) + " — " + d.substring(colon + 2));
      }
    }
    out.printf(
        Locale.ROOT,
        "diff: mails with a diff (either parser): %d, identical: %d (%d files, %d hunks),"
            + " differing: %d%n",
        withDiff,
        agree,
        files,
        hunks,
        withDiff - agree);
    kinds.print(out);

    // --- 2. dates
    Method ourDates =
        Class.forName("org.mmreview.intake.MailDates").getDeclaredMethod("parse", String.class);
    ourDates.setAccessible(true);
    List<String> dates = new ArrayList<>();
    for (byte[] mail : mails) {
      dates.add(dateHeader(mail));
    }
    Kinds strictKinds = new Kinds();
    Kinds lenientKinds = new Kinds();
    int withDate = 0;
    int strictAgree = 0;
    int lenientAgree = 0;
    for (int i = 0; i < dates.size(); i++) {
      String raw = dates.get(i);
      if (raw == null) {
        continue;
      }
      withDate++;
      Object parsed = ourDates.invoke(null, raw);
      Method dm = parsed.getClass().getDeclaredMethod("date");
      Method pm = parsed.getClass().getDeclaredMethod("problem");
      dm.setAccessible(true);
      pm.setAccessible(true);
      Optional<?> d = (Optional<?>) dm.invoke(parsed);
      Optional<?> p = (Optional<?>) pm.invoke(parsed);
      Optional<Long> ours = d.map(x -> ((OffsetDateTime) x).toInstant().toEpochMilli());
      boolean ourProblem = p.isPresent();
      String ex = "mail#" + i + " Date: " + raw;
      if (dateAgree(ours, ourProblem, mime4j(raw, false), strictKinds, ex)) {
        strictAgree++;
      }
      if (dateAgree(ours, ourProblem, mime4j(raw, true), lenientKinds, ex)) {
        lenientAgree++;
      }
    }
    out.printf(
        Locale.ROOT,
        "date: mails with a Date header: %d, same instant as ours: strict DefaultFieldParser %d,"
            + " LenientFieldParser %d%n",
        withDate,
        strictAgree,
        lenientAgree);
    out.println(" strict (DefaultFieldParser -> DateTimeFieldImpl):");
    strictKinds.print(out);
    out.println(" lenient (LenientFieldParser -> DateTimeFieldLenientImpl):");
    lenientKinds.print(out);

    // --- timings: CPU of this thread, whole corpus per round, alternating order
    out.printf(Locale.ROOT, "timing (CPU ms per pass over the corpus, %d rounds):%n", rounds);
    for (int r = 0; r < rounds; r++) {
      long a = cpu(() -> texts.forEach(DiffParser::parse));
      long b = cpu(() -> texts.forEach(LibMeasure::jgit));
      long c = cpu(() -> dates.forEach(s -> invokeQuietly(ourDates, s)));
      long e = cpu(() -> dates.forEach(s -> mime4j(s, false)));
      long f = cpu(() -> dates.forEach(s -> mime4j(s, true)));
      out.printf(
          Locale.ROOT,
          "  round %d: DiffParser %6d  JGit Patch %6d  |  MailDates %5d  mime4j strict %5d"
              + "  mime4j lenient %5d%n",
          r + 1,
          a,
          b,
          c,
          e,
          f);
    }
  }

  private static long cpu(Runnable r) {
    long t = MX.getCurrentThreadCpuTime();
    r.run();
    return (MX.getCurrentThreadCpuTime() - t) / 1_000_000;
  }

  private static void invokeQuietly(Method m, String s) {
    if (s == null) {
      return;
    }
    try {
      m.invoke(null, s);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final ThreadLocal<RuntimeException> thrown = new ThreadLocal<>();

  static Patch jgit(String text) {
    thrown.remove();
    Patch p = new Patch();
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    try {
      p.parse(b, 0, b.length);
    } catch (RuntimeException e) {
      // JGit throws on some inputs (a malformed mode in an index line); recorded as a kind
      thrown.set(e);
    }
    return p;
  }

  /** Every difference between the two readings, each as "kind: detail". */
  static List<String> compare(DiffParser.Result ours, Patch theirs, boolean signature) {
    List<String> out = new ArrayList<>();
    if (!ours.ok() && theirs.getErrors().isEmpty()) {
      out.add("ours rejects, JGit has no error: " + ours.problems().get(0));
    }
    if (ours.ok() && !theirs.getErrors().isEmpty()) {
      out.add("JGit reports an error, ours accepts: " + theirs.getErrors().get(0).getMessage());
    }
    List<? extends FileHeader> tf = theirs.getFiles();
    if (ours.files().size() != tf.size()) {
      out.add("file count: ours " + ours.files().size() + ", JGit " + tf.size());
    }
    for (int i = 0; i < Math.min(ours.files().size(), tf.size()); i++) {
      FileChange o = ours.files().get(i);
      FileHeader t = tf.get(i);
      if (!o.oldPath().equals(t.getOldPath()) || !o.newPath().equals(t.getNewPath())) {
        out.add(
            "paths: ours "
                + o.oldPath()
                + " -> "
                + o.newPath()
                + ", JGit "
                + t.getOldPath()
                + " -> "
                + t.getNewPath());
      }
      if (!o.changeType().name().equals(t.getChangeType().name())) {
        out.add("change type: ours " + o.changeType() + ", JGit " + t.getChangeType());
      }
      boolean tBinary = t.getPatchType() != FileHeader.PatchType.UNIFIED;
      if (o.binary() != tBinary) {
        out.add("binary: ours " + o.binary() + ", JGit " + t.getPatchType());
      }
      List<? extends HunkHeader> th = t.getHunks();
      if (o.hunks().size() != th.size()) {
        out.add("hunk count: " + o.path() + " ours " + o.hunks().size() + ", JGit " + th.size());
      }
      for (int j = 0; j < Math.min(o.hunks().size(), th.size()); j++) {
        Hunk oh = o.hunks().get(j);
        HunkHeader h = th.get(j);
        HunkHeader.OldImage oi = h.getOldImage();
        if (oh.oldStart() != oi.getStartLine()
            || oh.oldCount() != oi.getLineCount()
            || oh.newStart() != h.getNewStartLine()
            || oh.newCount() != h.getNewLineCount()) {
          out.add(
              "hunk range: "
                  + oh.header()
                  + " vs JGit -"
                  + oi.getStartLine()
                  + ","
                  + oi.getLineCount()
                  + " +"
                  + h.getNewStartLine()
                  + ","
                  + h.getNewLineCount());
        }
        if (oh.added() != oi.getLinesAdded() || oh.removed() != oi.getLinesDeleted()) {
          boolean last = i == ours.files().size() - 1 && j == o.hunks().size() - 1;
          boolean sig =
              signature
                  && last
                  && oh.added() == oi.getLinesAdded()
                  && oi.getLinesDeleted() == oh.removed() + 1;
          out.add(
              (sig
                      ? "hunk +/- counts (JGit counts the '-- ' mail signature as a removed line)"
                      : "hunk +/- counts")
                  + ": "
                  + o.path()
                  + " "
                  + oh.header()
                  + " ours +"
                  + oh.added()
                  + "/-"
                  + oh.removed()
                  + ", JGit +"
                  + oi.getLinesAdded()
                  + "/-"
                  + oi.getLinesDeleted());
        }
      }
    }
    return out;
  }

  /** The first Date field of the mail's header block, unfolded, or null. */
  static String dateHeader(byte[] mail) {
    String s = new String(mail, StandardCharsets.ISO_8859_1);
    int end = s.indexOf("\n\n");
    String head = end < 0 ? s : s.substring(0, end);
    String unfolded = head.replace("\r", "").replaceAll("\n[ \t]+", " ");
    for (String line : unfolded.split("\n", -1)) {
      if (line.regionMatches(true, 0, "Date:", 0, 5)) {
        return line.substring(5).strip();
      }
    }
    return null;
  }

  /** mime4j's reading as epoch millis; empty when it gives no date (invalid field). */
  static Optional<Long> mime4j(String raw, boolean lenient) {
    if (raw == null) {
      return Optional.empty();
    }
    try {
      ParsedField f =
          lenient
              ? LenientFieldParser.parse("Date: " + raw)
              : DefaultFieldParser.parse("Date: " + raw);
      if (!(f instanceof DateTimeField dt)) {
        return Optional.empty();
      }
      Date d = dt.getDate();
      return d == null ? Optional.empty() : Optional.of(d.getTime());
    } catch (Exception | Error e) {
      return Optional.empty();
    }
  }

  private static boolean dateAgree(
      Optional<Long> ours, boolean ourProblem, Optional<Long> theirs, Kinds kinds, String ex) {
    if (ours.isPresent() && theirs.isPresent()) {
      if (ours.get().equals(theirs.get())) {
        if (ourProblem) {
          kinds.add("same instant, but ours flags a problem", ex);
          return false;
        }
        return true;
      }
      long diffMin = (theirs.get() - ours.get()) / 60_000;
      kinds.add(
          ourProblem
              ? "different instant (ours: invalid offset taken as +0000)"
              : "different instant",
          ex + " (mime4j - ours = " + diffMin + " min)");
      return false;
    }
    if (ours.isEmpty() && theirs.isEmpty()) {
      return true;
    }
    kinds.add(
        ours.isPresent() ? "ours dates it, mime4j gives none" : "mime4j dates it, ours none", ex);
    return false;
  }
}
