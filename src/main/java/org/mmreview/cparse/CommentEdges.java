package org.mmreview.cparse;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.Pair;
import org.mmreview.cparse.grammar.KernelCLexer;

/**
 * Lexes a text, making sense of comments that its edges cut. A hunk's context may stop inside a
 * comment or start inside one; a whole file, or code in a hunk's middle, may hold a {@code /*} that
 * nothing closes.
 *
 * <ul>
 *   <li>A {@code /*} that nothing closes (the lexer's {@code UnterminatedComment}, or one inside a
 *       directive) is a comment to the end when only lines that could be a comment's follow it.
 *       When code follows, it ends on its own line and the lexer goes on with the next; the caller
 *       reports it (see {@link Unterminated}).
 *   <li>In a fragment, the tokens up to the first {@code *}{@code /} the text never opened become
 *       one comment, when the lines before it could be a comment's: the hunk started inside it.
 * </ul>
 */
final class CommentEdges {
  private CommentEdges() {}

  /**
   * A {@code /*} that nothing closes: the comment token, or the directive that holds it; {@code
   * cut} when code followed it, so that it was read as ending on its own line.
   */
  record Unterminated(CommonToken token, boolean cut) {}

  /** Every token of the text, on all channels, and the unterminated comments among them. */
  record Tokens(List<CommonToken> all, List<Unterminated> unterminated) {}

