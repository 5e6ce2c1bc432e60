package org.mmreview.series;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.mmreview.intake.Patch;
import org.mmreview.report.FileContext;
import org.mmreview.report.Finding;
import org.mmreview.report.Lifecycle;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.RuleEngine;

/**
 * Reviews one patch or one whole file and labels each finding {@code introduced} or {@code
 * pre-existing}: the one review step that {@code check}, {@code baseline write}, the audit and the
 * bot share. It prints nothing and counts nothing; what it met comes back in the {@link
 * PatchReview} for the caller to tell. One patch that trips a defect of ours comes back as an
 * internal failure with whatever was found before it, never as an exception.
 */
public final class PatchReviewer {
  private final ReviewPlanner planner;
  private final RuleEngine engine;

  public PatchReviewer(ReviewPlanner planner, RuleEngine engine) {
    this.planner = planner;
    this.engine = engine;
  }

  /** Reviews the files of {@code p} that {@code selects} accepts. */
  public PatchReview review(Patch p, Predicate<String> selects) {
    List<Finding> found = new ArrayList<>();
    List<FileContext> contexts = new ArrayList<>();
    List<ReviewProblem> problems = new ArrayList<>();
    try {
      for (ReviewedFile rf : planner.patch(p)) {
        if (selects.test(rf.path())) {
          contexts.add(
              rf.partial()
                  ? FileContext.hunks(rf.path(), p.source(), p.base())
                  : new FileContext(rf.path(), p.source(), true, p.base(), ""));
          List<Finding> inFile = new ArrayList<>();
          collect(engine.run(rf), inFile, problems);
          found.addAll(labelled(rf, inFile, problems));
        }
      }
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // One patch that trips a defect of ours is reported and counted; the rest go on.
      problems.add(
          ReviewProblem.internalFailure(p.source() + ": internal error, patch skipped: " + e));
    }
    return new PatchReview(p.source(), contexts, found, problems);
  }

  /** Reviews a whole C file as it is ({@code --all FILE.c}): no patch, no lifecycle. */
  public PatchReview wholeFile(String path, String text) {
    List<Finding> found = new ArrayList<>();
    List<ReviewProblem> problems = new ArrayList<>();
    try {
      collect(engine.run(planner.wholeFile(path, text)), found, problems);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      problems.add(ReviewProblem.internalFailure(path + ": internal error, file skipped: " + e));
    }
    return new PatchReview(path, List.of(new FileContext(path, "", true, "", "")), found, problems);
  }

  /**
   * The findings of a patched file labelled {@code introduced} or {@code pre-existing}: in a
   * whole-file review the rules run on the whole pre-image too, and a fingerprint found there was
   * not brought by the patch. A hunk-only review reports only what touches added lines, all
   * introduced. A rule failing on the pre-image is a failure like any other.
   */
  private List<Finding> labelled(
      ReviewedFile rf, List<Finding> found, List<ReviewProblem> problems) {
    Set<String> before = new HashSet<>();
    if (!found.isEmpty()) {
      rf.preImageFile()
          .ifPresent(
              pre -> {
                RuleEngine.Result r = engine.run(pre);
                r.findings().forEach(f -> before.add(f.fingerprint()));
                for (String d : r.failures()) {
                  problems.add(ReviewProblem.internalFailure(d + " (before the patch)"));
                }
              });
    }
    List<Finding> out = new ArrayList<>(found.size());
    for (Finding f : found) {
      out.add(
          f.withLifecycle(
              before.contains(f.fingerprint()) ? Lifecycle.PRE_EXISTING : Lifecycle.INTRODUCED));
    }
    return out;
  }

  private static void collect(
      RuleEngine.Result r, List<Finding> into, List<ReviewProblem> problems) {
    into.addAll(r.findings());
    r.diagnostics().forEach(d -> problems.add(ReviewProblem.inputError(d)));
    r.notes().forEach(d -> problems.add(ReviewProblem.note(d)));
    r.failures().forEach(d -> problems.add(ReviewProblem.internalFailure(d)));
  }
}
