package org.mmreview.bot;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchMetadata;
import org.mmreview.report.Finding;
import org.mmreview.report.HumanFormat;

/**
 * Writes the bot's reply to one patch as a reviewer would: a plain-text mail in the patch's thread,
 * quoting the hunk lines that matter under their {@code @@} line, with the finding right under the
 * line it is about ({@code ^^^} under the evidence), why, the fix and the precedent, then the next;
 * a short footer says what the bot is and how to tell it it was wrong. Prose is wrapped at 72
 * columns; quoted code is never wrapped. The Message-ID is derived from the patch's, so a reply
 * prepared twice (a restart) is the same mail and can be recognised as already sent.
 */
public final class ReplyWriter {

  /** Prose width, as kernel mail is written. */
  static final int WIDTH = 72;

  /** Context lines quoted above a finding's line, as reviewers trim. */
  static final int CONTEXT = 3;

  /**
   * What one reply says.
   *
   * @param patch the patch replied to
   * @param findings the findings to write out, in order
   * @param more findings left out by the per-reply maximum
   * @param stillPresent findings an earlier version already had, {@code rule-id (since vK)}
   * @param base how the code was reviewed: the base, or why only the hunks
   * @param incomplete when the series was reviewed before all of it arrived, what arrived
   * @param version the tool's version
   */
  public record Reply(
      Patch patch,
      List<Finding> findings,
      int more,
      List<String> stillPresent,
      String base,
      Optional<String> incomplete,
      String version) {
    public Reply {
      findings = List.copyOf(findings);
      stillPresent = List.copyOf(stillPresent);
    }
  }

  private final BotConfig config;

  public ReplyWriter(BotConfig config) {
    this.config = config;
  }

  /** The reply's Message-ID: fixed by the patch's, in the bot's domain. */
  public String messageId(String patchMessageId) {
    String domain = BotConfig.address(config.from());
    domain = domain.contains("@") ? domain.substring(domain.indexOf('@') + 1) : "localhost";
    return "<mmreview." + hash(patchMessageId) + "@" + domain + ">";
  }

  /** The whole mail, RFC 5322, CRLF line ends as SMTP sends them. */
  public byte[] mail(Reply r, Instant date) throws MessagingException {
    PatchMetadata m = r.patch().metadata();
    MimeMessage msg = new FixedIdMessage(messageId(m.messageId()));
    msg.setFrom(parse(config.from()));
    Optional<InternetAddress> author = parseQuietly(m.from());
    if (author.isPresent()) {
      msg.setRecipient(Message.RecipientType.TO, author.get());
    }
    List<InternetAddress> cc = new ArrayList<>();
    Set<String> had = new LinkedHashSet<>();
    author.ifPresent(a -> had.add(a.getAddress().toLowerCase(Locale.ROOT)));
    had.add(BotConfig.address(config.from()));
    for (String a : recipients(m)) {
      Optional<InternetAddress> ia = parseQuietly(a);
      if (ia.isPresent() && had.add(ia.get().getAddress().toLowerCase(Locale.ROOT))) {
        boolean list = isList(ia.get().getAddress());
        if (list ? config.ccList() : config.ccPatchRecipients()) {
          cc.add(ia.get());
        }
      }
    }
    if (!cc.isEmpty()) {
      msg.setRecipients(Message.RecipientType.CC, cc.toArray(new InternetAddress[0]));
    }
    String subject = m.subject().strip();
    msg.setSubject(
        subject.regionMatches(true, 0, "Re:", 0, 3) ? subject : "Re: " + subject, "UTF-8");
    // the date in UTC, whatever the machine's zone: a reply is the same mail wherever prepared
    msg.setHeader(
        "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atOffset(ZoneOffset.UTC)));
    if (!m.messageId().isEmpty()) {
      msg.setHeader("In-Reply-To", m.messageId());
      List<String> refs = new ArrayList<>(m.references());
      if (!refs.contains(m.messageId())) {
        refs.add(m.messageId());
      }
      msg.setHeader("References", String.join("\r\n ", refs));
    }
    // RFC 3834: an automatic reply; vacation responders and other bots leave it alone.
    msg.setHeader("Auto-Submitted", "auto-generated");
    msg.setHeader("X-Mailer", "mmreview " + r.version());
    msg.setText(body(r), "UTF-8", "plain");
    msg.saveChanges();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      msg.writeTo(out);
    } catch (IOException e) {
      throw new MessagingException("cannot write the reply", e);
    }
    return out.toByteArray();
  }

  /** True when the address is one of the configured lists (any address, when none is). */
  boolean isList(String address) {
    if (config.lists().isEmpty()) {
      return true;
    }
    String a = address.toLowerCase(Locale.ROOT);
    return config.lists().stream().anyMatch(l -> BotConfig.address(l).equals(a));
  }

  static List<String> recipients(PatchMetadata m) {
    List<String> out = new ArrayList<>(m.to());
    out.addAll(m.cc());
    return out;
  }

