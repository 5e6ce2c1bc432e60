package org.mmreview.rules.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.mmreview.testing.PieceTexts;

/** comment-typo's hand scans of a comment line against the regular expressions they replace. */
class CommentTypoScanTest {
  private static final String[] PIECES = {
    " ", "\t", "\u000B", "\f", "\r", "\n", "\u00A0", "\u2028", "\u2029", "\u0085", "-", "'s", "'",
    "s", "a", "Ab", "word", "WORD", "x_y", "1", ".", "/", "\\", "$", "#", "é", "*", "ß"
  };

  @Test
  void tokensAreTheRegexRuns() {
    for (String text : PieceTexts.of(21, 50_000, 10, PIECES)) {
      List<String> expected = new ArrayList<>();
      Matcher m = CommentTypo.TOKEN.matcher(text);
      while (m.find()) {
        expected.add(m.start() + ":" + m.group());
      }
      List<String> actual = new ArrayList<>();
      int end = 0;
      while (true) {
        int start = CommentTypo.nextToken(text, end);
        if (start == text.length()) {
          break;
        }
        end = CommentTypo.tokenEnd(text, start);
        actual.add(start + ":" + text.substring(start, end));
      }
      assertEquals(expected, actual, text);
    }
  }

  @Test
  void notProseAndWordAsTheRegexes() {
    for (String text : PieceTexts.of(22, 100_000, 6, PIECES)) {
      if (!text.isEmpty()) {
        assertEquals(CommentTypo.NOT_PROSE.matcher(text).find(), CommentTypo.notProse(text), text);
      }
      assertEquals(CommentTypo.WORD.matcher(text).matches(), CommentTypo.isWord(text), text);
    }
  }

  @Test
  void identifiersAreTheRegexMatches() {
    String[] pieces = {" ", "\n", "_", "a", "Zq", "0", "9x", "é", ".", "x_1", "/*", "ß", "-"};
    for (String text : PieceTexts.of(23, 50_000, 8, pieces)) {
      List<String> expected = new ArrayList<>();
      Matcher m = CommentTypo.IDENTIFIER.matcher(text);
      while (m.find()) {
        expected.add(m.start() + ":" + m.group());
      }
      List<String> actual = new ArrayList<>();
      int end = 0;
      while (true) {
        int start = CommentTypo.nextIdentifier(text, end);
        if (start == text.length()) {
          break;
        }
        end = CommentTypo.identifierEnd(text, start);
        actual.add(start + ":" + text.substring(start, end));
      }
      assertEquals(expected, actual, text);
    }
  }
}
