package org.mmreview.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Decodes one mail with mime4j (quoted-printable, base64, multipart, charsets) and turns it into a
 * {@link Patch}: headers, series tags, commit message, trailers and the diff after the patch
 * separator, split the way {@code git mailinfo} splits it.
 */
public final class MailParser {

  /** The mail could not be decoded at all. */
  public static final class UndecodableMailException extends Exception {
    private static final long serialVersionUID = 1L;

    public UndecodableMailException(String message) {
      super(message);
    }
  }

  /** A decoded mail with its patch reading. */
  public record ParsedMail(MailMessage mail, Patch patch, DiffParser.Result diff) {}

  private static final Pattern FOLD = Pattern.compile("\r?\n[ \t]+");
  private static final Pattern LINE_BREAK = Pattern.compile("\\s*\\R\\s*");
  private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
  private static final Pattern IN_BODY_HEADER = Pattern.compile("^(From|Subject|Date):\\s*(.*)$");

  /**
   * More multipart sections than any real patch mail holds. mime4j reads nested multiparts through
   * one stream layer per level: thousands of levels take seconds per mail and end in a
   * StackOverflowError, so such a mail is refused before decoding.
   */
  static final int MAX_MULTIPARTS = 200;

  private MailParser() {}

  /**
   * Counts lines {@code Content-Type: multipart/...} (any case), the header of each section, that
   * start before {@code to}.
   */
  private static int multipartHeaders(byte[] raw, int from, int to) {
    int count = 0;
    int lineStart = from;
    while (lineStart < to) {
      // the first byte rules out nearly every line before the case-blind comparison
      if ((raw[lineStart] | 0x20) == 'c'
          && regionMatchesIgnoreCase(raw, lineStart, "content-type:")) {
        int k = lineStart + 13;
        while (k < raw.length && (raw[k] == ' ' || raw[k] == '\t')) {
          k++;
        }
        if (regionMatchesIgnoreCase(raw, k, "multipart/")) {
          count++;
        }
      }
      while (lineStart < raw.length && raw[lineStart] != '\n') {
        lineStart++;
      }
      lineStart++;
    }
    return count;
  }

  /**
   * Whether the header block {@code raw[start, headerEnd)} makes the mail one text part: no
   * Content-Type field (text/plain then), or every one's value starting with {@code text/}. mime4j
   * then reads the body as a leaf and never nests, so the multipart count, a guard against nesting,
   * need not scan the body.
   */
  private static boolean textLeaf(byte[] raw, int start, int headerEnd) {
    int line = start;
    while (line < headerEnd) {
      int next = line;
      while (next < headerEnd && raw[next] != '\n') {
        next++;
      }
      if (contentTypeBeyondText(raw, line, headerEnd)) {
        return false;
      }
      line = next + 1;
    }
    return true;
  }

  /** Whether the line at {@code line} is a Content-Type field whose value is not text/. */
  private static boolean contentTypeBeyondText(byte[] raw, int line, int headerEnd) {
    if ((raw[line] | 0x20) != 'c' || !regionMatchesIgnoreCase(raw, line, "content-type:")) {
      return false;
    }
    int k = line + 13;
    // the value may start on a continuation line
    while (k < headerEnd && (raw[k] == ' ' || raw[k] == '\t' || raw[k] == '\r' || raw[k] == '\n')) {
      k++;
    }
    return !regionMatchesIgnoreCase(raw, k, "text/");
  }

