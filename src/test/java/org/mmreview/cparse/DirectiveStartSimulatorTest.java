package org.mmreview.cparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;
import org.mmreview.cparse.grammar.KernelCLexer;

/** The remembered {@code #} edges give the tokens ANTLR's own simulation gives. */
class DirectiveStartSimulatorTest {

  /** Lines where a {@code #} is a directive, and where it is not. */
  private static final List<String> LINES =
      List.of(
          "#include <linux/mm.h>",
          "  #ifdef CONFIG_USERFAULTFD",
          "\t# define X(a) #a",
          "#",
          "#endif /* CONFIG_USERFAULTFD */",
          "#define CAT(a, b) a ## b \\",
          "\t\t+ 1",
          "static int x = FOO(#bar);",
          "x = a # b; y = a ## b;",
          "/* # not a directive */ int y;",
          "\"# in a string\" # after",
          "int z; #define LATE 1",
          "#if defined(A) /* open",
          "   still the comment */",
          "   # /* between */ else",
          "# 1 \"file.c\"",
          "const char *s = \"#\";",
          "char c = '#';",
          "/* ü # non-ASCII */ #x",
          "");

  @Test
  void tokensAreThoseOfThePlainLexerOnEveryMixOfLines() {
    Random random = new Random(12);
    for (int text = 0; text < 400; text++) {
      StringBuilder b = new StringBuilder();
      int lines = 1 + random.nextInt(12);
      for (int i = 0; i < lines; i++) {
        b.append(LINES.get(random.nextInt(LINES.size())));
        b.append(random.nextInt(8) == 0 ? "\r\n" : "\n");
      }
      if (random.nextBoolean()) {
        b.setLength(b.length() - 1);
      }
      String s = b.toString();
      assertEquals(tokens(plain(s)), tokens(DirectiveStartSimulator.lexer(input(s))), s);
    }
  }

  @Test
  void aDirectiveAfterCodeOnItsLineIsNotOne() {
    List<String> remembered =
        tokens(DirectiveStartSimulator.lexer(input("#define A 1\nint a; #define B 2\n#undef A\n")));
    assertEquals(tokens(plain("#define A 1\nint a; #define B 2\n#undef A\n")), remembered);
    assertTrue(remembered.get(0).startsWith("Directive "), remembered.toString());
    assertTrue(remembered.stream().filter(t -> t.startsWith("Directive ")).count() == 2);
  }

  private static KernelCLexer plain(String s) {
    return new KernelCLexer(input(s));
  }

  private static AsciiLookahead input(String s) {
    return new AsciiLookahead(CharStreams.fromString(s));
  }

  private static List<String> tokens(Lexer lexer) {
    lexer.removeErrorListeners();
    List<String> out = new ArrayList<>();
    for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
      out.add(
          KernelCLexer.VOCABULARY.getSymbolicName(t.getType())
              + " "
              + t.getChannel()
              + " "
              + t.getStartIndex()
              + "-"
              + t.getStopIndex()
              + " "
              + t.getLine()
              + ":"
              + t.getCharPositionInLine());
    }
    return out;
  }
}
