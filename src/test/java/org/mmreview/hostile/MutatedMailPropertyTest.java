package org.mmreview.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.mmreview.cli.Main;
import org.mmreview.testing.Corpus;
import picocli.CommandLine;

/**
 * Real mails, damaged the ways archives and mail clients damage them, must never crash a run:
 * whatever the mutation, {@code check} exits 0, 1 or 2 (never 3, never a throwable), finishes in
 * bounded time, accounts for both of its inputs, and still reports the finding of the undamaged
 * patch given beside the damaged mail. Mails come from the shared corpus (every 25th message) when
 * it is present, else from the intake fixtures. The seed is fixed so a run is reproducible; raise
 * {@code -Dhostile.tries} for a longer search.
 */
class MutatedMailPropertyTest {
  private static final Path COMPANION =
      Corpus.root().resolve("fixtures/rules/retry-stale-snapshot/fire_split_copy_retry.patch");
  private static final Pattern SUMMARY =
      Pattern.compile(
          "\\((\\d+) reviewed, (\\d+) skipped, (\\d+) input errors?, (\\d+) internal failures?\\)");
  private static final long TIME_LIMIT_MS = 20_000;

  private static List<byte[]> mails;
  private static Path dir;

  enum Mutation {
    TRUNCATE,
    FLIP_BYTES,
    SHUFFLE_HEADERS,
    BASE64_BODY,
    QUOTED_PRINTABLE_BODY,
    NUL_BYTES,
    MIXED_CRLF,
    HUGE_HUNK_START,
    DEEP_NESTING,
    LONG_LINE,
    UNESCAPED_FROM_LINE,
    DROP_BLANK_AFTER_HEADERS
  }

  @BeforeContainer
  static void loadMails() throws Exception {
    mails = new ArrayList<>();
    var inbox = Corpus.inbox();
    if (inbox.isPresent()) {
      mails.addAll(Corpus.sampleMails(inbox.get(), 25));
    } else {
      try (var s = Files.list(Corpus.root().resolve("fixtures/intake"))) {
        for (Path p : s.filter(p -> p.toString().matches(".*\\.(eml|patch)")).sorted().toList()) {
          mails.add(Files.readAllBytes(p));
        }
      }
    }
    dir = Files.createTempDirectory("mmreview-hostile");
  }

  @Provide
  Arbitrary<Integer> mailIndex() {
    return Arbitraries.integers().between(0, Math.max(0, mails.size() - 1));
  }