  private static boolean regionMatchesIgnoreCase(byte[] b, int at, String lower) {
    if (at + lower.length() > b.length) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      if (Character.toLowerCase((char) (b[at + i] & 0xff)) != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The Message-ID of a raw mail from its header block alone, without decoding it (no MIME parse):
   * for telling that a mail was seen before at the cost of a header scan. The first {@code <...>}
   * of the first Message-ID field (continuation lines included), as {@link #decode} reads it; empty
   * when there is none.
   */
  public static String headerMessageId(byte[] raw) {
    String value = rawHeaderField(raw, "message-id:");
    return value == null ? "" : firstId(LINE_BREAK.matcher(value).replaceAll(" "));
  }

  /**
   * The Subject of a raw mail from its header block alone, as {@link #decode} would give it, when
   * the header scan is enough to know it: a plain ASCII field without encoded words (decoding is
   * then only unfolding). Empty when the field is absent or needs MIME decoding: the caller
   * decodes.
   */
  public static Optional<String> plainHeaderSubject(byte[] raw) {
    String value = rawHeaderField(raw, "subject:");
    if (value == null || value.contains("=?")) {
      return Optional.empty();
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 0x80) {
        return Optional.empty();
      }
    }
    // unfolded as mime4j unfolds a field body (line breaks dropped, the white space after kept)
    return Optional.of(decodeHeader(value.replace("\r", "").replace("\n", "")));
  }

  /**
   * The raw value of the first header field named {@code lowerName} (with its colon), continuation
   * lines included, read as ISO-8859-1; null when the header block has none.
   */
  private static String rawHeaderField(byte[] raw, String lowerName) {
    int i = 0;
    if (MboxReader.startsWith(raw, 0, "From ")) {
      while (i < raw.length && raw[i] != '\n') {
        i++;
      }
      i++;
    }
    while (i < raw.length) {
      int end = i;
      while (end < raw.length && raw[end] != '\n') {
        end++;
      }
      if (end == i || (end == i + 1 && raw[i] == '\r')) {
        return null; // the blank line: the body starts
      }
      if (regionMatchesIgnoreCase(raw, i, lowerName)) {
        int valueStart = i + lowerName.length();
        int valueEnd = end;
        while (valueEnd + 1 < raw.length
            && (raw[valueEnd + 1] == ' ' || raw[valueEnd + 1] == '\t')) {
          valueEnd++;
          while (valueEnd < raw.length && raw[valueEnd] != '\n') {
            valueEnd++;
          }
        }
        return new String(
            raw,
            valueStart,
            Math.min(valueEnd, raw.length) - valueStart,
            StandardCharsets.ISO_8859_1);
      }
      i = end + 1;
    }
    return null;
  }

  /** Decodes and reads a mail. {@code source} names it in the patch and diagnostics. */
  public static ParsedMail parse(byte[] raw, String source) throws UndecodableMailException {
    return read(decode(raw, 0), source);
  }

  /**
   * Decodes and reads a mail that starts after {@code linesBefore} lines of a larger file (an
   * mbox), so patch lines count from the top of that file.
   */
  public static ParsedMail parse(byte[] raw, String source, int linesBefore)
      throws UndecodableMailException {
    return read(decode(raw, linesBefore), source);
  }

  /** Only the MIME decoding step. */
  public static MailMessage decode(byte[] raw) throws UndecodableMailException {
    return decode(raw, 0);
  }

  private static MailMessage decode(byte[] raw, int linesBefore) throws UndecodableMailException {
    return decode(raw, linesBefore, false);
  }

  /**
   * The headers of a mail, decoded as {@link #parse} decodes them, with an empty body: enough to
   * tell a reply (by its subject) without decoding a long quoted body. Warnings are the headers'
   * own (a bad date); a mail whose header block does not end in a blank line is decoded whole.
   */
  public static MailMessage decodeHeaders(byte[] raw, int linesBefore)
      throws UndecodableMailException {
    return decode(raw, linesBefore, true);
  }

  private static MailMessage decode(byte[] raw, int linesBefore, boolean headersOnly)
      throws UndecodableMailException {
    return decode(raw, linesBefore, headersOnly, true);
  }

  /**
   * @param filterHeaders hand mime4j only the header fields a mail is read for (see {@link
   *     #readFields}); false for all of them, as the test that compares the two ways does
   */
  static MailMessage decode(byte[] raw, int linesBefore, boolean headersOnly, boolean filterHeaders)
      throws UndecodableMailException {
    return decode(raw, linesBefore, headersOnly, filterHeaders, filterHeaders);
  }

  /**
   * @param plainText read a mail that is one text/plain part (identity or quoted-printable transfer
   *     encoding) without mime4j's entity parser ({@link PlainTextMail}); false for mime4j's parse
   *     of every mail, as the test that compares the two ways does
   */
  static MailMessage decode(
      byte[] raw, int linesBefore, boolean headersOnly, boolean filterHeaders, boolean plainText)
      throws UndecodableMailException {
    int start = 0;
    int headerLines = linesBefore;
    if (MboxReader.startsWith(raw, 0, "From ")) {
      // mbox separator line kept by a single-message file
      while (start < raw.length && raw[start] != '\n') {
        start++;
      }
      start = Math.min(raw.length, start + 1);
      headerLines++;
    }
    if (start >= raw.length || raw.length - start < 4) {
      throw new UndecodableMailException("empty message");
    }
    int headerEnd = -1;
    boolean sawColon = false;
    int lineStart = start;
    for (int i = start; i < raw.length; i++) {
      if (raw[i] == '\n') {
        int len = i - lineStart;
        if (len == 0 || (len == 1 && raw[lineStart] == '\r')) {
          headerEnd = i;
          break;
        }
        for (int k = lineStart; k < i && !sawColon; k++) {
          sawColon = raw[k] == ':';
        }
        headerLines++;
        lineStart = i + 1;
      }
    }
    if (!sawColon) {
      throw new UndecodableMailException("no mail headers");
    }
    // what mime4j is given: the header block alone when only the headers are decoded
    int length = headersOnly && headerEnd >= 0 ? headerEnd + 1 - start : raw.length - start;
    HeaderBlock block =
        headerEnd < 0
            ? null
            : filterHeaders
                ? readFields(raw, start, headerEnd)
                : new HeaderBlock(null, textLeaf(raw, start, headerEnd));
    // a mail declared as one text part is read by mime4j as one leaf, whatever its body says
    int multiparts =
        block != null && block.textLeaf() ? 0 : multipartHeaders(raw, start, start + length);
    if (multiparts > MAX_MULTIPARTS) {
      throw new UndecodableMailException(
          multiparts + " multipart sections (more than " + MAX_MULTIPARTS + "): not decoded");
    }
    List<String> warnings = new ArrayList<>();
    DecodeMonitor monitor =
        new DecodeMonitor() {
          @Override
          public boolean warn(String error, String dummy) {
            if (error.startsWith("Found LF without CR")
                || error.startsWith("Found non-standard soft line break")) {
              return false; // Unix line ends (and QP soft breaks "=\n"): normal in archives
            }
            // read without its body, a multipart mail's parts all seem to end prematurely
            if (!headersOnly && warnings.size() < 5) {
              warnings.add("MIME: " + error);
            }
            return false;
          }

          @Override
          public boolean isListening() {
            return true;
          }
        };
    Message msg = null;
    Header header;
    PlainTextMail.Decoded plain = null;
    if (headersOnly && block != null && block.fields() != null) {
      // the fields alone, by mime4j's field builder: its entity parser would only find the body
      // empty (and its warnings are not kept when only the headers are read)
      header = HeaderFields.read(block.fields());
    } else if (plainText
        && block != null
        && block.fields() != null
        && block.textLeaf()
        && (plain =
                PlainTextMail.decode(block.fields(), raw, headerEnd + 1, start + length, monitor))
            != null) {
      // one text/plain part, its body as mime4j's parse would hand it over
      header = plain.header();
    } else {
      try {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(
            MimeConfig.custom()
                .setMaxLineLen(-1)
                .setMaxHeaderLen(-1)
                .setMaxHeaderCount(-1)
                .setMaxContentLen(-1)
                .build());
        builder.setDecodeMonitor(monitor);
        InputStream in =
            block != null && block.fields() != null
                ? new SequenceInputStream(
                    new ByteArrayInputStream(block.fields()),
                    new ByteArrayInputStream(raw, headerEnd, start + length - headerEnd))
                : new ByteArrayInputStream(raw, start, length);
        msg = builder.parseMessage(in);
      } catch (IOException | RuntimeException e) {
        throw new UndecodableMailException("MIME parse failed: " + e.getMessage());
      }
      header = msg.getHeader();
    }
    String rawDate = header(header, "Date");
    MailDates.Parsed date = MailDates.parse(rawDate);
    date.problem().ifPresent(warnings::add);
    StringBuilder body = new StringBuilder();
    try {
      if (plain != null) {
        appendText(plain.body(), plain.contentType(), body, warnings);
      } else if (msg != null && (!headersOnly || headerEnd < 0)) {
        collectText(msg, body, warnings);
      }
    } catch (IOException | RuntimeException e) {
      throw new UndecodableMailException("cannot decode body: " + e.getMessage());
    }
    String inReplyTo = firstId(header(header, "In-Reply-To"));
    // a thread's References name every mail above it; only a mail without In-Reply-To is
    // threaded by them, so they are split into ids when first read
    String references = header(header, "References");
    List<String> refs = new LazyList<>(() -> ids(references));
    return new MailMessage(
        header(header, "From"),
        recipients(header, "To"),
        recipients(header, "Cc"),
        date.date(),
        rawDate,
        header(header, "Subject"),
        firstId(header(header, "Message-ID")),
        inReplyTo,
        refs,
        body.toString(),
        headerLines,
        warnings);
  }

  /** Reads the patch out of a decoded mail. */
  public static ParsedMail read(MailMessage mail, String source) {
    String body = mail.body();
    // the lines above the patch, and where the patch starts: the patch part is the rest of the
    // body as it is (no split and join of its lines, which are most of the mail)
    List<String> lines = new ArrayList<>();
    int breakLine = -1;
    int breakOffset = -1;
    for (int pos = 0; ; ) {
      int nl = body.indexOf('\n', pos);
      String line = nl < 0 ? body.substring(pos) : body.substring(pos, nl);
      if (isPatchBreak(line)) {
        breakLine = lines.size();
        breakOffset = pos;
        break;
      }
      lines.add(line);
      if (nl < 0) {
        break;
      }
      pos = nl + 1;
    }
    String author = mail.from();
    String subject = mail.subject();
    int msgStart = 0;
    // in-body headers override the mail's (git am): "From: Real Author <x@y>"
    int limit = lines.size();
    for (int i = 0; i < limit; i++) {
      Matcher m = IN_BODY_HEADER.matcher(lines.get(i));
      if (m.matches()) {
        if (m.group(1).equals("From")) {
          author = m.group(2).strip();
        } else if (m.group(1).equals("Subject")) {
          subject = m.group(2).strip();
        }
        msgStart = i + 1;
      } else {
        break;
      }
    }
    StringBuilder message = new StringBuilder();
    for (int i = msgStart; i < limit; i++) {
      message.append(lines.get(i)).append('\n');
    }
    String commitMessage = message.toString().strip();
    DiffParser.Result diff;
    if (breakLine < 0) {
      diff = new DiffParser.Result(List.of(), List.of());
    } else {
      diff = DiffParser.parse(body.substring(breakOffset), mail.headerLines() + 1 + breakLine);
    }
    SubjectParser.Subject mailSubject = SubjectParser.parse(mail.subject());
    // most patches carry no in-body Subject: the header's is then parsed once
    SubjectParser.Subject subj =
        subject.equals(mail.subject()) ? mailSubject : SubjectParser.parse(subject);
    PatchMetadata meta =
        new PatchMetadata(
            author,
            mail.to(),
            mail.cc(),
            mail.date(),
            mail.rawDate(),
            mail.subject(),
            subj.title(),
            subj.tag(),
            mailSubject.reply(),
            mail.messageId(),
            mail.inReplyTo(),
            mail.references(),
            commitMessage,
            // read only when asked (the bot, intake's JSON): an audit never looks at them
            new LazyList<>(() -> TrailerParser.trailers(commitMessage)),
            TrailerParser.baseCommit(body));
    return new ParsedMail(mail, new Patch(meta, diff.files(), source, body), diff);
  }

  /** git mailinfo's rule for where the commit message ends and the patch begins. */
  static boolean isPatchBreak(String line) {
    if (line.startsWith("diff -") || line.startsWith("Index: ")) {
      return true;
    }
    if (line.length() < 3 || !line.startsWith("---")) {
      return false;
    }
    if (line.length() > 4 && line.charAt(3) == ' ' && !Character.isWhitespace(line.charAt(4))) {
      return true;
    }
    for (int i = 3; i < line.length(); i++) {
      if (!Character.isWhitespace(line.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The header block {@code raw[start, headerEnd)} without the fields a mail is never read for:
   * public-inbox keeps every Received, DKIM and list header, several dozen lines a mail, and
   * mime4j's parse of each was most of a header-only decode. A field is dropped, with its
   * continuation lines, only when its name is a well-formed one (printable ASCII up to the colon)
   * that is none of From, To, Cc, Date, Subject, Message-ID, In-Reply-To, References, MIME-Version
   * or Content-*; a line mime4j might read otherwise is kept as it is. mime4j reads each field on
   * its own, so the fields kept decode as they did among the others.
   */
  static HeaderBlock readFields(byte[] raw, int start, int headerEnd) {
    byte[] out = new byte[headerEnd - start];
    int n = 0;
    boolean dropping = false;
    boolean textLeaf = true;
    int line = start;
    while (line < headerEnd) {
      int next = line;
      while (next < headerEnd && raw[next] != '\n') {
        next++;
      }
      next = Math.min(next + 1, headerEnd);
      boolean continuation = raw[line] == ' ' || raw[line] == '\t';
      if (!continuation) {
        dropping = unreadField(raw, line, next);
        textLeaf &= dropping || !contentTypeBeyondText(raw, line, headerEnd);
      }
      if (!dropping) {
        System.arraycopy(raw, line, out, n, next - line);
        n += next - line;
      }
      line = next;
    }
    return new HeaderBlock(Arrays.copyOf(out, n), textLeaf);
  }

  /**
   * A mail's header block as handed to mime4j.
   *
   * @param fields the fields read ({@link #readFields}), or null for the whole block
   * @param textLeaf the mail is one text part ({@link #textLeaf})
   */
  record HeaderBlock(byte[] fields, boolean textLeaf) {}

  /** The header names {@link #readFields} keeps, lower case, with their colon. */
  private static final List<String> READ_FIELDS =
      List.of(
          "from:",
          "to:",
          "cc:",
          "date:",
          "subject:",
          "message-id:",
          "in-reply-to:",
          "references:",
          "mime-version:");

  /** Whether the line {@code raw[from, to)} starts a well-formed field the mail is not read for. */
  private static boolean unreadField(byte[] raw, int from, int to) {
    int colon = from;
    while (colon < to && raw[colon] != ':') {
      byte b = raw[colon];
      if (b < 33 || b > 126) {
        return false;
      }
      colon++;
    }
    if (colon == from || colon >= to) {
      return false;
    }
    if (regionMatchesIgnoreCase(raw, from, "content-")) {
      return false;
    }
    int length = colon + 1 - from;
    for (String name : READ_FIELDS) {
      if (name.length() == length && regionMatchesIgnoreCase(raw, from, name)) {
        return false;
      }
    }
    return true;
  }

  private static void collectText(Entity entity, StringBuilder out, List<String> warnings)
      throws IOException {
    Body body = entity.getBody();
    if (body instanceof Multipart mp) {
      for (Entity part : mp.getBodyParts()) {
        collectText(part, out, warnings);
      }
      return;
    }
    if (body instanceof Message nested) {
      // a forwarded mail's text is part of the body, as git mailinfo reads it
      collectText(nested, out, warnings);
      return;
    }
    if (!(body instanceof SingleBody single)) {
      return;
    }
    String mime =
        entity.getMimeType() == null ? "text/plain" : entity.getMimeType().toLowerCase(Locale.ROOT);
    String fileName =
        entity.getFilename() == null ? "" : entity.getFilename().toLowerCase(Locale.ROOT);
    boolean patchLike =
        fileName.endsWith(".patch")
            || fileName.endsWith(".diff")
            || mime.contains("patch")
            || mime.contains("diff");
    if (!patchLike && (!mime.startsWith("text/") || mime.equals("text/html"))) {
      return;
    }
    byte[] bytes;
    try (InputStream in = single.getInputStream()) {
      bytes = in.readAllBytes();
    }
    appendText(
        bytes, (ContentTypeField) entity.getHeader().getField("Content-Type"), out, warnings);
  }

  /** Appends a text part's bytes, read in the charset its Content-Type (if any) names. */
  private static void appendText(
      byte[] bytes, ContentTypeField ct, StringBuilder out, List<String> warnings) {
    String charset = ct == null ? null : ct.getCharset();
    String text = decodeCharset(bytes, charset, warnings);
    text = text.replace("\r\n", "\n");
    if (ct != null && "flowed".equalsIgnoreCase(ct.getParameter("format"))) {
      text = FlowedText.unflow(text, "yes".equalsIgnoreCase(ct.getParameter("delsp")));
    }
    if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
      out.append('\n');
    }
    out.append(text);
  }

  static String decodeCharset(byte[] bytes, String charset, List<String> warnings) {
    String cs = charset == null ? "us-ascii" : charset.strip().toLowerCase(Locale.ROOT);
    boolean ascii = cs.equals("us-ascii") || cs.equals("ascii") || cs.isEmpty();
    if (ascii || cs.equals("utf-8") || cs.equals("utf8")) {
      // The JDK's own decoding (a plain copy for ASCII) replaces bad input with U+FFFD: only a text
      // holding one need go through the decoder that reports it (a real U+FFFD decodes the same).
      String fast = new String(bytes, StandardCharsets.UTF_8);
      if (fast.indexOf('\uFFFD') < 0) {
        return fast;
      }
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        warnings.add(
            "body is not valid " + (ascii ? "us-ascii/UTF-8" : "UTF-8") + " (read as ISO-8859-1)");
        return new String(bytes, StandardCharsets.ISO_8859_1);
      }
    }
    try {
      return new String(bytes, Charset.forName(cs));
    } catch (IllegalArgumentException e) {
      warnings.add("unknown charset '" + charset + "' (read as UTF-8)");
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static String header(Header header, String name) {
    Field f = header == null ? null : header.getField(name);
    return f == null ? "" : decodeHeader(f.getBody());
  }

  /**
   * The addresses of the {@code name} headers, decoded when first read. Only the header fields are
   * kept for it (not the message and its body).
   */
  private static List<String> recipients(Header header, String name) {
    List<Field> fields = header == null ? List.of() : header.getFields(name);
    if (fields.isEmpty()) {
      return List.of();
    }
    return new LazyList<>(() -> addresses(headers(fields)));
  }

  private static List<String> headers(List<Field> fields) {
    List<String> out = new ArrayList<>(fields.size());
    for (Field f : fields) {
      out.add(decodeHeader(f.getBody()));
    }
    return out;
  }

  static String decodeHeader(String raw) {
    if (raw == null) {
      return "";
    }
    String unfolded =
        raw.indexOf('\n') < 0 ? raw.strip() : FOLD.matcher(raw).replaceAll(" ").strip();
    if (!unfolded.contains("=?")) {
      return unfolded; // no encoded word: nothing for the decoder to do
    }
    try {
      return DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT);
    } catch (RuntimeException e) {
      return unfolded;
    }
  }

  /** Splits address lists on commas outside quotes and angle brackets. */
  static List<String> addresses(List<String> fields) {
    List<String> out = new ArrayList<>();
    for (String f : fields) {
      boolean quoted = false;
      int angle = 0;
      int from = 0;
      for (int i = 0; i < f.length(); i++) {
        char c = f.charAt(i);
        if (c == '"') {
          quoted = !quoted;
        } else if (!quoted && c == '<') {
          angle++;
        } else if (!quoted && c == '>' && angle > 0) {
          angle--;
        } else if (c == ',' && !quoted && angle == 0) {
          addStripped(out, f, from, i);
          from = i + 1;
        }
      }
      addStripped(out, f, from, f.length());
    }
    return out;
  }

  private static void addStripped(List<String> out, String s, int from, int to) {
    String piece = s.substring(from, to).strip();
    if (!piece.isEmpty()) {
      out.add(piece);
    }
  }

  static String firstId(String raw) {
    Matcher m = MESSAGE_ID.matcher(raw == null ? "" : raw);
    return m.find() ? m.group() : (raw == null ? "" : raw.strip());
  }

  static List<String> ids(String raw) {
    List<String> out = new ArrayList<>();
    Matcher m = MESSAGE_ID.matcher(raw == null ? "" : raw);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
