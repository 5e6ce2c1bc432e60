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
    long[] counts = new long[4]; // mails, decodings compared, differing, undecodable both ways
    List<String> firstDifferences = new ArrayList<>();
    PublicInboxReader.walk(
        Path.of(args[0]),
        "",
        e -> {
          if (e.mail() == null) {
            return;
          }
          counts[0]++;
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
    firstDifferences.forEach(d -> System.out.println("  differs: " + d));
    System.exit(counts[2] == 0 ? 0 : 1);
  }

  /** Every part of the decoded mail, or the reason it is undecodable. */
  private static String outcome(byte[] raw, boolean headersOnly, boolean filter) {
    try {
      return parts(MailParser.decode(raw, 0, headersOnly, filter));
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
