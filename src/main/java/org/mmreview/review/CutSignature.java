package org.mmreview.review;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A hunk that starts inside a function's parameter list: git's section heading ({@code @@ ... @@
 * static long foo(struct mm_struct *mm,}) is the function's first line, and the hunk's leading
 * context lines go on with the parameters up to the {@code )} and the {@code {} of the body. Parsed
 * as it stands, the hunk's first lines are a stray tail of a declaration and the body is read as
 * loose statements, so the rules do not see the function nor its parameters. Putting the heading
 * on the line before the hunk gives the parser the function's header back: the parameters the
 * heading and the hunk show (those between them, which neither shows, stay unknown).
 *
 * <p>Only when it surely is that shape: the heading opens a function header and stops right after
 * a {@code (} or a {@code ,} (git cuts headings at 80 bytes, possibly in the middle of a word), the
 * hunk's first lines close its parentheses with nothing but parameters (no {@code ;}, brace or
 * directive before), and the next thing after them is the body's {@code {}.
 */
final class CutSignature {
  /** A function header's start: a type (words, stars), the name, its open parenthesis. */
  private static final Pattern HEADER =
      Pattern.compile("^[A-Za-z_][\\w\\s\\*]*?[\\s\\*]\\**[A-Za-z_]\\w*\\s*\\(.*");

  private CutSignature() {}

  /**
   * The hunk side {@code side} with the function's first line {@code heading} in front of it, when
   * the hunk starts inside that function's parameter list; empty otherwise (the side is parsed as
   * it is).
   */
  static Optional<String> completed(String heading, String side) {
    String head = heading.strip();
    if (head.isEmpty() || !HEADER.matcher(head).matches() || head.contains("/*")) {
      return Optional.empty();
    }
    if (!head.endsWith(",") && !head.endsWith("(")) {
      return Optional.empty();
    }
    int depth = 0;
    for (int i = 0; i < head.length(); i++) {
      char c = head.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ';' || c == '{' || c == '}' || c == '=' || c == '"') {
        return Optional.empty();
      }
    }
    if (depth <= 0 || !bodyFollows(side, depth)) {
      return Optional.empty();
    }
    return Optional.of(head + "\n" + side);
  }

  /**
   * True when {@code side}, read from parenthesis depth {@code depth}, closes the parameter list
   * with nothing but parameters and then opens the body.
   */
  private static boolean bodyFollows(String side, int depth) {
    int i = 0;
    int n = side.length();
    boolean lineStart = true;
    while (i < n) {
      char c = side.charAt(i);
      if (side.startsWith("/*", i)) {
        int end = side.indexOf("*/", i + 2);
        if (end < 0) {
          return false;
        }
        i = end + 2;
        continue;
      }
      if (side.startsWith("//", i)) {
        int end = side.indexOf('\n', i);
        i = end < 0 ? n : end;
        continue;
      }
      if (c == '\n') {
        lineStart = true;
        i++;
        continue;
      }
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (depth == 0) {
        return c == '{';
      }
      if ((lineStart && c == '#') || c == ';' || c == '{' || c == '}' || c == '"' || c == '=') {
        return false;
      }
      lineStart = false;
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      i++;
    }
    return false;
  }
}
