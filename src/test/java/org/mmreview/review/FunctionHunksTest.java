package org.mmreview.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.stmt.ErrorStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.DiffParser;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchMetadata;

/** The hunks of one function reviewed as one unit, at the file's line numbers. */
class FunctionHunksTest {
  private static final String HEAD =
      "diff --git a/mm/zpool.c b/mm/zpool.c\n--- a/mm/zpool.c\n+++ b/mm/zpool.c\n";

  /** A function's header and a flag in the first hunk, its uses twelve lines down in the second. */
  private static final String SPLIT =
      HEAD
          + "@@ -120,6 +120,7 @@ static unsigned long scan_slab(struct shrinker *s)\n"
          + " \n"
          + " static unsigned long drain(struct pool *pool)\n"
          + " {\n"
          + "+\tint dirty = 0;\n"
          + " \tstruct pool_entry *entry, *next;\n"
          + " \n"
          + " \tspin_lock(&pool->lock);\n"
          + "@@ -139,6 +140,10 @@ static unsigned long drain(struct pool *pool)\n"
          + " \t\tlist_del(&entry->node);\n"
          + " \t\tfreed++;\n"
          + "+\t\tif (entry->flags & POOL_DIRTY)\n"
          + "+\t\t\tdirty = 1;\n"
          + " \t}\n"
          + " \tspin_unlock(&pool->lock);\n"
          + "+\tif (dirty)\n"
          + "+\t\tflush(pool);\n"
          + " \treturn freed;\n"
          + " }\n";

  private static List<Hunk> hunks(String diff) {
    return DiffParser.parse(diff).files().get(0).hunks();
  }

  private static List<ReviewedFile> review(String diff) {
    List<FileChange> files = DiffParser.parse(diff).files();
    return new ReviewPlanner(new CParser())
        .patch(new Patch(PatchMetadata.none(), files, "t.patch", diff));
  }

  @Test
  void theHunksOfOneFunctionAreOneUnitAtTheFilesLines() {
    List<List<Hunk>> groups = FunctionHunks.groups(hunks(SPLIT));
    assertEquals(1, groups.size());
    ReviewedFile f = review(SPLIT).get(0);
    assertEquals(1, f.units().size());
    CompilationUnit u = f.units().get(0);
    FunctionDefinition drain = u.function("drain").orElseThrow();
    assertEquals(123, drain.findFirst(Declarator.class).orElseThrow().range().beginLine());
    assertEquals(
        List.of(143, 146),
        drain.findAll(Identifier.class, i -> i.name().equals("dirty")).stream()
            .map(i -> i.range().beginLine())
            .toList());
    assertTrue(u.findAll(ErrorStatement.class).isEmpty());
    // the loop the gap opens is closed where the second hunk closes it: the test after the
    // loop is not inside it
    IfStatement flush =
        drain.findFirst(IfStatement.class, i -> i.condition().text().equals("dirty")).orElseThrow();
    assertEquals(146, flush.range().beginLine());
    assertEquals(drain.body(), flush.parent().orElseThrow());
    // gap lines are no code, and not added
    assertTrue(u.lineText(130).orElseThrow().isBlank());
    assertFalse(f.isAdded(130));
  }

  @Test
  void theGapGetsTheBracesTheIndentationAsksFor() {
    String fill =
        FunctionHunks.joined(hunks(SPLIT), HunkLine.Kind.ADD).lines().skip(7).findFirst().get();
    // line 127, the first of the gap
    assertEquals("\t{", fill, "the first hunk ends at depth 1, the second starts at depth 2");
    assertEquals("", FunctionHunks.braces("\tfoo();\n", "\tbar();\n"));
    assertEquals("}}", FunctionHunks.braces("\t\t\tif (x) {\n", "\t\tbar();\n"));
    assertEquals("{", FunctionHunks.braces("\tret = foo(a,\n\t\t  b);\n", "\t}\n"));
  }

