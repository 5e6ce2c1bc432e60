package org.mmreview.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mmreview.testing.PieceTexts;

/** Words against the regular expressions it stands for, on texts built to hit every edge. */
class WordsTest {
  private static final String[] PIECES = {
    "foo", "foo_bar", "_foo", "foo1", "bar", " ", "\t", "\n", "(", ")", "*", "é", "ß", "_", "1",
    ",", "\u000b", "\r", "->", "\u00a0", "x"
  };

  @Test
  void findsWhatTheRegexFinds() {
    Random random = new Random(12);
    for (String text : PieceTexts.of(12, 20_000, 12, PIECES)) {
      for (String name : new String[] {"foo", "bar", "x", "foo_bar"}) {
        int from = random.nextInt(text.length() + 1);
        Matcher word = Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(text);
        assertEquals(
            word.find(from) ? word.start() : -1,
            Words.indexOf(text, name, from),
            text + " " + name);
        Matcher call = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*\\(").matcher(text);
        boolean found = call.find(from);
        int at = Words.callIndexOf(text, name, from);
        assertEquals(found ? call.start() : -1, at, text + " " + name);
        if (found) {
          assertEquals(call.end(), Words.callParenEnd(text, name, at), text);
        }
      }
    }
  }

  @Test
  void wordInsideALongerOneIsNotIt() {
    assertEquals(-1, Words.indexOf("foobar foo_x xfoo", "foo", 0));
    assertEquals(12, Words.indexOf("foobar foo_(foo)", "foo", 0));
    assertEquals(8, Words.callIndexOf("foo_bar foo \t(x)", "foo", 0));
  }
}