  /** The text of the reply. */
  public String body(Reply r) {
    StringBuilder b = new StringBuilder();
    PatchMetadata m = r.patch().metadata();
    String who = m.from().replaceAll("\\s*<[^>]*>", "").replace("\"", "").strip();
    if (r.incomplete().isPresent()) {
      prose(b, r.incomplete().get());
      b.append('\n');
    }
    prose(b, r.base());
    b.append('\n');
    String when = m.rawDate().isEmpty() ? "" : "On " + m.rawDate().strip() + ", ";
    b.append(when).append(who.isEmpty() ? "you" : who).append(" wrote:\n");

    Set<String> explained = new LinkedHashSet<>();
    Map<String, List<Finding>> byFile = new LinkedHashMap<>();
    for (Finding f : r.findings()) {
      byFile.computeIfAbsent(f.location().file(), k -> new ArrayList<>()).add(f);
    }
    for (Map.Entry<String, List<Finding>> e : byFile.entrySet()) {
      Optional<FileChange> fc =
          r.patch().files().stream().filter(f -> f.newPath().equals(e.getKey())).findFirst();
      b.append("> diff --git a/")
          .append(fc.map(FileChange::oldPath).orElse(e.getKey()))
          .append(" b/")
          .append(e.getKey())
          .append('\n');
      Hunk quotedHunk = null;
      int lastQuoted = -1;
      for (Finding f : e.getValue()) {
        Optional<Hunk> h = fc.flatMap(c -> hunkOf(c, f.location().line()));
        if (h.isPresent()) {
          if (h.get() != quotedHunk) {
            b.append("> ").append(h.get().header()).append('\n');
            quotedHunk = h.get();
            lastQuoted = -1;
          }
          lastQuoted = quote(b, h.get(), f, lastQuoted);
        } else {
          b.append(">\n> [").append(f.location().file()).append(':').append(f.location().line());
          b.append(f.function().isEmpty() ? "" : ", in " + f.function() + "()");
          b.append(", outside the hunks]\n");
          if (!f.sourceLine().isEmpty()) {
            b.append("> ").append(HumanFormat.expandTabs(" " + f.sourceLine())).append('\n');
            b.append("  ").append(marker(" ", f)).append('\n');
          }
        }
        b.append('\n');
        finding(b, f, explained.add(f.ruleId()), r.patch().metadata().date());
        b.append('\n');
      }
    }
    if (r.more() > 0) {
      prose(
          b,
          r.more()
              + " more finding"
              + (r.more() == 1 ? "" : "s")
              + " of this patch "
              + (r.more() == 1 ? "is" : "are")
              + " left out of this mail (at most "
              + config.maxFindings()
              + " per reply); `mmreview check` on the patch lists "
              + (r.more() == 1 ? "it" : "them")
              + ".");
      b.append('\n');
    }
    if (!r.stillPresent().isEmpty()) {
      prose(
          b,
          "Still present from earlier versions, reported then and not repeated here: "
              + String.join(", ", r.stillPresent())
              + ".");
      b.append('\n');
    }
    footer(b, r);
    return b.toString();
  }

  /** The finding under its line: what and why, the fix, the precedent (once per rule). */
  private void finding(
      StringBuilder b, Finding f, boolean first, Optional<OffsetDateTime> mailDate) {
    prose(b, f.message() + " [" + f.ruleId() + ", " + f.severity().label() + "]");
    Optional<String> precedent = citable(f.precedent(), mailDate);
    if (!first) {
      // a reviewer says the fix once, not under every line it applies to
      b.append('\n');
      prose(b, precedent.isPresent() ? "Fix and precedent as above." : "Fix as above.");
      return;
    }
    if (!f.fix().isEmpty()) {
      b.append('\n');
      prose(b, "Fix: " + f.fix());
    }
    if (precedent.isPresent()) {
      b.append('\n');
      prose(b, "Precedent: " + precedent.get());
    }
  }

  private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
  private static final Pattern MONTH_YEAR =
      Pattern.compile(
          "\\b(January|February|March|April|May|June|July|August|September|October|November"
              + "|December) (\\d{4})\\b");

  /**
   * The parts of a rule's precedent ({@code ;}-separated threads) a reply to a mail of {@code
   * mailDate} may cite: a reply must not cite a review written after the mail it answers (a replay
   * of 2020 mails quoting a 2026 thread). A part dated after the mail's day ({@code 2023-05-24}, or
   * a month such as {@code July 2023} after the mail's month) is left out; undated parts and every
   * part of an undated mail stay. Empty when nothing is left.
   */
  static Optional<String> citable(String precedent, Optional<OffsetDateTime> mailDate) {
    if (precedent.isEmpty() || mailDate.isEmpty()) {
      return precedent.isEmpty() ? Optional.empty() : Optional.of(precedent);
    }
    LocalDate day = mailDate.get().toLocalDate();
    List<String> kept = new ArrayList<>();
    for (String part : precedent.split(";\\s*")) {
      if (!part.isBlank() && !after(part, day)) {
        kept.add(part.strip());
      }
    }
    return kept.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", kept));
  }

