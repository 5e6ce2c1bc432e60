package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.testing.PieceTexts;

class VmaFlagsApiTest {
  @Test
  void handWrittenCommentStripperMatchesThePattern() {
    List<String> texts =
        List.of(
            "",
            "/",
            "/*",
            "/*/",
            "/**/",
            "a/*b*/c",
            "a//b\nc",
            "a//b",
            "/* open",
            "x /* a */ y /* b",
            "/*/ */",
            "// one\n// two\n",
            "a / b * c",
            "p/*x*//**/q",
            "s//*t*/\nu",
            "/* a\n b */ vma_test(v, VMA_X_BIT)",
            "*/ stray",
            "vma_test/*c*/(v)");
    for (String t : texts) {
      assertEquals(VmaFlagsApi.COMMENT.matcher(t).replaceAll(" "), VmaFlagsApi.stripComments(t), t);
    }
  }

  @Test
  void handWrittenUseScanMatchesThePattern() {
    String[] pieces = {
      "vma_test",
      "vma_flags_",
      "VMA_",
      "_BIT",
      "X",
      "x",
      "_",
      "1",
      " ",
      "\n",
      "(",
      ")",
      "é",
      "a",
      "B",
      "IT",
      "vma_",
      "\t",
      "VMA_X_BIT",
      "_BITS",
      ",",
      "\u000b"
    };
    for (String t : PieceTexts.of(3, 50_000, 8, pieces)) {
      assertEquals(VmaFlagsApi.USE.matcher(t).find(), VmaFlagsApi.findsUse(t), t);
    }
  }

  @Test
  void usesOfTheApiOutsideComments() {
    assertTrue(VmaFlagsApi.usedIn("if (vma_test(vma, VMA_SHARED_BIT))"));
    assertTrue(VmaFlagsApi.usedIn("x = VMA_WRITE_BIT;"));
    assertFalse(VmaFlagsApi.usedIn("/* vma_test(vma, VMA_SHARED_BIT) */ x = 1;"));
    assertFalse(VmaFlagsApi.usedIn("VMA_ITERATOR(vmi, mm, 0);"));
    assertFalse(VmaFlagsApi.usedIn("if (vma->vm_flags & VM_SHARED)"));
  }
}
