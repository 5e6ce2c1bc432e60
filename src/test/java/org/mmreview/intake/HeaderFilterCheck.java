package org.mmreview.intake;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes every mail of a public-inbox archive twice, with mime4j given the whole header block and
 * only the fields MailParser reads (MailParser.readFields), whole and headers only, and prints how
 * many decodings differ in any part of the result. Headers only, the fields read are built by
 * HeaderFields (mime4j's field builder without its parser), so that way is checked against mime4j's
 * parse of the whole block too. The real archive's quirks are what this checks the header filter
 * against; run by bench/intake-corpus.sh.
 *
 * <p>java -cp target/mmreview.jar:target/test-classes org.mmreview.intake.HeaderFilterCheck INBOX
 */
public final class HeaderFilterCheck {
  private HeaderFilterCheck() {}

  public static void main(String[] args) throws Exception {
    // mails, decodings compared, differing, undecodable both ways, read as plain text, and of
    // those, differing from mime4j's parse of the same fields
    long[] counts = new long[6];
    List<String> firstDifferences = new ArrayList<>();
    PublicInboxReader.walk(
        Path.of(args[0]),
        "",
        e -> {
          if (e.mail() == null) {
            return;
          }
          counts[0]++;
          if (plainText(e.mail())) {
            counts[4]++;
            String mime4j = outcome(e.mail(), false, true, false);
            if (!mime4j.equals(outcome(e.mail(), false, true, true))) {
              counts[5]++;
              if (firstDifferences.size() < 5) {
                firstDifferences.add(e.id() + " (plain text)");
              }
            }
          }
          for (boolean headersOnly : new boolean[] {false, true}) {
            counts[1]++;
            String all = outcome(e.mail(), headersOnly, false);
            String filtered = outcome(e.mail(), headersOnly, true);
            if (all.startsWith("undecodable")) {
              counts[3]++;
            }
            if (!all.equals(filtered)) {
              counts[2]++;
              if (firstDifferences.size() < 5) {
                firstDifferences.add(e.id() + (headersOnly ? " (headers only)" : ""));
              }
            }
          }
        },
        d -> System.err.println("header-filter-check: " + d));
    System.out.printf(
        "mails %d, decodings compared %d, differing %d, undecodable both ways %d%n",
        counts[0], counts[1], counts[2], counts[3]);
    System.out.printf(
        "read as one plain text part %d, differing from mime4j's parse %d%n", counts[4], counts[5]);
    firstDifferences.forEach(d -> System.out.println("  differs: " + d));
    System.exit(counts[2] == 0 && counts[5] == 0 ? 0 : 1);
  }

  /** Whether the mail's body is read without mime4j's parser ({@link PlainTextMail}). */
  static boolean plainText(byte[] raw) {
    int start = 0;
    if (MboxReader.startsWith(raw, 0, "From ")) {
      while (start < raw.length && raw[start] != '\n') {
        start++;
      }
      start++;
    }
    int line = start;
    for (int i = start; i < raw.length; i++) {
      if (raw[i] == '\n') {
        if (i == line || i == line + 1 && raw[line] == '\r') {
          MailParser.HeaderBlock block = MailParser.readFields(raw, start, i);
          return block.textLeaf() && PlainTextMail.of(block.fields()) != null;
        }
        line = i + 1;
      }
    }
    return false;
  }

  private static String outcome(byte[] raw, boolean headersOnly, boolean filter) {
    return outcome(raw, headersOnly, filter, filter);
  }

  /** Every part of the decoded mail, or the reason it is undecodable. */
  private static String outcome(byte[] raw, boolean headersOnly, boolean filter, boolean plain) {
    try {
      return parts(MailParser.decode(raw, 0, headersOnly, filter, plain));
    } catch (MailParser.UndecodableMailException ex) {
      return "undecodable: " + ex.getMessage();
    }
  }

  /** Every part of a decoded mail, joined: two decodings agree when these do. */
  static String parts(MailMessage m) {
    return String.join(
        "\u0000",
        m.from(),
        String.valueOf(m.to()),
        String.valueOf(m.cc()),
        String.valueOf(m.date()),
        m.rawDate(),
        m.subject(),
        m.messageId(),
        m.inReplyTo(),
        String.valueOf(m.references()),
        m.body(),
        String.valueOf(m.headerLines()),
        String.valueOf(m.warnings()));
  }
}
