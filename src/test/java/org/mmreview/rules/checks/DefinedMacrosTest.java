package org.mmreview.rules.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.mmreview.testing.PieceTexts;

/** config-stub-mismatch's hand scan of {@code #define} lines against the regex it replaced. */
class DefinedMacrosTest {
  @Test
  void readsTheDefinedNames() {
    assertEquals(
        Set.of("FOO", "bar_2"),
        ConfigStubMismatch.definedMacros("#define FOO 1\n  # define  bar_2(x) x\nx #define NOT\n"));
  }

  @Test
  void sameAsTheRegex() {
    String[] pieces = {
      "#", "define", " ", "\t", "\n", "\r", "\r\n", "FOO", "x", "_1", "(", "defined", "\u2028",
      "\u0085", "\u000b", "é", ";"
    };
    for (String text : PieceTexts.of(5, 50_000, 10, pieces)) {
      Set<String> expected = new HashSet<>();
      Matcher m = ConfigStubMismatch.DEFINE.matcher(text);
      while (m.find()) {
        expected.add(m.group(1));
      }
      assertEquals(expected, ConfigStubMismatch.definedMacros(text), text);
    }
  }
}
