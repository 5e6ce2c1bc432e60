package org.mmreview.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiffParserTest {

  @Test
  void readsEveryKindOfGitDiffSection() throws Exception {
    DiffParser.Result r = DiffParser.parse(Fixtures.text("git-diff.diff"));
    assertTrue(r.ok(), r.problems().toString());
    List<FileChange> f = r.files();
    assertEquals(6, f.size());

    FileChange memory = f.get(0);
    assertEquals(ChangeType.MODIFY, memory.changeType());
    assertEquals("mm/memory.c", memory.path());
    assertEquals(2, memory.hunks().size());
    Hunk h = memory.hunks().get(0);
    assertEquals("static int foo(void)", h.sectionHeading());
    assertEquals(
        List.of(2, 6, 2, 7), List.of(h.oldStart(), h.oldCount(), h.newStart(), h.newCount()));
    assertEquals(5, h.patchLine());
    assertEquals(3, memory.added());
    assertEquals(2, memory.removed());
    // line map: "+int c2;" is new line 4, shown at patch line 9; "-int c;" was old line 4
    assertEquals(Set.of(4, 5, 22), memory.lineMap().addedLines());
    assertEquals(Set.of(4, 21), memory.lineMap().removedOldLines());
    assertTrue(memory.lineMap().isAdded(4));
    assertFalse(memory.lineMap().isAdded(6));
    assertEquals(9, memory.lineMap().patchLineOfNew(4).getAsInt());
    assertEquals(11, memory.lineMap().patchLineOfNew(6).getAsInt());

    FileChange added = f.get(1);
    assertEquals(ChangeType.ADD, added.changeType());
    assertEquals(FileChange.DEV_NULL, added.oldPath());
    assertEquals("mm/new.c", added.newPath());
    assertEquals(Optional.of("100644"), added.newMode());
    HunkLine last = added.hunks().get(0).lines().get(1);
    assertEquals("int new_two;", last.text());
    assertTrue(last.noNewlineAtEnd());

    FileChange deleted = f.get(2);
    assertEquals(ChangeType.DELETE, deleted.changeType());
    assertEquals("mm/old.c", deleted.path());
    assertEquals(FileChange.DEV_NULL, deleted.newPath());

    FileChange renamed = f.get(3);
    assertEquals(ChangeType.RENAME, renamed.changeType());
    assertEquals("mm/before.c", renamed.oldPath());
    assertEquals("mm/after.c", renamed.newPath());

    FileChange mode = f.get(4);
    assertEquals(ChangeType.MODIFY, mode.changeType());
    assertEquals(Optional.of("100755"), mode.newMode());
    assertTrue(mode.hunks().isEmpty());

    FileChange binary = f.get(5);
    assertTrue(binary.binary());
    assertEquals("mm/logo.png", binary.path());
  }

  @Test
  void readsTraditionalDiffWithTimestampsAndEmptyContextLine() throws Exception {
    DiffParser.Result r = DiffParser.parse(Fixtures.text("traditional.diff"));
    assertTrue(r.ok(), r.problems().toString());
    FileChange f = r.files().get(0);
    assertEquals("mm/slab.c", f.path());
    Hunk h = f.hunks().get(0);
    assertEquals(5, h.lines().size());
    assertEquals("", h.lines().get(4).text());
    assertEquals(HunkLine.Kind.CONTEXT, h.lines().get(4).kind());
  }

  @Test
  void hunkCountMismatchIsReported() throws Exception {
    DiffParser.Result r = DiffParser.parse(Fixtures.text("malformed-hunk.patch"));
    assertFalse(r.ok());
    assertTrue(
        r.problems().get(0).contains("line 4: hunk line counts do not match"),
        r.problems().toString());
  }

  @Test
  void lineWrappedPatchIsNamed() throws Exception {
    DiffParser.Result r = DiffParser.parse(Fixtures.text("wrapped.patch"));
    assertFalse(r.ok());
    assertTrue(
        r.problems().get(0).startsWith("line-wrapped patch: line 7"), r.problems().toString());
  }

  @Test
  void whitespaceDamageIsNamed() throws Exception {
    DiffParser.Result r = DiffParser.parse(Fixtures.text("whitespace-damaged.patch"));
    assertFalse(r.ok());
    assertTrue(
        r.problems().get(0).startsWith("whitespace-damaged patch: line 5"),
        r.problems().toString());
  }

  @Test
  void hunkEndingEarlyAndOrphanHunkAreReported() {
    DiffParser.Result early = DiffParser.parse("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n");
    assertTrue(early.problems().get(0).contains("hunk ends early"), early.problems().toString());
    DiffParser.Result orphan = DiffParser.parse("text\n@@ -1 +1 @@\n-a\n+b\n");
    assertTrue(
        orphan.problems().get(0).contains("hunk without a file header"),
        orphan.problems().toString());
  }

  @Test
  void quotedNamesAndMissingCountsAreRead() {
    String diff =
        "diff --git \"a/mm/sp ace\\t.c\" \"b/mm/sp ace\\t.c\"\n"
            + "--- \"a/mm/sp ace\\t.c\"\n"
            + "+++ \"b/mm/sp ace\\t.c\"\n"
            + "@@ -1 +1 @@\n"
            + "-a\n"
            + "+b\n";
    DiffParser.Result r = DiffParser.parse(diff);
    assertTrue(r.ok(), r.problems().toString());
    assertEquals("mm/sp ace\t.c", r.files().get(0).path());
    Hunk h = r.files().get(0).hunks().get(0);
    assertEquals(1, h.oldCount());
    assertEquals("@@ -1,1 +1,1 @@\n-a\n+b\n", h.toDiffText());
  }

  @Test
  void lineOffsetShiftsPatchLines() {
    DiffParser.Result r = DiffParser.parse("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n", 100);
    assertEquals(103, r.files().get(0).hunks().get(0).patchLine());
    assertEquals(105, r.files().get(0).hunks().get(0).lines().get(1).patchLine());
  }
}
