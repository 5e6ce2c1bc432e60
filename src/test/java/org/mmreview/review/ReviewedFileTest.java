package org.mmreview.review;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReviewedFileTest {
  @Test
  void aNameCountsOnlyAsAWholeWord() {
    assertTrue(ReviewedFile.holdsName("static int foo(void)\n", "foo"));
    assertTrue(ReviewedFile.holdsName("foo", "foo"));
    assertTrue(ReviewedFile.holdsName("#define foo\t1\n", "foo"));
    assertTrue(ReviewedFile.holdsName("int *foo;", "foo"));
    // inside longer identifiers only: it cannot be that token
    assertFalse(ReviewedFile.holdsName("foo_bar(x); barfoo(); foo1 = 2;", "foo"));
    // a later whole occurrence after embedded ones still counts
    assertTrue(ReviewedFile.holdsName("foo_bar(x); foo(y);", "foo"));
    assertFalse(ReviewedFile.holdsName("nothing here", "foo"));
  }

  @Test
  void aNameEndingInPunctuationIsBoundedOnlyWhereItIsAWord() {
    // a macro head as a function's name: its end may touch anything
    assertTrue(
        ReviewedFile.holdsName("SYSCALL_DEFINE1(foo, int, x)abc", "SYSCALL_DEFINE1(foo, int, x)"));
    assertFalse(
        ReviewedFile.holdsName("XSYSCALL_DEFINE1(foo, int, x)", "SYSCALL_DEFINE1(foo, int, x)"));
  }

  @Test
  void aDefinitionIsNotReadIntoAUse() {
    // operands, arguments and call statements cannot define the name
    assertFalse(
        ReviewedFile.holdsDefinableName(
            "\tret = foo(x);\n\tif (!foo(y))\n\t\tbar(a, foo(b));\n}\n\tfoo(z);\n", "foo"));
    assertFalse(ReviewedFile.holdsDefinableName("p->foo = 1; s.foo++;", "foo"));
    // a type before it, a pointer's star, a line of its own at the top, or a tag keyword may
    assertTrue(ReviewedFile.holdsDefinableName("}\n\nstatic int foo(void)\n{", "foo"));
    assertTrue(ReviewedFile.holdsDefinableName("static struct page *\nfoo(int x)", "foo"));
    assertTrue(ReviewedFile.holdsDefinableName("foo(int x)\n{", "foo"));
    assertTrue(ReviewedFile.holdsDefinableName("struct foo {\n", "foo"));
    assertTrue(ReviewedFile.holdsDefinableName("#define foo(x) (x)\n", "foo"));
    // a call after return is kept: a type name and that keyword look alike to a text scan
    assertTrue(ReviewedFile.holdsDefinableName("\treturn foo(x);", "foo"));
    // a macro-made name is matched as a whole word, even at a line's start after a '}'
    assertTrue(
        ReviewedFile.holdsDefinableName(
            "}\n\nSYSCALL_DEFINE1(foo, int, x)\n{", "SYSCALL_DEFINE1(foo, int, x)"));
  }
}
