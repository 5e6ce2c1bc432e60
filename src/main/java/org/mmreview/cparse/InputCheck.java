package org.mmreview.cparse;

import java.util.Optional;

/** Refuses input that is not C text before any lexing: binary data, absurd sizes. */
final class InputCheck {
  /** Longest line accepted; kernel source lines stay far below it. */
  static final int MAX_LINE = 64 * 1024;

  /** Largest input accepted (the largest kernel .c file is under 1 MiB). */
  static final int MAX_CHARS = 16 * 1024 * 1024;

  private InputCheck() {}

  /** The number of lines of {@code text} (a last line without its newline counts). */
  static int lineCount(String text) {
    int lines = 1;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      lines++;
    }
    return lines;
  }

  /** Why {@code text} cannot be parsed, or empty when it can. */
  static Optional<String> rejectReason(String text) {
    if (text.length() > MAX_CHARS) {
      return Optional.of(
          "input too large (" + text.length() + " characters; limit " + MAX_CHARS + ")");
    }
    // Anywhere, not only in the sample below: one NUL deep in a hunk or file is enough to
    // make the lexer's view of the text differ from the compiler's.
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      return Optional.of("binary data (NUL byte at offset " + nul + ")");
    }
    int control = 0;
    int sample = Math.min(text.length(), 8 * 1024);
    for (int i = 0; i < sample; i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x0b && c != 0x1b
          || c == '\uFFFD') {
        control++;
      }
    }
    if (sample > 0 && control * 20 > sample) {
      return Optional.of(
          "binary data (" + control + " control characters in the first " + sample + ")");
    }
    int line = 1;
    int lineStart = 0;
    while (lineStart <= text.length()) {
      int nl = text.indexOf('\n', lineStart);
      int end = nl < 0 ? text.length() : nl;
      if (end - lineStart > MAX_LINE) {
        return Optional.of(
            "line "
                + line
                + " too long ("
                + (end - lineStart)
                + " characters; limit "
                + MAX_LINE
                + ")");
      }
      if (nl < 0) {
        break;
      }
      line++;
      lineStart = nl + 1;
    }
    return Optional.empty();
  }
}
