package org.mmreview.ast.type;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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
    Random random = new Random(7);
    for (int round = 0; round < 50_000; round++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(10);
      for (int i = 0; i < n; i++) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      String raw = b.toString();
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
