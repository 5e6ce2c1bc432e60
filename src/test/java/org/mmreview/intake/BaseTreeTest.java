package org.mmreview.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaseTreeTest {

  private static FileChange only(String diff) {
    DiffParser.Result r = DiffParser.parse(diff);
    assertTrue(r.ok(), r.problems().toString());
    return r.files().get(0);
  }

  @Test
  void appliesWithOffsetAndRenumbersTheLineMap() throws Exception {
    Patch p = MailParser.parse(Fixtures.bytes("format-patch.patch"), "fp").patch();
    BaseTree.Applied a = BaseTree.directory(Fixtures.path("base")).apply(p);
    assertTrue(a.diagnostics().isEmpty(), a.diagnostics().toString());
    FileChange f = a.patch().files().get(0);
    assertTrue(f.applied());
    assertEquals("zero\nfirst\nsecond\nthird\nfourth\n", f.preImage().orElseThrow());
    assertEquals("zero\nfirst\nSECOND\nthird\nfourth\n", f.postImage().orElseThrow());
    // the hunk said line 2; the file has it one line lower
    assertEquals(List.of(3), List.copyOf(f.lineMap().addedLines()));
    assertEquals(List.of(3), List.copyOf(f.lineMap().removedOldLines()));
    assertEquals(2, f.hunks().get(0).newStart());
  }

  @Test
  void patchThatDoesNotApplyFallsBackToHunks() throws Exception {
    Patch p =
        new Patch(
            PatchMetadata.none(),
            List.of(
                only("--- a/mm/gup.c\n+++ b/mm/gup.c\n@@ -1,2 +1,2 @@\n nothing\n-like\n+this\n")),
            "x.diff",
            "");
    BaseTree.Applied a = BaseTree.directory(Fixtures.path("base")).apply(p);
    assertEquals(1, a.diagnostics().size());
    assertTrue(
        a.diagnostics().get(0).reason().contains("does not apply"), a.diagnostics().toString());
    assertFalse(a.patch().files().get(0).applied());
    assertEquals(Optional.empty(), a.patch().files().get(0).postImage());
  }

  @Test
  void missingFileIsReported() {
    Patch p =
        new Patch(
            PatchMetadata.none(),
            List.of(only("--- a/mm/none.c\n+++ b/mm/none.c\n@@ -1 +1 @@\n-a\n+b\n")),
            "x.diff",
            "");
    BaseTree.Applied a = BaseTree.directory(Fixtures.path("base")).apply(p);
    assertTrue(a.diagnostics().get(0).reason().contains("not in"), a.diagnostics().toString());
  }

  @Test
  void newFileAndNoNewlineAtEnd() {
    FileChange add =
        only("--- /dev/null\n+++ b/n.c\n@@ -0,0 +1,2 @@\n+a\n+b\n\\ No newline at end of file\n");
    FileChange f = BaseTree.applyFile(add, "").orElseThrow();
    assertEquals("a\nb", f.postImage().orElseThrow());
    FileChange mod = only("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
    assertEquals(
        "a\nB\nc\nd\n",
        BaseTree.applyFile(mod, "a\nb\nc\nd\n").orElseThrow().postImage().orElseThrow());
    FileChange insert = only("--- a/x\n+++ b/x\n@@ -2,0 +3 @@\n+new\n");
    FileChange ins = BaseTree.applyFile(insert, "a\nb\nc\n").orElseThrow();
    assertEquals("a\nb\nnew\nc\n", ins.postImage().orElseThrow());
    assertEquals(List.of(3), List.copyOf(ins.lineMap().addedLines()));
  }
}
