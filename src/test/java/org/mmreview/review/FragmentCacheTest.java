package org.mmreview.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.AstPrinter;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.DiffParser;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchMetadata;

/** One fragment cache shared by the planners of several workers. */
class FragmentCacheTest {
  private static String diff(int at) {
    return "diff --git a/mm/pool.c b/mm/pool.c\n--- a/mm/pool.c\n+++ b/mm/pool.c\n"
        + "@@ -"
        + at
        + ",6 +"
        + at
        + ",8 @@ static int pool_grow(struct pool *p)\n"
        + " \tint err;\n"
        + " \n"
        + "+\tif (!p->slots)\n"
        + "+\t\treturn -ENOMEM;\n"
        + " \tspin_lock(&p->lock);\n"
        + " #ifdef CONFIG_POOL_STATS\n"
        + " \tp->grown++;\n"
        + " #endif\n";
  }

  private static CompilationUnit unit(ReviewPlanner planner, String diff) {
    Patch p = new Patch(PatchMetadata.none(), DiffParser.parse(diff).files(), "t.patch", diff);
    return planner.patch(p).get(0).units().get(0);
  }

  @Test
  void aHunkSideParsedByOneWorkerServesTheOther() {
    FragmentCache shared = new FragmentCache(8);
    CompilationUnit first = unit(new ReviewPlanner(new CParser(), shared), diff(40));
    CompilationUnit second = unit(new ReviewPlanner(new CParser(), shared), diff(40));
    assertSame(first, second);
    // elsewhere in the file: the other worker's tree moved to its lines, not the same object
    CompilationUnit moved = unit(new ReviewPlanner(new CParser(), shared), diff(90));
    assertNotSame(first, moved);
    assertEquals(
        AstPrinter.print(unit(new ReviewPlanner(new CParser()), diff(90))),
        AstPrinter.print(moved));
  }

  @Test
  void plannersWithTheirOwnCachesShareNothing() {
    CompilationUnit first = unit(new ReviewPlanner(new CParser()), diff(40));
    CompilationUnit second = unit(new ReviewPlanner(new CParser()), diff(40));
    assertNotSame(first, second);
  }

  @Test
  void workersReadingSharedTreesAtOnceSeeWhatALoneWorkerSees() throws Exception {
    List<String> expected = new ArrayList<>();
    for (int at = 10; at < 60; at += 10) {
      expected.add(AstPrinter.print(unit(new ReviewPlanner(new CParser()), diff(at))));
    }
    FragmentCache shared = new FragmentCache(4);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> runs = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        runs.add(
            pool.submit(
                () -> {
                  ReviewPlanner mine = new ReviewPlanner(new CParser(), shared);
                  List<String> seen = new ArrayList<>();
                  for (int round = 0; round < 20; round++) {
                    seen.clear();
                    for (int at = 10; at < 60; at += 10) {
                      CompilationUnit u = unit(mine, diff(at));
                      // the lazily built parts, read from every worker
                      u.lineText(at + 2);
                      u.preprocessorLines();
                      seen.add(AstPrinter.print(u));
                    }
                  }
                  return seen;
                }));
      }
      for (Future<List<String>> f : runs) {
        assertEquals(expected, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
