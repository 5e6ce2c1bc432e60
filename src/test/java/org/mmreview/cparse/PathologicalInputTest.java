package org.mmreview.cparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.decl.FunctionDefinition;

/** Inputs built to hurt: each must give a clear problem, quickly, and never throw. */
class PathologicalInputTest {
  private final CParser parser = new CParser();

  private ParseResult parse(String text) {
    return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parser.parseFile("bad.c", text));
  }

  @Test
  void hundredThousandNestedParentheses() {
    // 100 parentheses per line, so that the line-length limit is not what stops it
    String open = ("(".repeat(100) + "\n").repeat(1000);
    String close = (")".repeat(100) + "\n").repeat(1000);
    String text =
        "int f(void)\n{\n\treturn "
            + open
            + "1"
            + close
            + ";\n}\n"
            + "int g(void)\n{\n\treturn 2;\n}\n";
    ParseResult r = parse(text);
    assertEquals(1, r.problems().size());
    assertTrue(
        r.problems().get(0).message().startsWith("input too deep"), r.problems().get(0).message());
    // the next function still parses
    assertEquals(
        List.of("g"), r.unit().functions().stream().map(FunctionDefinition::name).toList());
  }

  @Test
  void hundredThousandNestedParenthesesOnOneLine() {
    ParseResult r = parse("int x = " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + ";\n");
    assertTrue(r.problems().get(0).message().contains("too long"), r.problems().get(0).message());
  }

  @Test
  void deepNestingJustUnderTheLimitParses() {
    int depth = ChunkParser.MAX_NESTING - 2;
    String text =
        "int f(void)\n{\n\treturn " + "(".repeat(depth) + "1" + ")".repeat(depth) + ";\n}\n";
    ParseResult r = parse(text);
    assertEquals(List.of(), r.problems());
  }

  @Test
  void fiveMegabyteSingleLine() {
    String text = "int x = " + "1 + ".repeat(5 * 1024 * 1024 / 4) + "1;";
    ParseResult r = parse(text);
    assertEquals(1, r.problems().size());
    assertTrue(
        r.problems().get(0).message().startsWith("line 1 too long"), r.problems().get(0).message());
    assertTrue(CParser.checkInput(text).isPresent());
  }

  @Test
  void binaryGarbage() {
    byte[] bytes = new byte[100_000];
    new Random(42).nextBytes(bytes);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    ParseResult r = parse(text);
    assertEquals(1, r.problems().size());
    assertTrue(
        r.problems().get(0).message().startsWith("binary data"), r.problems().get(0).message());
  }

  @Test
  void printableGarbageBecomesErrorNodesNotExceptions() {
    Random rnd = new Random(7);
    String alphabet = "abc_XYZ019 (){}[];,.*&|^!~<>=+-/%?:#\"'\n\t\\";
    for (int round = 0; round < 20; round++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 3000; i++) {
        sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      ParseResult r = parse(sb.toString());
      assertTrue(r.unit() != null);
    }
  }

  @Test
  void unbalancedBracesAreRecoveredAtTheNextColumnZeroBrace() {
    String text = "int f(void)\n{\n\tif (x) {\n\t\ty();\n}\n\nint g(void)\n{\n\treturn 0;\n}\n";
    ParseResult r = parse(text);
    assertEquals(
        List.of("g"), r.unit().functions().stream().map(FunctionDefinition::name).toList());
    ErrorNode e = r.unit().findFirst(ErrorNode.class).orElseThrow();
    assertEquals("f", e.functionName().orElseThrow());
    assertTrue(e.reason().contains("unbalanced"), e.reason());
  }

  @Test
  void emptyAndBlankInput() {
    assertEquals(List.of(), parse("").problems());
    assertEquals(List.of(), parse("\n\n   \n").problems());
    assertEquals(List.of(), parse("/* only a comment */\n#include <x.h>\n").problems());
    assertEquals(List.of(), parser.parseFragment("x.c", "", 1).problems());
  }
}
