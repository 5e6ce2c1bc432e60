package org.mmreview.intake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.james.mime4j.codec.DecodeMonitor;

/**
 * Quoted-printable decoding of a whole body held in memory, byte for byte and warning for warning
 * what mime4j 0.8's {@code QuotedPrintableInputStream} gives, including on malformed input: line
 * ends come out as CRLF, blanks before a line end are dropped with a warning, a malformed escape is
 * kept as it is. mime4j's stream decodes through two recycled buffers and a call per byte (about 20
 * MB/s); this is one loop over an array.
 *
 * <p>One case is left to mime4j: a body holding {@code ==}. Whether {@code ==} before a line end
 * joins the lines depends there on where its read buffer happens to end, and the sequence is
 * malformed anyway.
 */
final class QuotedPrintable {
  private static final int EQ = '=';
  private static final int CR = '\r';
  private static final int LF = '\n';

  /** {@code Character.isWhitespace} of each byte value, as mime4j asks it: a table look-up. */
  private static final boolean[] WHITESPACE = new boolean[256];

  static {
    for (int c = 0; c < WHITESPACE.length; c++) {
      WHITESPACE[c] = Character.isWhitespace(c);
    }
  }

  private final byte[] in;
  private final int end;
  private int pos;
  private byte[] out;
  private int size;
  private final byte[] blanks = new byte[16];
  private int blankCount;
  private byte[] moreBlanks;
  private final List<String> warnings = new ArrayList<>(0);

  private QuotedPrintable(byte[] in, int from, int to) {
    this.in = in;
    this.pos = from;
    this.end = to;
    this.out = new byte[Math.max(16, to - from + (to - from) / 16)];
  }

  /**
   * The decoded bytes of {@code in[from, to)}, mime4j's warnings told to {@code monitor} in order;
   * null, and nothing told, when the body holds {@code ==} (see above).
   */
  static byte[] decode(byte[] in, int from, int to, DecodeMonitor monitor) {
    for (int i = from; i + 1 < to; i++) {
      if (in[i] == EQ && in[i + 1] == EQ) {
        return null;
      }
    }
    QuotedPrintable d = new QuotedPrintable(in, from, to);
    d.run();
    for (String w : d.warnings) {
      monitor.warn(w, "");
    }
    return Arrays.copyOf(d.out, d.size);
  }

  private int next() {
    return pos < end ? in[pos++] & 0xFF : -1;
  }

  private int peek() {
    return pos < end ? in[pos] & 0xFF : -1;
  }

  private void run() {
    boolean lastWasCR = false;
    while (pos < end) {
      int b = in[pos++] & 0xFF;
      if (lastWasCR && b != LF) {
        warnings.add("Found CR without LF");
        transfer(CR, false);
      } else if (!lastWasCR && b == LF) {
        warnings.add("Found LF without CR");
      }
      if (b == CR) {
        lastWasCR = true;
        continue;
      }
      lastWasCR = false;
      if (b == LF) {
        if (blankCount == 0 || blank(0) != EQ) {
          // a hard line break
          transfer(CR, false);
          transfer(LF, false);
        }
        blankCount = 0;
      } else if (b == EQ) {
        int b2 = next();
        if (b2 >= 0 && WHITESPACE[b2]) {
          // a soft line break
          int b3 = peek();
          if (!(b2 == CR && b3 == LF)) {
            warnings.add("Found non-standard soft line break");
          }
          if (b3 == LF) {
            lastWasCR = b2 == CR;
          }
          transfer(-1, true);
          if (b2 != LF) {
            addBlank(b);
            addBlank(b2);
          }
        } else {
          int b3 = next();
          int upper = hex(b2);
          int lower = hex(b3);
          if (upper < 0 || lower < 0) {
            warnings.add("Malformed encoded value encountered");
            transfer(EQ, true);
            transfer(b2, false);
            transfer(b3, false);
          } else {
            transfer((upper << 4) | lower, true);
          }
        }
      } else if (WHITESPACE[b]) {
        addBlank(b);
      } else {
        transfer(b, true);
      }
    }
  }

  /**
   * Writes the pending blanks ({@code keepBlanks}) or warns that they are dropped (and keeps them
   * pending, as mime4j does), then {@code b} unless it is -1.
   */
  private void transfer(int b, boolean keepBlanks) {
    if (blankCount > 0) {
      if (keepBlanks) {
        for (int i = 0; i < blankCount; i++) {
          put(blank(i));
        }
        blankCount = 0;
      } else {
        warnings.add("ignored blanks");
      }
    }
    if (b != -1) {
      put(b);
    }
  }

  private void put(int b) {
    if (size == out.length) {
      out = Arrays.copyOf(out, out.length * 2);
    }
    out[size++] = (byte) b;
  }

  private int blank(int i) {
    return (i < blanks.length ? blanks[i] : moreBlanks[i - blanks.length]) & 0xFF;
  }

  private void addBlank(int b) {
    if (blankCount < blanks.length) {
      blanks[blankCount] = (byte) b;
    } else {
      int i = blankCount - blanks.length;
      if (moreBlanks == null) {
        moreBlanks = new byte[64];
      } else if (i == moreBlanks.length) {
        moreBlanks = Arrays.copyOf(moreBlanks, moreBlanks.length * 2);
      }
      moreBlanks[i] = (byte) b;
    }
    blankCount++;
  }

  private static int hex(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    } else if (c >= 'A' && c <= 'F') {
      return 0xA + (c - 'A');
    } else if (c >= 'a' && c <= 'f') {
      return 0xA + (c - 'a');
    }
    return -1;
  }
}
