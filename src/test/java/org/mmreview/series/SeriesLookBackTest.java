package org.mmreview.series;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.DiffParser;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchMetadata;
import org.mmreview.report.Finding;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;

/**
 * explanatory-comment-dropped looks back across the series: a comment a patch drops from a caller
 * is not lost when an earlier patch of the same series added the helper the caller now calls, with
 * the explanation (reworded) above it, or added the comment's lines elsewhere. Bare diffs without a
 * base (hunk-only), as most mailed series are reviewed.
 */
class SeriesLookBackTest {
  private static final String HEAD =
      "diff --git a/mm/pin.c b/mm/pin.c\n--- a/mm/pin.c\n+++ b/mm/pin.c\n";

  /** Patch 1/2: adds pin_prepare_range() with the reasoning, reworded, above it. */
  private static final String ADDS_DOCUMENTED_HELPER =
      HEAD
          + "@@ -30,3 +30,13 @@ int pin_user_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)\n"
          + " \treturn pin_pages(vma, start, end);\n"
          + " }\n"
          + " \n"
          + "+/*\n"
          + "+ * A page still mapped for writing must be made read-only before it is pinned:\n"
          + "+ * the device writes behind the page cache's back, and writeback would miss them.\n"
          + "+ */\n"
          + "+static int pin_prepare_range(struct vm_area_struct *vma, unsigned long start,\n"
          + "+\t\t\t     unsigned long end)\n"
          + "+{\n"
          + "+\treturn make_readonly(vma, start, end);\n"
          + "+}\n"
          + "+\n";

  /** Patch 1/2 of another series: adds the comment's lines verbatim above a new helper. */
  private static final String ADDS_COMMENT_VERBATIM =
      HEAD
          + "@@ -30,3 +30,14 @@ int pin_user_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)\n"
          + " \treturn pin_pages(vma, start, end);\n"
          + " }\n"
          + " \n"
          + "+/*\n"
          + "+ * The device writes behind the page cache's back: a page mapped for\n"
          + "+ * writing must be made read-only before it is pinned, otherwise\n"
          + "+ * writeback would miss the device's writes.\n"
          + "+ */\n"
          + "+static int pin_readonly(struct vm_area_struct *vma, unsigned long start,\n"
          + "+\t\t\tunsigned long end)\n"
          + "+{\n"
          + "+\treturn make_readonly(vma, start, end);\n"
          + "+}\n"
          + "+\n";

  /** Patch 2/2: replaces the open-coded step by a call to the helper and drops the comment. */
  private static String dropsCommentCalling(String helper) {
    return HEAD
        + "@@ -8,12 +8,7 @@ int pin_user_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)\n"
        + " {\n"
        + " \tint err;\n"
        + " \n"
        + "-\t/*\n"
        + "-\t * The device writes behind the page cache's back: a page mapped for\n"
        + "-\t * writing must be made read-only before it is pinned, otherwise\n"
        + "-\t * writeback would miss the device's writes.\n"
        + "-\t */\n"
        + "-\terr = make_readonly(vma, start, end);\n"
        + "+\terr = "
        + helper
        + "(vma, start, end);\n"
        + " \tif (err)\n"
        + " \t\treturn err;\n"
        + " \treturn pin_pages(vma, start, end);\n";
  }

  private static Patch patch(String name, String diff) {
    return new Patch(PatchMetadata.none(), DiffParser.parse(diff).files(), name, diff);
  }

  private static PatchReviewer patchReviewer() {
    RuleEngine engine =
        new RuleEngine(
            RuleSet.only(RuleCatalog.load(), List.of("explanatory-comment-dropped")), false);
    return new PatchReviewer(new ReviewPlanner(new CParser()), engine);
  }

  private static List<String> rules(List<Finding> found) {
    return found.stream().map(Finding::ruleId).toList();
  }

  @Test
  void theSecondPatchAloneDropsTheExplanation() {
    PatchReview alone =
        patchReviewer()
            .review(patch("2.patch", dropsCommentCalling("pin_prepare_range")), path -> true);
    assertEquals(List.of("explanatory-comment-dropped"), rules(alone.findings()), alone.toString());
    assertEquals("pin_user_range", alone.findings().get(0).function());
  }