  static Tokens lex(String text, boolean fragment) {
    CharStream input = CharStreams.fromString(text);
    KernelCLexer lexer = DirectiveStartSimulator.lexer(new AsciiLookahead(input));
    lexer.removeErrorListeners();
    List<CommonToken> all = new ArrayList<>();
    List<Unterminated> unterminated = new ArrayList<>();
    for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
      CommonToken c = (CommonToken) t;
      if (c.getType() == KernelCLexer.UnterminatedComment) {
        int lineEnd = lineEnd(input, c.getStartIndex());
        if (lineEnd < input.size() && !commentLinesOnly(input, lineEnd + 1)) {
          c.setStopIndex(lastNonBlank(input, c.getStartIndex(), lineEnd - 1));
          resume(lexer, input, lineEnd + 1, c.getLine() + 1, 0);
          unterminated.add(new Unterminated(c, true));
        } else {
          c.setStopIndex(lastNonBlank(input, c.getStartIndex(), input.size() - 1));
          unterminated.add(new Unterminated(c, false));
        }
      } else if (c.getType() == KernelCLexer.Directive) {
        int open = openComment(c.getText());
        if (open >= 0) {
          if (commentLinesOnly(input, c.getStopIndex() + 1)) {
            // The directive ends before its comment, which the lexer reads again, to the end.
            String before = c.getText().substring(0, open);
            int lines = (int) before.chars().filter(ch -> ch == '\n').count();
            int column =
                before.codePointCount(before.lastIndexOf('\n') + 1, before.length())
                    + (lines == 0 ? c.getCharPositionInLine() : 0);
            int at = c.getStartIndex() + before.codePointCount(0, before.length());
            c.setStopIndex(lastNonBlank(input, c.getStartIndex(), at - 1));
            resume(lexer, input, at, c.getLine() + lines, column);
          } else {
            // It already ends on its own line, as a directive does; the code after is lexed.
            unterminated.add(new Unterminated(c, true));
          }
        }
      }
      all.add(c);
    }
    if (fragment) {
      return new Tokens(closeLeadingTail(input, all), unterminated);
    }
    return new Tokens(all, unterminated);
  }

  /** Goes on lexing at {@code index}, which lies at {@code line} and {@code column}. */
  private static void resume(
      KernelCLexer lexer, CharStream input, int index, int line, int column) {
    lexer.reset();
    input.seek(index);
    lexer.setLine(line);
    lexer.setCharPositionInLine(column);
  }

  /** The index of the newline ending the line of {@code index}, or the input's size. */
  private static int lineEnd(CharStream input, int index) {
    int mark = input.index();
    int i = index;
    while (i < input.size() && at(input, i) != '\n') {
      i++;
    }
    input.seek(mark);
    return i;
  }

  /**
   * The last index in {@code [from, to]} that is not a blank, or {@code from} when there is none.
   */
  private static int lastNonBlank(CharStream input, int from, int to) {
    int mark = input.index();
    int i = to;
    while (i > from && Character.isWhitespace(at(input, i))) {
      i--;
    }
    input.seek(mark);
    return i;
  }

  /** The code point at {@code index}; moves the stream there. */
  private static int at(CharStream input, int index) {
    input.seek(index);
    return input.LA(1);
  }

  /**
   * Whether every line from {@code index} to the end could be a line of a comment. Reads up to the
   * first line that could not, so that a text cut at many comments is not read to its end each
   * time.
   */
  private static boolean commentLinesOnly(CharStream input, int index) {
    int mark = input.index();
    try {
      StringBuilder line = new StringBuilder();
      for (int i = index; i < input.size(); i++) {
        int c = at(input, i);
        if (c != '\n') {
          line.appendCodePoint(c);
        } else if (!commentLine(line.toString())) {
          return false;
        } else {
          line.setLength(0);
        }
      }
      return commentLine(line.toString());
    } finally {
      input.seek(mark);
    }
  }

  /**
   * Whether a line could be inside a comment: blank, a {@code " * text"} line of a block comment,
   * or a line that does not look like code (ending in {@code ;}, <code>{</code> or <code>}</code>,
   * or starting with {@code #}), as the continuation lines of an undecorated comment.
   */
  static boolean commentLine(String line) {
    String s = line.strip();
    if (s.isEmpty() || s.startsWith("//")) {
      return true;
    }
    if (s.startsWith("*")) {
      // "*ptr = 0;" is code; "* text", "*", "**" are comment decoration.
      boolean decoration =
          s.length() == 1 || !Character.isJavaIdentifierStart(s.charAt(1)) && s.charAt(1) != '(';
      if (decoration) {
        return true;
      }
    }
    return !(s.startsWith("#") || s.endsWith(";") || s.endsWith("{") || s.endsWith("}"));
  }

  /**
   * Where in a directive's text a {@code /*} opens that nothing in it closes, or -1. A {@code //}
   * ends the scan (what follows is a line comment), and string and character literals are skipped.
   */
  static int openComment(String directive) {
    int i = 0;
    while (i < directive.length()) {
      char c = directive.charAt(i);
      if (directive.startsWith("//", i)) {
        return -1;
      }
      if (directive.startsWith("/*", i)) {
        int close = directive.indexOf("*/", i + 2);
        if (close < 0) {
          return i;
        }
        i = close + 2;
      } else if (c == '"' || c == '\'') {
        i = endOfLiteral(directive, i);
      } else {
        i++;
      }
    }
    return -1;
  }

  /**
   * The index after the literal starting at {@code i} (or after its line when it is not closed).
   */
  private static int endOfLiteral(String s, int i) {
    char quote = s.charAt(i);
    int j = i + 1;
    while (j < s.length() && s.charAt(j) != quote && s.charAt(j) != '\n') {
      j += s.charAt(j) == '\\' ? 2 : 1;
    }
    return Math.min(j + 1, s.length());
  }

  /**
   * The tokens of a fragment that starts inside a comment, with the comment's tail as one token:
   * everything up to the first {@code *} {@code /} (never valid outside a comment), when every line
   * up to it could be a comment's. Unchanged otherwise.
   */
  private static List<CommonToken> closeLeadingTail(CharStream input, List<CommonToken> all) {
    int close = -1;
    for (int i = 0; i + 1 < all.size(); i++) {
      CommonToken t = all.get(i);
      CommonToken next = all.get(i + 1);
      if (t.getType() == KernelCLexer.Star
          && next.getType() == KernelCLexer.Div
          && next.getStartIndex() == t.getStopIndex() + 1) {
        close = i + 1;
        break;
      }
    }
    if (close < 0) {
      return all;
    }
    CommonToken first = all.get(0);
    String before = input.getText(Interval.of(0, all.get(close - 1).getStartIndex() - 1));
    if (!before.lines().allMatch(CommentEdges::commentLine)) {
      return all;
    }
    CommonToken tail =
        new CommonToken(
            new Pair<>(first.getTokenSource(), first.getInputStream()),
            KernelCLexer.BlockComment,
            KernelCLexer.COMMENTS,
            first.getStartIndex(),
            all.get(close).getStopIndex());
    tail.setLine(first.getLine());
    tail.setCharPositionInLine(first.getCharPositionInLine());
    List<CommonToken> out = new ArrayList<>(all.size() - close);
    out.add(tail);
    out.addAll(all.subList(close + 1, all.size()));
    return out;
  }
}