  @Property(tries = 150, seed = "20261201")
  void aDamagedMailNeverCrashesTheRunNorLosesTheOtherInput(
      @ForAll("mailIndex") int index, @ForAll Mutation mutation, @ForAll long salt)
      throws IOException {
    byte[] mail = mutate(mails.get(index), mutation, new Random(salt));
    Path damaged = Files.write(dir.resolve("damaged.eml"), mail);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    long t0 = System.nanoTime();
    int code;
    try {
      code = cl.execute("check", "--fail-on=error", damaged.toString(), COMPANION.toString());
    } catch (Throwable t) {
      throw new AssertionError(mutation + " of mail " + index + " escaped as " + t, t);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    String what =
        mutation + " of mail " + index + " (salt " + salt + "): exit " + code + "\nerr: " + err;
    assertTrue(code == 0 || code == 1 || code == 2, what);
    assertTrue(ms < TIME_LIMIT_MS, what + " took " + ms + " ms");
    assertTrue(out.toString().contains("[retry-stale-snapshot]"), what + "\nout: " + out);
    Matcher m = SUMMARY.matcher(out.toString());
    assertTrue(m.find(), what + "\nout: " + out);
    int reviewed = Integer.parseInt(m.group(1));
    int skipped = Integer.parseInt(m.group(2));
    int inputErrors = Integer.parseInt(m.group(3));
    int failures = Integer.parseInt(m.group(4));
    assertTrue(failures == 0, what);
    // Both inputs accounted for: the companion reviewed, the damaged mail reviewed, refused, or
    // skipped as the cover letter it still is (part of a series given as files, not an error).
    assertTrue(reviewed >= 1 && reviewed + inputErrors + skipped >= 2, what + "\nout: " + out);
  }

  static byte[] mutate(byte[] mail, Mutation mutation, Random rnd) {
    String text = new String(mail, StandardCharsets.ISO_8859_1);
    int split = headerEnd(text);
    String head = text.substring(0, split);
    String body = text.substring(split);
    switch (mutation) {
      case TRUNCATE:
        return Arrays.copyOf(mail, rnd.nextInt(mail.length + 1));
      case FLIP_BYTES:
        {
          byte[] b = mail.clone();
          for (int i = 0; i < 1 + rnd.nextInt(16) && b.length > 0; i++) {
            b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
          }
          return b;
        }
      case SHUFFLE_HEADERS:
        {
          List<String> lines = new ArrayList<>(List.of(head.split("\n", -1)));
          Collections.shuffle(lines, rnd);
          return latin1(String.join("\n", lines) + body);
        }
      case BASE64_BODY:
        {
          String encoded =
              Base64.getMimeEncoder()
                  .encodeToString(body.strip().getBytes(StandardCharsets.ISO_8859_1));
          return latin1(
              withHeader(head, "Content-Transfer-Encoding: base64") + "\n\n" + encoded + "\n");
        }
      case QUOTED_PRINTABLE_BODY:
        return latin1(
            withHeader(head, "Content-Transfer-Encoding: quoted-printable")
                + "\n\n"
                + quotedPrintable(body.strip()));
      case NUL_BYTES:
        {
          StringBuilder b = new StringBuilder(text);
          for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
            b.insert(rnd.nextInt(b.length() + 1), '\0');
          }
          return latin1(b.toString());
        }
      case MIXED_CRLF:
        {
          StringBuilder b = new StringBuilder();
          for (String line : text.split("\n", -1)) {
            b.append(line).append(rnd.nextBoolean() ? "\r\n" : "\n");
          }
          return latin1(b.toString());
        }
      case HUGE_HUNK_START:
        return latin1(
            text.replaceFirst("@@ -\\d+(,\\d+)? \\+\\d+", "@@ -99999999999$1 +2147483640"));
      case DEEP_NESTING:
        return latin1(
            afterFirstHunkHeader(
                text, "+\tx = " + "(".repeat(300) + "1" + ")".repeat(300) + ";\n"));
      case LONG_LINE:
        return latin1(afterFirstHunkHeader(text, "+\t/* " + "x".repeat(70_000) + " */\n"));
      case UNESCAPED_FROM_LINE:
        return latin1(head + body.replaceFirst("\n\n", "\n\nFrom the start, this was wrong.\n\n"));
      case DROP_BLANK_AFTER_HEADERS:
        return latin1(head + body.replaceFirst("^\r?\n", ""));
      default:
        throw new IllegalStateException(mutation.name());
    }
  }

  private static int headerEnd(String text) {
    int i = text.indexOf("\n\n");
    return i < 0 ? text.length() : i;
  }

  private static String withHeader(String head, String header) {
    return head.replaceAll("(?im)^Content-Transfer-Encoding:.*\\n?", "") + "\n" + header;
  }

  private static String afterFirstHunkHeader(String text, String line) {
    Matcher m = Pattern.compile("(?m)^@@ .*\\n").matcher(text);
    return m.find()
        ? text.substring(0, m.end()) + line + text.substring(m.end())
        : text + "\n" + line;
  }

  private static String quotedPrintable(String s) {
    StringBuilder b = new StringBuilder();
    int col = 0;
    for (char c : s.toCharArray()) {
      String piece =
          c == '\n'
              ? "\n"
              : (c == '=' || c > 126 || (c < 32 && c != '\t'))
                  ? String.format("=%02X", (int) c & 0xff)
                  : String.valueOf(c);
      if (c != '\n' && col + piece.length() > 75) {
        b.append("=\n");
        col = 0;
      }
      b.append(piece);
      col = c == '\n' ? 0 : col + piece.length();
    }
    return b.append('\n').toString();
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
