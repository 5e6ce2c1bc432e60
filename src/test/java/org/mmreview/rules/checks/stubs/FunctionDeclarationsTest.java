package org.mmreview.rules.checks.stubs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.rules.checks.stubs.FunctionDeclarations.Declaration;
import org.mmreview.rules.checks.stubs.FunctionDeclarations.Kind;
import org.mmreview.testing.PieceTexts;

class FunctionDeclarationsTest {
  private static String describe(List<Declaration> ds) {
    StringBuilder b = new StringBuilder();
    for (Declaration d : ds) {
      b.append(d.name())
          .append('/')
          .append(d.params())
          .append(' ')
          .append(d.kind())
          .append(d.isStatic() ? " static" : "")
          .append(" @")
          .append(d.line())
          .append('\n');
    }
    return b.toString();
  }

  @Test
  void bothBranchesOfAHeaderWithKernelLayouts() {
    String header =
        String.join(
            "\n",
            "#ifdef CONFIG_WIDGET",
            "int widget_grow(struct widget *w, unsigned long nr);",
            "void widget_lock(struct widget *w) __acquires(w->lock);",
            "extern void widget_log(int level, const char *fmt, ...);",
            "static DEFINE_MUTEX(widget_mutex);",
            "#define widget_size(w) ((w)->size)",
            "#else",
            "static inline int",
            "widget_grow(struct widget *w,",
            "\t    unsigned long nr)",
            "{",
            "\treturn -ENOSYS;",
            "}",
            "static inline void widget_lock(struct widget *w) { }",
            "static inline bool widget_busy(struct widget *w)",
            "{",
            "\tif (!w)",
            "\t\treturn false;",
            "\treturn w->users > 0; /* a comment; with { braces */",
            "}",
            "#endif");
    assertEquals(
        String.join(
            "\n",
            "widget_grow/2 PROTOTYPE @12",
            "widget_lock/1 PROTOTYPE @13",
            "widget_log/-1 PROTOTYPE @14",
            "widget_grow/2 STUB static @19",
            "widget_lock/1 STUB static @24",
            "widget_busy/1 DEFINITION static @25",
            ""),
        describe(FunctionDeclarations.scan(header, 11)));
  }

  @Test
  void labelsCallsAndMacroInvocationsAreNotDeclarations() {
    String body =
        String.join(
            "\n",
            "\tspin_lock(&ptl);",
            "out_unlock:",
            "\tspin_unlock(&ptl);",
            "EXPORT_SYMBOL_GPL(widget_grow);",
            "SYSCALL_DEFINE2(widget, int, fd, unsigned int, flags)",
            "{",
            "\treturn 0;",
            "}",
            "void (*widget_hook)(int a, int b);");
    assertEquals("", describe(FunctionDeclarations.scan(body, 1)));
  }

  @Test
  void parameterCounts() {
    assertEquals(0, FunctionDeclarations.parameterCount(" void "));
    assertEquals(0, FunctionDeclarations.parameterCount(""));
    assertEquals(2, FunctionDeclarations.parameterCount("void (*fn)(int, int), void *arg"));
    assertEquals(-1, FunctionDeclarations.parameterCount("const char *fmt, ..."));
    assertEquals(1, FunctionDeclarations.parameterCount("DECLARE_BITMAP(mask, N)"));
  }

  @Test
  void kinds() {
    assertEquals(
        Kind.STUB, FunctionDeclarations.scan("static inline void f(void) {}", 1).get(0).kind());
  }

  /** The lines cut from the blanked characters are those the blanked text's split gives. */
  @Test
  void blankedLinesAreTheSplitOfTheBlankedText() {
    String[] pieces = {
      "\n", "\n\n", "/*", "*/", "//", "\"", "'", "\\", "x", " ", "{", "}", ";", "é", "\u2028"
    };
    for (String text : PieceTexts.of(11, 50_000, 12, pieces)) {
      assertArrayEquals(
          FunctionDeclarations.blankCommentsAndStrings(text).split("\n", -1),
          FunctionDeclarations.blankedLines(text),
          text);
    }
  }

  /** The hand-made blank collapse is the regex's. */
  @Test
  void singleSpacedIsTheBlankRunsRegex() {
    String[] pieces = {" ", "\t", "\n", "\u000B", "\f", "\r", "x", "(", "\u00A0", "\u2028", "é"};
    for (String text : PieceTexts.of(17, 20_000, 10, pieces)) {
      assertEquals(text.replaceAll("\\s+", " "), FunctionDeclarations.singleSpaced(text), text);
    }
  }

  /** A text's declarations read from line 1 and moved are those read where it starts. */
  @Test
  void declarationsMovedAreDeclarationsReadThere() {
    String text =
        String.join(
            "\n",
            "static inline int",
            "pool_fill(struct pool *p,",
            "\t  unsigned long nr)",
            "{",
            "\treturn 0;",
            "}",
            "int pool_drain(struct pool *p);");
    for (int first : new int[] {1, 2, 40, 7001}) {
      List<Declaration> read = FunctionDeclarations.scan(text, first);
      List<Declaration> moved =
          FunctionDeclarations.movedBy(FunctionDeclarations.scan(text, 1), first - 1);
      assertEquals(describe(read), describe(moved));
      for (int k = 0; k < read.size(); k++) {
        assertArrayEquals(read.get(k).lines(), moved.get(k).lines());
      }
    }
  }
}