  private static boolean after(String part, LocalDate day) {
    Matcher iso = ISO_DATE.matcher(part);
    while (iso.find()) {
      try {
        LocalDate d =
            LocalDate.of(
                Integer.parseInt(iso.group(1)),
                Integer.parseInt(iso.group(2)),
                Integer.parseInt(iso.group(3)));
        if (d.isAfter(day)) {
          return true;
        }
      } catch (DateTimeException e) {
        // not a date after all (a version string): no claim either way
      }
    }
    Matcher month = MONTH_YEAR.matcher(part);
    while (month.find()) {
      YearMonth m =
          YearMonth.of(
              Integer.parseInt(month.group(2)),
              Month.valueOf(month.group(1).toUpperCase(Locale.ROOT)));
      if (m.isAfter(YearMonth.from(day))) {
        return true;
      }
    }
    return false;
  }

  private void footer(StringBuilder b, Reply r) {
    Set<String> ids = new TreeSet<>();
    r.findings().forEach(f -> ids.add(f.ruleId()));
    b.append("-- \n");
    prose(
        b,
        "This is mmreview "
            + r.version()
            + ", an automated checker for mm/ patches (rules: "
            + String.join(", ", ids)
            + "). Its findings are heuristics and it can be wrong: reply to say so, and the"
            + " rule is looked at. To get no more of these mails, reply with \"mmreview:"
            + " opt out\". Reproduce with `mmreview check --repo <linux> <this patch mail>`.");
  }

  /**
   * Quotes up to {@link #CONTEXT} lines above the finding's line and the line itself, the
   * post-image side of the hunk ({@code [...]} where lines are skipped), and the marker under it.
   *
   * @return the index of the last hunk line quoted
   */
  private static int quote(StringBuilder b, Hunk h, Finding f, int lastQuoted) {
    List<HunkLine> lines = h.lines();
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      HunkLine l = lines.get(i);
      if (l.kind() != HunkLine.Kind.REMOVE && l.newLine() == f.location().line()) {
        at = i;
        break;
      }
    }
    int from = Math.max(lastQuoted + 1, at - CONTEXT);
    while (from < at && lines.get(from).kind() == HunkLine.Kind.REMOVE) {
      from++;
    }
    if (at <= lastQuoted) {
      // a second finding on a line already quoted: quote that line again, alone
      from = at;
    } else if (from > lastQuoted + 1) {
      b.append("> [...]\n");
    }
    for (int i = from; i <= at; i++) {
      HunkLine l = lines.get(i);
      b.append(("> " + HumanFormat.expandTabs(l.kind().prefix() + l.text())).stripTrailing())
          .append('\n');
    }
    HunkLine line = lines.get(at);
    b.append("  ").append(marker(String.valueOf(line.kind().prefix()), f)).append('\n');
    return Math.max(at, lastQuoted);
  }

  private static Optional<Hunk> hunkOf(FileChange fc, int newLine) {
    for (Hunk h : fc.hunks()) {
      for (HunkLine l : h.lines()) {
        if (l.kind() != HunkLine.Kind.REMOVE && l.newLine() == newLine) {
          return Optional.of(h);
        }
      }
    }
    return Optional.empty();
  }

  /** Carets under the evidence, for the line quoted after {@code prefix}, tabs expanded. */
  static String marker(String prefix, Finding f) {
    String line = f.sourceLine();
    int from = Math.min(f.location().column() - 1, line.length());
    int to = Math.min(Math.max(f.location().endColumn() - 1, from + 1), line.length());
    int start = HumanFormat.expandTabs(prefix + line.substring(0, from)).length();
    int end = HumanFormat.expandTabs(prefix + line.substring(0, Math.max(to, from))).length();
    return " ".repeat(start) + "^".repeat(Math.max(1, end - start));
  }

  /** Appends {@code text} wrapped at {@link #WIDTH}; a word longer than a line stays whole. */
  static void prose(StringBuilder b, String text) {
    int col = 0;
    for (String word : text.strip().split("\\s+")) {
      if (col > 0 && col + 1 + word.length() > WIDTH) {
        b.append('\n');
        col = 0;
      } else if (col > 0) {
        b.append(' ');
        col++;
      }
      b.append(word);
      col += word.length();
    }
    b.append('\n');
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static InternetAddress parse(String a) throws AddressException {
    InternetAddress[] all = InternetAddress.parse(a, false);
    if (all.length != 1) {
      throw new AddressException("expected one address", a);
    }
    try {
      // an encoded-word personal name stays readable in the headers
      return new InternetAddress(all[0].getAddress(), all[0].getPersonal(), "UTF-8");
    } catch (UnsupportedEncodingException e) {
      return all[0];
    }
  }

  private static Optional<InternetAddress> parseQuietly(String a) {
    try {
      return a == null || a.isBlank() ? Optional.empty() : Optional.of(parse(a));
    } catch (AddressException e) {
      return Optional.empty();
    }
  }

  /** The tool's version, as the jar was built. */
  public static String version() {
    Properties p = new Properties();
    try (InputStream in =
        ReplyWriter.class.getResourceAsStream("/org/mmreview/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }

  /** A message that keeps the Message-ID it was given instead of making one on save. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String id;

    FixedIdMessage(String id) {
      super(Session.getInstance(new Properties()));
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}
