package org.mmreview.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.dom.field.DateTimeField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.DefaultFieldParser;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.mboxiterator.CharBufferWrapper;
import org.apache.james.mime4j.mboxiterator.FromLinePatterns;
import org.apache.james.mime4j.mboxiterator.MboxIterator;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.HunkHeader;
import org.eclipse.jgit.patch.Patch;
import org.eclipse.jgit.revwalk.FooterLine;
import org.mmreview.intake.DiffParser;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.MboxReader;
import org.mmreview.intake.MessageClassifier;
import org.mmreview.intake.TrailerParser;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleMetadata;
import org.mmreview.testing.Corpus;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;

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
    // The mboxes (three of ~54 MB) and git mailsplit's directories live here; removed however the
    // run ends, normally, by an exception or by Ctrl-C (a shutdown hook, not a finally block).
    Path tmp = Files.createTempDirectory("lib-measure");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(tmp), "lib-measure-cleanup"));
    List<byte[]> mails = Corpus.sampleMails(inbox, 1);
    out.println("corpus: " + inbox + ", mails: " + mails.size());

    // --- 1. diffs
    List<String> texts = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<String> msgIds = new ArrayList<>();
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

    // --- 3. mbox splitting: the whole corpus written as mboxes, split back, message by message
    Field sepField = MboxReader.class.getDeclaredField("SEPARATOR");
    sepField.setAccessible(true);
    String ourSeparator = "^" + ((Pattern) sepField.get(null)).pattern() + "$";
    Map<String, String> fromLines = new LinkedHashMap<>();
    fromLines.put("mime4j DEFAULT", FromLinePatterns.DEFAULT);
    fromLines.put("mime4j DEFAULT2", FromLinePatterns.DEFAULT2);
    fromLines.put("mime4j, our separator regex", ourSeparator);
    List<MboxVariant> variants = mboxVariants(mails);
    final Path mbox = tmp.resolve("0.mbox"); // the first variant (lore's mboxrd) is timed
    for (int vi = 0; vi < variants.size(); vi++) {
      MboxVariant v = variants.get(vi);
      Path file = tmp.resolve(vi + ".mbox");
      Files.write(file, v.mbox());
      out.printf(
          Locale.ROOT,
          "mbox %s: %d mails, %d bytes (%s)%n",
          v.name(),
          v.expected().size(),
          v.mbox().length,
          file);
      Kinds mk = new Kinds();
      List<byte[]> ours = MboxReader.read(file);
      report(out, "MboxReader", ours, v, mk, mails);
      for (Map.Entry<String, String> e : fromLines.entrySet()) {
        List<byte[]> raw;
        try {
          raw = mime4jSplit(file, e.getValue());
        } catch (IllegalArgumentException ex) {
          out.printf(Locale.ROOT, "  %-45s throws: %s%n", e.getKey(), ex.getMessage());
          continue;
        }
        report(out, e.getKey() + " (as it gives them)", raw, v, mk, mails);
        report(
            out,
            e.getKey() + " + unquote + drop the blank",
            raw.stream().map(LibMeasure::unquoteAndTrim).toList(),
            v,
            mk,
            mails);
        List<byte[]> wrapped = raw.stream().map(LibMeasure::unquoteAndTrim).toList();
        int sameAsOurs = 0;
        for (int i = 0; i < Math.min(ours.size(), wrapped.size()); i++) {
          if (Arrays.equals(ours.get(i), wrapped.get(i))) {
            sameAsOurs++;
          }
        }
        out.printf(
            Locale.ROOT,
            "    ... + unquote + drop the blank vs MboxReader: %d vs %d messages, byte-identical %d%n",
            wrapped.size(),
            ours.size(),
            sameAsOurs);
      }
      gitMailsplit(file, v.name().contains("mboxrd"), tmp)
          .ifPresent(
              g ->
                  report(
                      out,
                      "git mailsplit" + (v.name().contains("mboxrd") ? " --mboxrd" : ""),
                      g,
                      v,
                      mk,
                      mails));
      mk.print(out);
      if (!file.equals(mbox)) {
        Files.delete(file); // only the first variant is timed below
      }
    }

    // --- 4. trailers: every commit message a patch mail has
    List<String> msgs = new ArrayList<>();
    for (int i = 0; i < mails.size(); i++) {
      InboxMessage m = MessageClassifier.read("mail#" + i, mails.get(i));
      m.patch().ifPresent(p -> msgs.add(p.metadata().commitMessage()));
      if (m.patch().isPresent()) {
        msgIds.add("mail#" + i + " " + m.patch().get().metadata().messageId());
      }
    }
    Kinds tk = new Kinds();
    int trailerSame = 0;
    int withTrailers = 0;
    long ourCount = 0;
    long theirCount = 0;
    // JGit reads a whole commit message and never takes its first line (the subject) as a footer;
    // ours is given the body without the subject, so JGit gets a subject line put first
    for (int i = 0; i < msgs.size(); i++) {
      List<String> o = ourTrailers(msgs.get(i));
      List<String> t = jgitTrailers("subject\n\n" + msgs.get(i));
      ourCount += o.size();
      theirCount += t.size();
      if (!o.isEmpty() || !t.isEmpty()) {
        withTrailers++;
      }
      if (o.equals(t)) {
        trailerSame++;
        continue;
      }
      String d = trailerDiff(o, t);
      int bar = d.indexOf('|');
      tk.add(d.substring(0, bar), msgIds.get(i) + " — " + d.substring(bar + 1));
    }
    out.printf(
        Locale.ROOT,
        "trailers: commit messages: %d, with trailers (either): %d, same list: %d, differing: %d;"
            + " trailers ours %d, JGit FooterLine %d%n",
        msgs.size(),
        withTrailers,
        trailerSame,
        msgs.size() - trailerSame,
        ourCount,
        theirCount);
    tk.print(out);

    // --- 5. word wrap: every paragraph RuleDocs wraps, and every commit-message paragraph
    Method wrap =
        Class.forName("org.mmreview.rules.RuleDocs")
            .getDeclaredMethod("wrap", String.class, int.class);
    wrap.setAccessible(true);
    List<String> paras = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    for (RuleMetadata r : RuleCatalog.load().rules()) {
      List<String> sections = new ArrayList<>();
      sections.add(r.message());
      sections.addAll(r.variants().values());
      sections.add(r.rationale());
      sections.add(r.precedent());
      sections.add(r.fix());
      r.escalationNote().ifPresent(sections::add);
      for (String text : sections) {
        if (text == null) {
          continue;
        }
        for (String p : text.split("\n\\s*\n")) {
          paras.add(p);
          widths.add(76);
        }
      }
      for (String item : r.notReported()) {
        paras.add(item);
        widths.add(74);
      }
    }
    int catalogParas = paras.size();
    for (String msg : msgs) {
      for (String p : msg.split("\n\\s*\n")) {
        if (!p.isBlank()) {
          paras.add(p);
          widths.add(76);
        }
      }
    }
    for (int extra : new int[] {0, 1}) {
      Kinds wk = new Kinds();
      int sameCatalog = 0;
      int sameCorpus = 0;
      for (int i = 0; i < paras.size(); i++) {
        @SuppressWarnings("unchecked")
        List<String> o = (List<String>) wrap.invoke(null, paras.get(i), widths.get(i));
        List<String> t = picocliWrap(paras.get(i), widths.get(i) + extra);
        if (o.equals(t)) {
          if (i < catalogParas) {
            sameCatalog++;
          } else {
            sameCorpus++;
          }
          continue;
        }
        String d = wrapDiff(o, t, widths.get(i));
        int bar = d.indexOf('|');
        wk.add(
            (i < catalogParas ? "catalogue: " : "corpus: ") + d.substring(0, bar),
            "paragraph " + i + ", " + d.substring(bar + 1));
      }
      out.printf(
          Locale.ROOT,
          "wrap: picocli column = RuleDocs width%s: catalogue paragraphs %d, same lines %d;"
              + " corpus commit-message paragraphs %d, same lines %d%n",
          extra == 0 ? "" : " + " + extra,
          catalogParas,
          sameCatalog,
          paras.size() - catalogParas,
          sameCorpus);
      wk.print(out);
    }

    // --- timings: CPU of this thread, whole corpus per round, alternating order
    out.printf(Locale.ROOT, "timing (CPU ms per pass over the corpus, %d rounds):%n", rounds);
    for (int r = 0; r < rounds; r++) {
      long a = cpu(() -> texts.forEach(DiffParser::parse));
      long b = cpu(() -> texts.forEach(LibMeasure::jgit));
      long c = cpu(() -> dates.forEach(s -> invokeQuietly(ourDates, s)));
      long e = cpu(() -> dates.forEach(s -> mime4j(s, false)));
      long f = cpu(() -> dates.forEach(s -> mime4j(s, true)));
      long g = cpu(() -> uncheck(() -> MboxReader.read(mbox)));
      long h = cpu(() -> uncheck(() -> mime4jSplit(mbox, ourSeparator)));
      long k =
          cpu(
              () ->
                  uncheck(() -> mime4jSplit(mbox, ourSeparator))
                      .forEach(LibMeasure::unquoteAndTrim));
      long l = cpu(() -> msgs.forEach(LibMeasure::ourTrailers));
      long n = cpu(() -> msgs.forEach(m -> jgitTrailers("subject\n\n" + m)));
      long w = cpu(() -> forEachPara(paras, widths, (p, wd) -> invokeWrap(wrap, p, wd)));
      long x = cpu(() -> forEachPara(paras, widths, LibMeasure::picocliWrap));
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
      out.printf(
          Locale.ROOT,
          "           MboxReader %5d  mime4j mbox %5d (+ unquote/trim %5d)  |  TrailerParser %5d"
              + "  JGit FooterLine %5d  |  RuleDocs.wrap %5d  picocli TextTable %5d%n",
          g,
          h,
          k,
          l,
          n,
          w,
          x);
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

  // ---------------------------------------------------------------- 3. mbox splitting

  /** One way of writing the corpus as an mbox, and the bytes each message must come back as. */
  record MboxVariant(String name, byte[] mbox, List<byte[]> expected) {}

  /**
   * The whole corpus as mboxes: (a) as public-inbox and b4 write one ({@code From mboxrd@z Thu Jan
   * 1 00:00:00 1970}, mboxrd quoting: a '>' before every {@code >*From } line, a newline added when
   * the mail lacks one, a blank line after each mail); (b) the same with CRLF line ends; (c) as
   * {@code git format-patch --stdout} writes one ({@code From <40 hex> Mon Sep 17 00:00:00 2001},
   * no quoting: a body line starting "From " stays as it is).
   */
  static List<MboxVariant> mboxVariants(List<byte[]> mails) throws Exception {
    ByteArrayOutputStream rd = new ByteArrayOutputStream();
    ByteArrayOutputStream crlf = new ByteArrayOutputStream();
    ByteArrayOutputStream fp = new ByteArrayOutputStream();
    List<byte[]> expected = new ArrayList<>();
    List<byte[]> expectedCrlf = new ArrayList<>();
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    for (byte[] mail : mails) {
      byte[] m = mail;
      if (m.length == 0 || m[m.length - 1] != '\n') {
        m = Arrays.copyOf(m, m.length + 1);
        m[m.length - 1] = '\n';
      }
      expected.add(m);
      byte[] c = toCrlf(m);
      expectedCrlf.add(c);
      rd.write("From mboxrd@z Thu Jan  1 00:00:00 1970\n".getBytes(StandardCharsets.US_ASCII));
      rd.write(mboxrdQuote(m));
      rd.write('\n');
      crlf.write("From mboxrd@z Thu Jan  1 00:00:00 1970\r\n".getBytes(StandardCharsets.US_ASCII));
      crlf.write(mboxrdQuote(c));
      crlf.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      String sha = HexFormat.of().formatHex(sha1.digest(m));
      fp.write(("From " + sha + " Mon Sep 17 00:00:00 2001\n").getBytes(StandardCharsets.US_ASCII));
      fp.write(m);
      fp.write('\n');
    }
    return List.of(
        new MboxVariant("public-inbox mboxrd", rd.toByteArray(), expected),
        new MboxVariant("public-inbox mboxrd, CRLF", crlf.toByteArray(), expectedCrlf),
        new MboxVariant("format-patch (no quoting)", fp.toByteArray(), expected));
  }

  /** A '>' before every line matching {@code ^>*From } (mboxrd). */
  static byte[] mboxrdQuote(byte[] m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(m.length + 64);
    int i = 0;
    while (i < m.length) {
      int k = i;
      while (k < m.length && m[k] == '>') {
        k++;
      }
      if (k + 5 <= m.length && new String(m, k, 5, StandardCharsets.ISO_8859_1).equals("From ")) {
        out.write('>');
      }
      int end = i;
      while (end < m.length && m[end] != '\n') {
        end++;
      }
      int next = Math.min(m.length, end + 1);
      out.write(m, i, next - i);
      i = next;
    }
    return out.toByteArray();
  }

  static byte[] toCrlf(byte[] m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(m.length + m.length / 40);
    for (int i = 0; i < m.length; i++) {
      if (m[i] == '\n' && (i == 0 || m[i - 1] != '\r')) {
        out.write('\r');
      }
      out.write(m[i]);
    }
    return out.toByteArray();
  }

  /** mime4j's splitter over a file; each message decoded as ISO-8859-1, so bytes come back. */
  static List<byte[]> mime4jSplit(Path file, String fromLine) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (MboxIterator it =
        MboxIterator.fromFile(file)
            .charset(StandardCharsets.ISO_8859_1)
            .fromLine(fromLine)
            .build()) {
      for (CharBufferWrapper m : it) {
        out.add(m.toString().getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    return out;
  }

  /** What a wrapper around mime4j must add to match MboxReader: unquoting, one blank dropped. */
  static byte[] unquoteAndTrim(byte[] m) {
    byte[] b = unquote(m);
    int n = b.length;
    if (n >= 2 && b[n - 1] == '\n' && b[n - 2] == '\n') {
      n--;
    } else if (n >= 4 && b[n - 1] == '\n' && b[n - 2] == '\r' && b[n - 3] == '\n') {
      n -= 2;
    }
    return Arrays.copyOf(b, n);
  }

  /** mboxrd unquoting: one '>' dropped from every {@code >+From } line. */
  static byte[] unquote(byte[] m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(m.length);
    int i = 0;
    while (i < m.length) {
      int k = i;
      while (k < m.length && m[k] == '>') {
        k++;
      }
      int from = i;
      if (k > i
          && k + 5 <= m.length
          && new String(m, k, 5, StandardCharsets.ISO_8859_1).equals("From ")) {
        from = i + 1;
      }
      int end = i;
      while (end < m.length && m[end] != '\n') {
        end++;
      }
      int next = Math.min(m.length, end + 1);
      out.write(m, from, next - from);
      i = next;
    }
    return out.toByteArray();
  }

  /**
   * Compares a split with the mails it must give back: same count, then message by message. Adds
   * kinds to {@code kinds} with the first example; returns the number of messages byte-identical at
   * the same index.
   */
  static int compareSplit(
      String who, List<byte[]> got, List<byte[]> expected, Kinds kinds, List<byte[]> mails) {
    if (got.size() != expected.size()) {
      kinds.add(
          who + ": message count",
          got.size() + " messages for " + expected.size() + " mails" + firstSplit(got, expected));
    }
    int same = 0;
    for (int i = 0; i < Math.min(got.size(), expected.size()); i++) {
      if (Arrays.equals(got.get(i), expected.get(i))) {
        same++;
      }
    }
    // each mail not given back whole: compared with the message carrying its Message-ID
    Map<String, byte[]> byId = new HashMap<>();
    Set<String> gotSet = new HashSet<>();
    for (byte[] g : got) {
      byId.putIfAbsent(messageId(g), g);
      gotSet.add(new String(g, StandardCharsets.ISO_8859_1));
    }
    for (int i = 0; i < expected.size(); i++) {
      String e = new String(expected.get(i), StandardCharsets.ISO_8859_1);
      if (!gotSet.contains(e)) {
        String id = messageId(mails.get(i));
        // the message at the same place when it carries the same id (the corpus has duplicates)
        byte[] g = i < got.size() && messageId(got.get(i)).equals(id) ? got.get(i) : byId.get(id);
        kinds.add(
            who + ": " + (g == null ? "no message has its Message-ID" : whyDiffers(g, e)),
            "mail#" + i + " " + id);
      }
    }
    return same;
  }

  private static String firstSplit(List<byte[]> got, List<byte[]> expected) {
    for (int i = 0; i < Math.min(got.size(), expected.size()); i++) {
      if (!Arrays.equals(got.get(i), expected.get(i))) {
        return ", first difference at message " + i;
      }
    }
    return "";
  }

  /** Why message {@code g} is not mail {@code e}: each difference named. */
  private static String whyDiffers(byte[] g, String e) {
    String s = new String(g, StandardCharsets.ISO_8859_1);
    List<String> why = new ArrayList<>();
    if (s.startsWith("\n") || s.startsWith("\r\n")) {
      why.add("starts with the separator's line end (the From_ match ends before '\\r')");
      s = s.substring(s.indexOf('\n') + 1);
    }
    if (!s.equals(e) && (s.equals(e + "\n") || s.equals(e + "\r\n"))) {
      why.add("mbox blank line after the mail kept");
      s = e;
    }
    if (!s.equals(e)) {
      String u =
          new String(unquote(s.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
      if (u.equals(e) || u.equals(e + "\n") || u.equals(e + "\r\n")) {
        why.add("'>From ' quoting left in");
        if (!u.equals(e)) {
          why.add("mbox blank line after the mail kept");
        }
        s = e;
      }
    }
    if (!s.equals(e)) {
      if (e.startsWith(s.stripTrailing())) {
        why.add("mail cut short (a body line taken as a separator)");
      } else if (s.startsWith(e.stripTrailing())) {
        why.add("mail runs into the next (its separator not seen)");
      } else {
        why.add("other byte difference");
      }
    }
    return String.join(" + ", why);
  }

  static String messageId(byte[] mail) {
    String s = new String(mail, StandardCharsets.ISO_8859_1);
    Matcher m = Pattern.compile("(?im)^Message-ID:\\s*(<[^>\\s]*>)").matcher(s);
    return m.find() ? m.group(1) : "(no Message-ID)";
  }

  // ---------------------------------------------------------------- 4. trailers

  static List<String> ourTrailers(String msg) {
    return TrailerParser.trailers(msg).stream().map(t -> t.key() + ": " + t.value()).toList();
  }

  static List<String> jgitTrailers(String msg) {
    return FooterLine.fromMessage(msg).stream().map(f -> f.getKey() + ": " + f.getValue()).toList();
  }

  /** The kind of difference between two trailer lists, with the first differing entries. */
  static String trailerDiff(List<String> ours, List<String> theirs) {
    if (ours.isEmpty()) {
      return "ours none, JGit " + theirs.size() + "|first JGit: " + theirs.get(0);
    }
    if (theirs.isEmpty()) {
      return "JGit none, ours " + ours.size() + "|first ours: " + ours.get(0);
    }
    List<String> onlyOurs = new ArrayList<>(ours);
    onlyOurs.removeAll(theirs);
    List<String> onlyTheirs = new ArrayList<>(theirs);
    onlyTheirs.removeAll(ours);
    if (onlyOurs.isEmpty() && onlyTheirs.isEmpty()) {
      return "same entries, different order or repeats|ours " + ours + " JGit " + theirs;
    }
    if (onlyOurs.isEmpty()) {
      return "JGit has extra entries|" + onlyTheirs.get(0);
    }
    if (onlyTheirs.isEmpty()) {
      return "ours has extra entries|" + onlyOurs.get(0);
    }
    String o = onlyOurs.get(0);
    String t = onlyTheirs.get(0);
    String ok = o.substring(0, o.indexOf(':'));
    String tk = t.substring(0, t.indexOf(':'));
    return (ok.equals(tk) ? "same key, value differs" : "different entries")
        + "|ours \""
        + o
        + "\", JGit \""
        + t
        + "\"";
  }

  // ---------------------------------------------------------------- 5. word wrap

  /** picocli's TextTable, one WRAP column of {@code width}, Ansi off; trailing blanks dropped. */
  static List<String> picocliWrap(String text, int width) {
    TextTable t = TextTable.forColumns(Ansi.OFF, new Column(width, 0, Column.Overflow.WRAP));
    t.indentWrappedLines = 0; // picocli indents continuation lines by 2 unless told
    t.addRowValues(text.strip().replaceAll("\\s+", " "));
    List<String> lines = new ArrayList<>();
    for (String l : t.toString().split("\\R", -1)) {
      lines.add(l.stripTrailing());
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  /** The kind of the first difference between two wrappings of one paragraph. */
  static String wrapDiff(List<String> ours, List<String> theirs, int width) {
    for (int i = 0; i < Math.max(ours.size(), theirs.size()); i++) {
      String o = i < ours.size() ? ours.get(i) : "";
      String t = i < theirs.size() ? theirs.get(i) : "";
      if (o.equals(t)) {
        continue;
      }
      String kind;
      if (o.length() > width) {
        kind = "a word longer than the width: ours keeps it whole, picocli cuts it";
      } else if (o.length() >= width - 1 && t.length() < o.length()) {
        kind = "a line of " + o.length() + " chars (width " + width + "): picocli breaks earlier";
      } else {
        kind = "other";
      }
      return kind + "|line " + (i + 1) + ": ours \"" + o + "\", picocli \"" + t + "\"";
    }
    return "";
  }

  private static void report(
      PrintStream out,
      String who,
      List<byte[]> got,
      MboxVariant v,
      Kinds kinds,
      List<byte[]> mails) {
    int same = compareSplit(who, got, v.expected(), kinds, mails);
    out.printf(
        Locale.ROOT,
        "  %-45s messages %5d, byte-identical to the mail %5d / %d%n",
        who,
        got.size(),
        same,
        v.expected().size());
  }

  /** {@code git mailsplit} (the reference the mboxes are written for), when git is on the PATH. */
  static Optional<List<byte[]>> gitMailsplit(Path mbox, boolean mboxrd, Path tmp) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory(tmp, "mailsplit");
      List<String> cmd = new ArrayList<>(List.of("git", "mailsplit", "-o" + dir));
      if (mboxrd) {
        cmd.add("--mboxrd");
      }
      cmd.add("--keep-cr"); // else mailsplit turns CRLF into LF
      cmd.add(mbox.toString());
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        return Optional.empty();
      }
      List<byte[]> out = new ArrayList<>();
      try (var files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          byte[] b = Files.readAllBytes(f);
          int nl = 0;
          while (b.length > 5 && nl < b.length && b[nl] != '\n') {
            nl++;
          }
          // mailsplit keeps the From_ line at the top of each file
          out.add(b.length > 5 && b[0] == 'F' ? Arrays.copyOfRange(b, nl + 1, b.length) : b);
        }
      }
      return Optional.of(out);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (dir != null) {
        deleteTree(dir); // 5404 files a variant: not kept until the end of the run
      }
    }
  }

  /** Removes a directory and everything under it; what cannot be removed is left, said once. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("lib-measure: could not remove " + dir + ": " + e.getMessage());
    }
  }

  interface IoCall<T> {
    T call() throws IOException;
  }

  static <T> T uncheck(IoCall<T> c) {
    try {
      return c.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  interface ParaFn {
    Object apply(String para, int width);
  }

  static void forEachPara(List<String> paras, List<Integer> widths, ParaFn fn) {
    for (int i = 0; i < paras.size(); i++) {
      fn.apply(paras.get(i), widths.get(i));
    }
  }

  static Object invokeWrap(Method wrap, String para, int width) {
    try {
      return wrap.invoke(null, para, width);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
