package org.mmreview.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an mbox into messages the way {@code git mailsplit} does: at {@code From } lines that look
 * like an mbox separator ({@link #isSeparator}), wherever they stand, and undoes mboxrd quoting
 * ({@code >From } becomes {@code From }). A body line like {@code From the start, ...} is text:
 * {@code git format-patch} does not quote such lines, so a split there would cut a patch in two.
 * CRLF files work.
 */
public final class MboxReader {
  /**
   * An mbox separator: {@code From }, a sender, then a clock time {@code hh:mm:ss} and a four-digit
   * year after it ({@code From 1234abcd Mon Sep 17 00:00:00 2001}, {@code From user@example.com Thu
   * Jan 1 00:00:00 1970}). The weekday and month are not checked, as mailsplit does not check them.
   */
  private static final Pattern SEPARATOR =
      Pattern.compile("From [^ \\t]+[ \\t].*?\\b\\d{1,2}:\\d{2}:\\d{2}\\b.*?\\b\\d{4}\\b.*");

  /** Longer lines are text, whatever they start with (and the pattern stays cheap). */
  private static final int MAX_SEPARATOR_LENGTH = 1000;

  private MboxReader() {}

  /**
   * One message of an mbox.
   *
   * @param linesBefore lines of the mbox before the message's first header line (its {@code From }
   *     separator included), so patch lines can be counted in the mbox
   */
  public record Message(byte[] data, int linesBefore, String separator) {
    public Message {
      separator = separator == null ? "" : separator;
    }

    public Message(byte[] data, int linesBefore) {
      this(data, linesBefore, "");
    }

    /**
     * The commit {@code git format-patch} names on the separator line ({@code From <sha> Mon Sep 17
     * 00:00:00 2001}): the commit this mail's patch is. Empty for other separators.
     */
    public Optional<String> formatPatchCommit() {
      Matcher m = FORMAT_PATCH_SEPARATOR.matcher(separator);
      return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
  }

  private static final Pattern FORMAT_PATCH_SEPARATOR = Pattern.compile("From ([0-9a-f]{40}) .*");

  /** The raw bytes of each message, separator line dropped. */
  public static List<byte[]> split(byte[] mbox) {
    return messages(mbox).stream().map(Message::data).toList();
  }

  /** The messages with their position in the mbox. */
  public static List<Message> messages(byte[] mbox) {
    List<Message> out = new ArrayList<>();
    int lineNo = 0;
    int curStart = 0;
    String curSeparator = "";
    ByteArrayOutputStream cur = null;
    int i = 0;
    while (i < mbox.length) {
      int end = i;
      while (end < mbox.length && mbox[end] != '\n') {
        end++;
      }
      int next = Math.min(mbox.length, end + 1);
      int contentEnd = end > i && mbox[end - 1] == '\r' ? end - 1 : end;
      if (separatorAt(mbox, i, contentEnd)) {
        if (cur != null) {
          out.add(new Message(trimTrailingBlank(cur.toByteArray()), curStart, curSeparator));
        }
        cur = new ByteArrayOutputStream();
        curStart = lineNo + 1;
        curSeparator = new String(mbox, i, contentEnd - i, StandardCharsets.ISO_8859_1);
      } else {
        if (cur == null) {
          cur = new ByteArrayOutputStream(); // no leading From line: a single mail
        }
        int from = i;
        int k = i;
        while (k < contentEnd && mbox[k] == '>') {
          k++;
        }
        if (k > i && startsWith(mbox, k, "From ")) {
          from = i + 1; // mboxrd: drop one '>'
        }
        cur.write(mbox, from, next - from);
      }
      i = next;
      lineNo++;
    }
    if (cur != null && cur.size() > 0) {
      out.add(new Message(trimTrailingBlank(cur.toByteArray()), curStart, curSeparator));
    }
    return out;
  }

  /** True for an mbox separator line ({@link #SEPARATOR}); a final CR is ignored. */
  static boolean isSeparator(String line) {
    String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    return l.length() <= MAX_SEPARATOR_LENGTH
        && l.startsWith("From ")
        && SEPARATOR.matcher(l).matches();
  }

  private static boolean separatorAt(byte[] b, int start, int end) {
    return end - start <= MAX_SEPARATOR_LENGTH
        && startsWith(b, start, "From ")
        && isSeparator(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
  }

  /** Reads and splits an mbox file. */
  public static List<byte[]> read(Path file) throws IOException {
    return split(Files.readAllBytes(file));
  }

  /** True when the bytes start like an mbox (a {@code From } separator line). */
  public static boolean looksLikeMbox(byte[] data) {
    int end = 0;
    while (end < data.length && end <= MAX_SEPARATOR_LENGTH && data[end] != '\n') {
      end++;
    }
    return separatorAt(data, 0, end);
  }

  private static byte[] trimTrailingBlank(byte[] b) {
    // the blank line before the next "From " belongs to the separator
    int n = b.length;
    if (n >= 2 && b[n - 1] == '\n' && b[n - 2] == '\n') {
      n--;
    } else if (n >= 4 && b[n - 1] == '\n' && b[n - 2] == '\r' && b[n - 3] == '\n') {
      n -= 2;
    }
    return Arrays.copyOf(b, n);
  }

  /** Whether {@code b} holds the ASCII text {@code s} at {@code at}. */
  static boolean startsWith(byte[] b, int at, String s) {
    if (at + s.length() > b.length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[at + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
