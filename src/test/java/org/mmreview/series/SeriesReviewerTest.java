package org.mmreview.series;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.DiffParser;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchMetadata;
import org.mmreview.report.Finding;
import org.mmreview.report.Lifecycle;
import org.mmreview.report.Severity;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;

/**
 * The library API the audit and the bot call: a list of patches in order, one review per patch.
 * Bare diffs without a base (hunk-only): what patch 3 fixed is judged on its hunks' two sides.
 */
class SeriesReviewerTest {
  private static final String HEAD =
      "diff --git a/mm/advise.c b/mm/advise.c\n--- a/mm/advise.c\n+++ b/mm/advise.c\n";

  /** Adds advise_pageout(), which crashes on an empty range (bug-on-recoverable). */
  private static final String ADDS_CRASH =
      HEAD
          + "@@ -8,3 +8,12 @@ long advise_cold(struct vm_area_struct *vma, unsigned long start, unsigned long\n"
          + " \t\treturn -EINVAL;\n"
          + " \treturn mark_cold(vma, start, end);\n"
          + " }\n"
          + "+\n"
          + "+/* Pages of [start, end) in vma to write out now; negative errno on error. */\n"
          + "+long advise_pageout(struct vm_area_struct *vma, unsigned long start, unsigned long end)\n"
          + "+{\n"
          + "+\tVM_BUG_ON(start >= end);\n"
          + "+\tif (end > vma->vm_end)\n"
          + "+\t\treturn -EINVAL;\n"
          + "+\treturn page_out(vma, start, end);\n"
          + "+}\n";

  /** Touches another function of the file only. */
  private static final String ELSEWHERE =
      HEAD
          + "@@ -6,4 +6,5 @@ long advise_cold(struct vm_area_struct *vma, unsigned long start, unsigned long\n"
          + " {\n"
          + " \tif (end > vma->vm_end)\n"
          + " \t\treturn -EINVAL;\n"
          + "+\tcount_vm_events(PGCOLD_ADVISED, (end - start) >> PAGE_SHIFT);\n"
          + " \treturn mark_cold(vma, start, end);\n";

  /** Replaces the crash with an error return. */
  private static final String FIXES_CRASH =
      HEAD
          + "@@ -13,7 +14,8 @@ long advise_cold(struct vm_area_struct *vma, unsigned long start, unsigned long\n"
          + " /* Pages of [start, end) in vma to write out now; negative errno on error. */\n"
          + " long advise_pageout(struct vm_area_struct *vma, unsigned long start, unsigned long end)\n"
          + " {\n"
          + "-\tVM_BUG_ON(start >= end);\n"
          + "+\tif (start >= end)\n"
          + "+\t\treturn -EINVAL;\n"
          + " \tif (end > vma->vm_end)\n"
          + " \t\treturn -EINVAL;\n"
          + " \treturn page_out(vma, start, end);\n";

  private static Patch patch(String name, String diff) {
    return new Patch(PatchMetadata.none(), DiffParser.parse(diff).files(), name, diff);
  }

  private static SeriesReviewer reviewer() {
    RuleEngine engine =
        new RuleEngine(RuleSet.only(RuleCatalog.load(), List.of("bug-on-recoverable")), false);
    return new SeriesReviewer(new PatchReviewer(new ReviewPlanner(new CParser()), engine));
  }

  @Test
  void aFindingALaterPatchRemovesIsAnInfoFixedByThatPatch() {
    List<PatchReview> reviews =
        reviewer()
            .review(
                List.of(
                    patch("1.patch", ADDS_CRASH),
                    patch("2.patch", ELSEWHERE),
                    patch("3.patch", FIXES_CRASH)),
                path -> true);
    assertEquals(3, reviews.size());
    assertEquals(
        List.of("1.patch", "2.patch", "3.patch"),
        reviews.stream().map(PatchReview::source).toList());
    assertEquals(1, reviews.get(0).findings().size(), reviews.get(0).toString());
    Finding f = reviews.get(0).findings().get(0);
    assertEquals(Lifecycle.FIXED_LATER, f.lifecycle());
    assertEquals("3/3", f.fixedBy());
    assertEquals(Severity.INFO, f.severity());
    assertEquals(List.of(), reviews.get(1).findings());
    assertEquals(List.of(), reviews.get(2).findings());
  }

  @Test
  void withoutTheFixTheFindingStaysIntroduced() {
    List<PatchReview> reviews =
        reviewer()
            .review(
                List.of(patch("1.patch", ADDS_CRASH), patch("2.patch", ELSEWHERE)), path -> true);
    Finding f = reviews.get(0).findings().get(0);
    assertEquals(Lifecycle.INTRODUCED, f.lifecycle());
    assertEquals("", f.fixedBy());
    assertEquals(Severity.WARNING, f.severity());
    // The same patch reviewed alone through the per-patch API, as the audit and the bot do today.
    RuleEngine engine =
        new RuleEngine(RuleSet.only(RuleCatalog.load(), List.of("bug-on-recoverable")), false);
    PatchReview alone =
        new PatchReviewer(new ReviewPlanner(new CParser()), engine)
            .review(patch("1.patch", ADDS_CRASH), path -> true);
    assertEquals(List.of(f), alone.findings());
  }

  /** Extends a two-line VM_BUG_ON() on its second line: the first line, reported, is old. */
  private static final String EXTENDS_OLD_CRASH =
      "diff --git a/mm/populate.c b/mm/populate.c\n--- a/mm/populate.c\n+++ b/mm/populate.c\n"
          + "@@ -5,8 +5,8 @@\n"
          + " long populate(struct vm_area_struct *vma, unsigned long start, unsigned long end)\n"
          + " {\n"
          + " \tVM_BUG_ON(!PAGE_ALIGNED(start) ||\n"
          + "-\t\t  !PAGE_ALIGNED(end));\n"
          + "+\t\t  !PAGE_ALIGNED(end) || start >= end);\n"
          + " \tif (end > vma->vm_end)\n"
          + " \t\treturn -EINVAL;\n"
          + " \treturn populate_pages(vma, start, end);\n"
          + " }\n";

  @Test
  void aHunkOnlyFindingOnAnOldLineTheOldSideHasTooIsPreExisting() {
    // The evidence (the whole VM_BUG_ON) touches the added line, so the hunk-only filter keeps
    // it; but the line reported is old and the old side of the hunk has the same concern there.
    RuleEngine engine =
        new RuleEngine(RuleSet.only(RuleCatalog.load(), List.of("bug-on-recoverable")), false);
    PatchReview r =
        new PatchReviewer(new ReviewPlanner(new CParser()), engine)
            .review(patch("wrap.patch", EXTENDS_OLD_CRASH), path -> true);
    assertEquals(1, r.findings().size(), r.toString());
    assertEquals(Lifecycle.PRE_EXISTING, r.findings().get(0).lifecycle(), r.toString());
  }
}