  @Test
  void theHelperAnEarlierPatchAddedCarriesTheExplanation() {
    List<PatchReview> reviews =
        new SeriesReviewer(patchReviewer())
            .review(
                List.of(
                    patch("1.patch", ADDS_DOCUMENTED_HELPER),
                    patch("2.patch", dropsCommentCalling("pin_prepare_range"))),
                path -> true);
    assertEquals(List.of(), reviews.get(0).findings());
    assertEquals(List.of(), reviews.get(1).findings(), reviews.get(1).toString());
  }

  @Test
  void theCommentAnEarlierPatchCopiedIntoTheHelperIsNotLost() {
    List<PatchReview> reviews =
        new SeriesReviewer(patchReviewer())
            .review(
                List.of(
                    patch("1.patch", ADDS_COMMENT_VERBATIM),
                    patch("2.patch", dropsCommentCalling("pin_readonly"))),
                path -> true);
    assertEquals(List.of(), reviews.get(1).findings(), reviews.get(1).toString());
  }

  /** Patch 1/2 of a third series: writes the comment in the caller, where patch 2/2 drops it. */
  private static final String ADDS_COMMENT_IN_CALLER =
      HEAD
          + "@@ -8,7 +8,12 @@ int pin_user_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)\n"
          + " {\n"
          + " \tint err;\n"
          + " \n"
          + "+\t/*\n"
          + "+\t * The device writes behind the page cache's back: a page mapped for\n"
          + "+\t * writing must be made read-only before it is pinned, otherwise\n"
          + "+\t * writeback would miss the device's writes.\n"
          + "+\t */\n"
          + "-\terr = make_ro(vma, start, end);\n"
          + "+\terr = make_readonly(vma, start, end);\n"
          + " \tif (err)\n"
          + " \t\treturn err;\n"
          + " \treturn pin_pages(vma, start, end);\n";

  @Test
  void aCommentAnEarlierPatchAddedWhereTheLaterDropsItIsNotMovedElsewhere() {
    // The corpus' case (tracing/filters, v2 07/20 and 08/20): the series' own added lines hold
    // the comment only until the later patch deletes it again.
    assertSecondPatchFinds(
        List.of("explanatory-comment-dropped"),
        ADDS_COMMENT_IN_CALLER,
        dropsCommentCalling("make_readonly_for_pin"));
  }

  @Test
  void anUndocumentedHelperOfAnEarlierPatchDoesNotCarryIt() {
    String undocumented = ADDS_DOCUMENTED_HELPER.replaceAll("\\+/\\*\n(\\+ \\*.*\n)+", "");
    assertSecondPatchFinds(
        List.of("explanatory-comment-dropped"),
        undocumented.replace("+13", "+9"),
        dropsCommentCalling("pin_prepare_range"));
  }

  @Test
  void aHelperDocumentedForSomethingElseDoesNotCarryIt() {
    // The corpus' case: the helper an earlier patch added says what it does ("Install PTEs ..."),
    // not the caller's reason, which is lost.
    String otherComment =
        ADDS_DOCUMENTED_HELPER
            .replace(
                " * A page still mapped for writing must be made read-only before it is pinned:",
                " * Make [start, end) of vma read-only, for both anonymous and file mappings,")
            .replace(
                " * the device writes behind the page cache's back, and writeback would miss them.",
                " * shared or private.");
    assertSecondPatchFinds(
        List.of("explanatory-comment-dropped"),
        otherComment,
        dropsCommentCalling("pin_prepare_range"));
  }

  /**
   * Reviews {@code first} then {@code second} as one series: the rules of the second's findings.
   */
  private static void assertSecondPatchFinds(List<String> want, String first, String second) {
    List<PatchReview> reviews =
        new SeriesReviewer(patchReviewer())
            .review(List.of(patch("1.patch", first), patch("2.patch", second)), path -> true);
    assertEquals(want, rules(reviews.get(1).findings()), reviews.toString());
  }
}
