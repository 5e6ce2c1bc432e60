package org.mmreview.intake;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.stream.Field;

/**
 * A mail that is one {@code text/plain} part, in an identity transfer encoding (what git send-email
 * sends: {@code text/plain; charset=UTF-8}, {@code 8bit}) or quoted-printable: its body is the
 * bytes after the blank line, as they are or decoded by {@link QuotedPrintable}, which is what
 * mime4j's entity parser would hand over after its stream machinery. Anything else (parts, base64,
 * a header line mime4j would warn about or read otherwise) is left to mime4j.
 *
 * @param header the fields, as mime4j's field builder makes them
 * @param contentType the Content-Type field as mime4j's lenient parser reads it, or null
 */
record PlainTextMail(Header header, ContentTypeField contentType, boolean quotedPrintable) {

  /**
   * The mail whose kept header fields are {@code fields} (see {@link MailParser#readFields}), or
   * null when mime4j should read it.
   */
  static PlainTextMail of(byte[] fields) {
    if (!wellFormed(fields)) {
      return null;
    }
    Header header = HeaderFields.read(fields);
    List<Field> encodings = header.getFields("Content-Transfer-Encoding");
    String encoding =
        encodings.isEmpty()
            ? "7bit"
            : MailParser.decodeHeader(encodings.get(0).getBody()).toLowerCase(Locale.ROOT);
    boolean quotedPrintable = encoding.equals("quoted-printable");
    if (encodings.size() > 1 || !quotedPrintable && !identity(encoding)) {
      return null;
    }
    List<Field> types = header.getFields("Content-Type");
    if (types.isEmpty()) {
      return new PlainTextMail(header, null, quotedPrintable);
    }
    if (types.size() > 1) {
      return null;
    }
    WarningSeen seen = new WarningSeen();
    ParsedField parsed = LenientFieldParser.getParser().parse(types.get(0), seen);
    if (!(parsed instanceof ContentTypeField ct) || !parsed.isValidField()) {
      return null;
    }
    String mime = ct.getMimeType();
    boolean plain = mime != null && mime.toLowerCase(Locale.ROOT).equals("text/plain");
    // the parameters are read here, so that a warning they would give sends the mail to mime4j
    ct.getCharset();
    ct.getParameter("format");
    ct.getParameter("delsp");
    return plain && !seen.any ? new PlainTextMail(header, ct, quotedPrintable) : null;
  }

  /**
   * The body's content, {@code raw[from, to)} decoded, mime4j's warnings on it told to {@code
   * monitor}; null when mime4j should decode it after all ({@link QuotedPrintable}).
   */
  byte[] body(byte[] raw, int from, int to, DecodeMonitor monitor) {
    int f = Math.min(from, to);
    return quotedPrintable
        ? QuotedPrintable.decode(raw, f, to, monitor)
        : Arrays.copyOfRange(raw, f, to);
  }

  /** A mail read this way: its fields, its Content-Type field (or null) and its body's content. */
  record Decoded(Header header, ContentTypeField contentType, byte[] body) {}

  /**
   * The mail whose kept header fields are {@code fields} and whose body is {@code raw[from, to)},
   * read this way; null when mime4j should read it, also when something here fails (mime4j then
   * says what is wrong with the mail, as it did before this way existed). Nothing is told to {@code
   * monitor} unless the mail is read.
   */
  static Decoded decode(byte[] fields, byte[] raw, int from, int to, DecodeMonitor monitor) {
    try {
      PlainTextMail mail = of(fields);
      byte[] body = mail == null ? null : mail.body(raw, from, to, monitor);
      return body == null ? null : new Decoded(mail.header(), mail.contentType(), body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** 7bit, 8bit or binary: the body's bytes are its content. */
  private static boolean identity(String encoding) {
    return encoding.equals("7bit") || encoding.equals("8bit") || encoding.equals("binary");
  }

  /**
   * Whether every line of {@code fields} is a field's first line with a plain name (printable ASCII
   * but the colon, then the colon) or a continuation of one: lines mime4j's parser takes without a
   * warning and reads as {@link HeaderFields#read} does.
   */
  private static boolean wellFormed(byte[] fields) {
    int line = 0;
    while (line < fields.length) {
      boolean continuation = fields[line] == ' ' || fields[line] == '\t';
      if (continuation ? line == 0 : !plainName(fields, line)) {
        return false;
      }
      while (line < fields.length && fields[line] != '\n') {
        line++;
      }
      line++;
    }
    return true;
  }

  private static boolean plainName(byte[] b, int from) {
    int i = from;
    while (i < b.length && b[i] != ':') {
      if (b[i] < 33 || b[i] > 126) {
        return false;
      }
      i++;
    }
    return i > from && i < b.length;
  }

  /** Whether mime4j said anything while a field was read. */
  private static final class WarningSeen extends DecodeMonitor {
    boolean any;

    @Override
    public boolean warn(String error, String dummy) {
      any = true;
      return false;
    }

    @Override
    public boolean isListening() {
      return true;
    }
  }
}
