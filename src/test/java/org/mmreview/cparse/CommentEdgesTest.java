package org.mmreview.cparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.Comment;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.decl.FunctionDefinition;

/**
 * Comments cut by the edges of a text: where they end, what is lexed after them, what is reported.
 */
class CommentEdgesTest {
  private final CParser parser = new CParser();

  private static final String FN = "static int h(void)\n{\n\treturn 0;\n}\n";

  @Test
  void linesThatCouldBeAComments() {
    for (String line :
        List.of(
            "",
            "\t ",
            " * text",
            " *",
            "\t\t **",
            " *\tx = 1;",
            "   that the vma is locked.",
            "// see",
            " *(see above)")) {
      assertTrue(CommentEdges.commentLine(line), line);
    }
    for (String line :
        List.of("\tx = 1;", "{", "\t}", "#endif", "\t*ptr = 0;", "\tif (x) {", "} else {")) {
      assertFalse(CommentEdges.commentLine(line), line);
    }
  }

  @Test
  void commentsOpenedInADirective() {
    assertEquals(12, CommentEdges.openComment("#define A 1 /* one"));
    assertEquals(-1, CommentEdges.openComment("#define A 1 /* one */"));
    assertEquals(22, CommentEdges.openComment("#define A 1 /* one */ /* two"));
    assertEquals(-1, CommentEdges.openComment("#define S \"/*\""));
    assertEquals(-1, CommentEdges.openComment("#define C '\"' /* \" */"));
    assertEquals(-1, CommentEdges.openComment("#endif // see /* there"));
  }

  @Test
  void codeAfterAnUnterminatedCommentIsLexedWhereItIs() {
    // A supplementary character before the comment: token indices are code points, offsets chars.
    String text = FN + "/* \uD83D\uDE00 the second\r\n" + FN.replace("h(", "g(");
    ParseResult r = parser.parseFile("a.c", text);
    assertEquals(
        List.of("h", "g"), r.unit().functions().stream().map(FunctionDefinition::name).toList());
    FunctionDefinition g = r.unit().functions().get(1);
    assertEquals(6, g.range().beginLine());
    assertEquals(1, g.range().beginColumn());
    assertEquals(text.indexOf("static int g"), g.range().beginOffset());
    assertEquals(
        List.of("/* \uD83D\uDE00 the second"),
        r.unit().comments().stream().map(Comment::text).toList());
    assertEquals(1, r.problems().size());
    assertEquals(
        "unterminated comment; read as ending on line 5, and lines 6-9 reviewed as code",
        r.problems().get(0).message());
    assertEquals(ParseProblem.Kind.REPAIRED, r.problems().get(0).kind());
  }

  @Test
  void aCommentOpenedAfterCodeOnItsLineEndsWithTheLine() {
    ParseResult r = parser.parseFile("a.c", "int a; /* first\nint b;\n");
    assertEquals(List.of("/* first"), r.unit().comments().stream().map(Comment::text).toList());
    assertEquals(List.of(), r.unit().findAll(ErrorNode.class));
    assertEquals(
        List.of("unterminated comment; read as ending on line 1, and line 2 reviewed as code"),
        r.problems().stream().map(ParseProblem::message).toList());
  }

  @Test
  void aFragmentEndingInsideAnUndecoratedCommentIsSilent() {
    ParseResult r =
        parser.parseFragment("a.c", FN + "\t/* the lock protects\n\t   the list of folios.\n", 40);
    assertEquals(List.of(), r.problems());
    assertEquals(
        List.of(44), r.unit().comments().stream().map(c -> c.range().beginLine()).toList());
  }

  @Test
  void aStrayCloseAfterCodeIsNotTakenForACommentTail() {
    // Lines before the "*/" that look like code: not a comment the hunk started inside.
    ParseResult r = parser.parseFragment("a.c", "\tx = 1;\n\ty = 2; */\n" + FN, 40);
    assertEquals(List.of(), r.unit().comments());
  }

  @Test
  void aFragmentStartingInsideAnUndecoratedCommentEndsItAtTheClose() {
    ParseResult r = parser.parseFragment("a.c", "\t   the list of folios. */\n" + FN, 40);
    assertEquals(List.of(), r.problems());
    assertEquals(
        List.of("h"), r.unit().functions().stream().map(FunctionDefinition::name).toList());
    assertEquals(List.of("the list of folios."), r.unit().comments().get(0).contentLines());
  }

  @Test
  void manyUnterminatedCommentsAreReadInTime() {
    String text = "int a; /* open\nint b;\n".repeat(2_000);
    ParseResult r =
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parser.parseFile("a.c", text));
    assertEquals(2_000, r.problems().size());
  }
}
