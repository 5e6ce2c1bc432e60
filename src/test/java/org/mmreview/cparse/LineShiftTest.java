package org.mmreview.cparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmreview.ast.AstJson;
import org.mmreview.ast.Comment;

/** A fragment's parse moved to other lines is the parse at those lines (ReviewPlanner's cache). */
class LineShiftTest {
  private static final CParser PARSER = new CParser();

  static Stream<Path> parseFixtures() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("fixtures/parse"))) {
      return s.filter(p -> p.toString().endsWith(".c")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("parseFixtures")
  void movedDownAndUpIsParsedThere(Path fixture) throws IOException {
    String text = Files.readString(fixture, StandardCharsets.UTF_8);
    // Each fixture whole, and its second half as a hunk starting inside whatever it cuts.
    for (String t : List.of(text, text.substring(text.indexOf('\n', text.length() / 2) + 1))) {
      ParseResult at12 = PARSER.parseFragment("mm/f.c", t, 12);
      ParseResult at400 = PARSER.parseFragment("mm/f.c", t, 400);
      if (!at12.movable()) {
        continue;
      }
      assertEquals(dump(at400), dump(PARSER.moved(at12, t, 12, 400).orElseThrow()), "down");
      assertEquals(dump(at12), dump(PARSER.moved(at400, t, 400, 12).orElseThrow()), "up");
    }
  }

  @Test
  void syntaxErrorsMoveWithTheirRanges() {
    String hunk = "\tif (x) {\n\t\ta(;\n\t}\n\tb();\n";
    ParseResult at3 = PARSER.parseFragment("f.c", hunk, 3);
    assertTrue(at3.hasProblems());
    ParseResult moved = PARSER.moved(at3, hunk, 3, 90).orElseThrow();
    assertEquals(dump(PARSER.parseFragment("f.c", hunk, 90)), dump(moved));
    assertNotSame(at3.unit(), moved.unit());
  }

  @Test
  void aCutCommentIsParsedAgain() {
    // Its message names the file's lines: the result is not moved.
    String hunk = "\ta(); /* starts here\n\tb();\n\tc();\n";
    ParseResult r = PARSER.parseFragment("f.c", hunk, 3);
    assertFalse(r.movable(), r.problems().toString());
    assertTrue(PARSER.moved(r, hunk, 3, 9).isEmpty());
  }

  @Test
  void linesOutOfRangeAreParsedAgain() {
    String hunk = "\ta();\n";
    ParseResult r = PARSER.parseFragment("f.c", hunk, 3);
    assertTrue(PARSER.moved(r, hunk, 3, CParser.MAX_LINE_NUMBER + 5).isEmpty());
  }

  private static String dump(ParseResult r) {
    StringBuilder b = new StringBuilder(AstJson.toJson(r.unit()));
    for (Comment c : r.unit().comments()) {
      b.append('\n').append(c.range()).append(c.text());
    }
    return b.append('\n').append(r.problems()).append(r.usedLlFallback()).toString();
  }
}
