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
}
