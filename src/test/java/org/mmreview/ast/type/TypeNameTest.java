package org.mmreview.ast.type;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mmreview.testing.PieceTexts;

class TypeNameTest {
  @Test
  void spellsPointersTheKernelWay() {
    assertEquals("struct vm_area_struct *", TypeName.normalise("struct  vm_area_struct*"));
    assertEquals("const char **", TypeName.normalise(" const char * * "));
    assertEquals("int (*)(void *, int)", TypeName.normalise("int (* )(void*,\n int)"));
    assertEquals("unsigned long", TypeName.normalise("unsigned\t\tlong"));
  }

  /** The one-pass normalisation gives what the two regex passes it replaced gave. */
  @Test
  void sameAsTheRegexPasses() {
    String[] pieces = {
      "int", "struct", "foo", " ", "  ", "\t", "\n", "*", "(", ")", "[", "4", "]", ",", "\u000b",
      "_", "const", "\u00a0"
    };
    for (String raw : PieceTexts.of(7, 50_000, 10, pieces)) {
      assertEquals(byRegex(raw), TypeName.normalise(raw), "[" + raw + "]");
    }
  }

  private static String byRegex(String raw) {
    String s = Pattern.compile("\\s+").matcher(raw.strip()).replaceAll(" ");
    s = Pattern.compile("\\s*\\*\\s*").matcher(s).replaceAll("*");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*') {
        char prev = b.length() > 0 ? b.charAt(b.length() - 1) : ' ';
        if (prev != '*' && prev != '(' && prev != ' ') {
          b.append(' ');
        }
        b.append('*');
        if (i + 1 < s.length() && Character.isJavaIdentifierPart(s.charAt(i + 1))) {
          b.append(' ');
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
