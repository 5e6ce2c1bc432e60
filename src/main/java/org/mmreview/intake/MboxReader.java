package org.mmreview.intake;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an mbox into messages at {@code From } lines that follow a blank line (or start the
 * file), and undoes mboxrd quoting ({@code >From } becomes {@code From }). CRLF files work.
 */
public final class MboxReader {
  private MboxReader() {}

  /**
   * One message of an mbox.
   *
   * @param linesBefore lines of the mbox before the message's first header line (its
   *     {@code From } separator included), so patch lines can be counted in the mbox
   */
  public record Message(byte[] data, int linesBefore) {}

  /** The raw bytes of each message, separator line dropped. */
  public static List<byte[]> split(byte[] mbox) {
    return messages(mbox).stream().map(Message::data).toList();
  }

  /** The messages with their position in the mbox. */
  public static List<Message> messages(byte[] mbox) {
    List<Message> out = new ArrayList<>();
    int lineNo = 0;
    int curStart = 0;
    ByteArrayOutputStream cur = null;
    boolean prevBlank = true;
    int i = 0;
    while (i < mbox.length) {
      int end = i;
      while (end < mbox.length && mbox[end] != '\n') {
        end++;
      }
      int next = Math.min(mbox.length, end + 1);
      int contentEnd = end > i && mbox[end - 1] == '\r' ? end - 1 : end;
      boolean fromLine = startsWith(mbox, i, "From ");
      if (fromLine && prevBlank) {
        if (cur != null) {
          out.add(new Message(trimTrailingBlank(cur.toByteArray()), curStart));
        }
        cur = new ByteArrayOutputStream();
        curStart = lineNo + 1;
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
      prevBlank = contentEnd == i;
      i = next;
      lineNo++;
    }
    if (cur != null && cur.size() > 0) {
      out.add(new Message(trimTrailingBlank(cur.toByteArray()), curStart));
    }
    return out;
  }

  /** Reads and splits an mbox file. */
  public static List<byte[]> read(Path file) throws IOException {
    return split(Files.readAllBytes(file));
  }

  /** True when the bytes start like an mbox ({@code From } separator line). */
  public static boolean looksLikeMbox(byte[] data) {
    return startsWith(data, 0, "From ");
  }

  private static byte[] trimTrailingBlank(byte[] b) {
    // the blank line before the next "From " belongs to the separator
    int n = b.length;
    if (n >= 2 && b[n - 1] == '\n' && b[n - 2] == '\n') {
      n--;
    } else if (n >= 4 && b[n - 1] == '\n' && b[n - 2] == '\r' && b[n - 3] == '\n') {
      n -= 2;
    }
    return java.util.Arrays.copyOf(b, n);
  }

  private static boolean startsWith(byte[] b, int at, String s) {
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