  /** The second hunk starts one block shallower than the first ends: the gap closes a block. */
  private static final String CLOSING =
      HEAD
          + "@@ -200,9 +200,10 @@ static void zpool_tail(struct zpool *z)\n"
          + " static long count_gaps(struct gap_list *gl, long lo, long hi)\n"
          + " {\n"
          + " \tstruct gap *g;\n"
          + " \tlong gaps = 0;\n"
          + " \n"
          + " \tlist_for_each_entry(g, &gl->head, link) {\n"
          + " \t\tif (g->end <= lo)\n"
          + "+\t\t\tcontinue;\n"
          + " \t\tif (g->start >= hi) {\n"
          + " \t\t\tgl->stop = g;\n"
          + "@@ -220,5 +221,6 @@ static long count_gaps(struct gap_list *gl, long lo, long hi)\n"
          + " \t\tgaps += hi - lo;\n"
          + " \t}\n"
          + " \n"
          + "+\tVM_BUG_ON(gaps < 0);\n"
          + " \treturn gaps;\n"
          + " }\n";

  @Test
  void aGapThatClosesABlockKeepsTheFunctionWhole() {
    ReviewedFile f = review(CLOSING).get(0);
    CompilationUnit u = f.units().get(0);
    // the closing fill is indented: a '}' in column one would end the function at the gap
    FunctionDefinition count = u.function("count_gaps").orElseThrow();
    assertEquals(226, count.range().endLine());
    assertTrue(u.findAll(ErrorStatement.class).isEmpty());
  }

  @Test
  void anotherFunctionOrAFarHunkStaysApart() {
    String other =
        SPLIT.replace(
            "@@ -139,6 +140,10 @@ static unsigned long drain(",
            "@@ -139,6 +140,10 @@ static void flush_all(");
    assertEquals(2, FunctionHunks.groups(hunks(other)).size());
    String far = SPLIT.replace("@@ -139,6 +140,10 @@", "@@ -189,6 +190,10 @@");
    assertEquals(2, FunctionHunks.groups(hunks(far)).size());
    // the first hunk closes the function: the next one, though headed by its name, is not in it
    String closed = SPLIT.replace(" \tspin_lock(&pool->lock);\n", " }\n");
    assertEquals(2, FunctionHunks.groups(hunks(closed)).size());
  }

  @Test
  void hunksThatStartInsideTheSameFunctionJoin() {
    String inside =
        HEAD
            + "@@ -40,3 +40,4 @@ static int walk(struct vm_area_struct *vma)\n"
            + " \tint ret;\n"
            + "+\tint seen = 0;\n"
            + " \n"
            + " \tret = prepare(vma);\n"
            + "@@ -60,2 +61,3 @@ static int walk(struct vm_area_struct *vma)\n"
            + " \tif (ret)\n"
            + " \t\treturn ret;\n"
            + "+\tseen = 1;\n";
    assertEquals(1, FunctionHunks.groups(hunks(inside)).size());
    CompilationUnit u = review(inside).get(0).units().get(0);
    assertEquals(
        41,
        u.findFirst(Declarator.class, d -> d.name().equals("seen"))
            .orElseThrow()
            .range()
            .beginLine());
    assertEquals(
        List.of(63),
        u.findAll(Identifier.class, i -> i.name().equals("seen")).stream()
            .map(i -> i.range().beginLine())
            .toList());
  }

  @Test
  void aCommentTheFirstHunkLeavesOpenEndsInTheGap() {
    String diff =
        HEAD
            + "@@ -40,3 +40,4 @@ static int walk(struct vm_area_struct *vma)\n"
            + " \tint ret;\n"
            + "+\tbool seen = false;\n"
            + " \n"
            + " \t/*\n"
            + "@@ -60,2 +61,5 @@ static int walk(struct vm_area_struct *vma)\n"
            + " \tif (ret)\n"
            + " \t\treturn ret;\n"
            + "+\t/* Seen once: the walk is over.\n"
            + "+\t */\n"
            + "+\tseen = true;\n";
    assertTrue(FunctionHunks.endsInComment(" \t/*\n"));
    assertFalse(FunctionHunks.endsInComment("\tputs(\"/*\");\n"));
    assertTrue(FunctionHunks.startsInComment("\t * the rest\n\t */\n\tfoo();\n"));
    CompilationUnit u = review(diff).get(0).units().get(0);
    assertTrue(
        u.comments().stream().anyMatch(c -> c.range().beginLine() == 63),
        "the comment the patch adds is a comment of its own");
    assertEquals(
        List.of(65),
        u.findAll(Identifier.class, i -> i.name().equals("seen")).stream()
            .map(i -> i.range().beginLine())
            .toList());
  }
}
