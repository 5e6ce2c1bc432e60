package org.mmreview.series;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.mmreview.intake.Patch;
import org.mmreview.report.FileContext;
import org.mmreview.report.Finding;
import org.mmreview.report.Fingerprint;
import org.mmreview.report.Lifecycle;
import org.mmreview.review.PatchScope;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.SeriesContext;

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

  /**
   * Reviews the files of {@code p} that {@code selects} accepts, on its own. A patch of a series is
   * reviewed as part of it by {@link SeriesReviewer}, which uses this review and adds what the
   * series' later patches fixed.
   */
  public PatchReview review(Patch p, Predicate<String> selects) {
    return review(p, selects, Map.of(), SeriesContext.NONE, "").review();
  }

  /**
   * A patch's review and which of the findings it was asked to watch it removed.
   *
   * @param review the patch's own review
   * @param gone the watched fingerprints found in a file before the patch and not after it
   * @param series what this patch and the series' patches before it add: where the next patch of
   *     the series starts from
   */
  record Watched(PatchReview review, Set<String> gone, SeriesContext series) {}

  /**
   * Reviews {@code p} as {@link #review(Patch, Predicate)} does and tells which of {@code watched}
   * (fingerprints of findings earlier patches of its series brought, by file) it removed: found by
   * the rules on the file before the patch and not on the whole file after it (whole files with a
   * base; the hunks' two sides without one). Both runs report everything, not only what touches
   * added lines, so a finding the patch merely leaves alone is not taken for fixed.
   *
   * <p>The rules see {@code earlier} (what the series' patches before this one added) plus what
   * this patch adds in all its files, selected or not: an explanation may have moved into a helper
   * an earlier patch, or another file of this one, added. {@code name} is how the series' later
   * patches name this one ({@code 1/3 "mm: add foo"}).
   */
  Watched review(
      Patch p,
      Predicate<String> selects,
      Map<String, Set<String>> watched,
      SeriesContext earlier,
      String name) {
    List<Finding> found = new ArrayList<>();
    List<FileContext> contexts = new ArrayList<>();
    List<ReviewProblem> problems = new ArrayList<>();
    Set<String> gone = new HashSet<>();
    SeriesContext series = earlier;
    try {
      List<ReviewedFile> files = planner.patch(p);
      series = earlier.with(files, name);
      for (ReviewedFile rf : files) {
        if (selects.test(rf.path())) {
          contexts.add(
              rf.partial()
                  ? FileContext.hunks(rf.path(), p.source(), p.base())
                  : new FileContext(rf.path(), p.source(), true, p.base(), ""));
          List<Finding> inFile = new ArrayList<>();
          collect(engine.run(rf, series), inFile, problems);
          Set<String> watching = watched.getOrDefault(rf.path(), Set.of());
          // A watched fingerprint does not say its rule: then the code before runs every rule.
          Before before =
              new Before(
                  rf,
                  problems,
                  watching.isEmpty() ? Optional.of(ruleIds(inFile)) : Optional.empty());
          found.addAll(labelled(rf, inFile, before));
          if (!watching.isEmpty()) {
            gone.addAll(removed(rf, watching, before, problems));
          }
        }
      }
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // One patch that trips a defect of ours is reported and counted; the rest go on.
      problems.add(
          ReviewProblem.internalFailure(p.source() + ": internal error, patch skipped: " + e));
    }
    return new Watched(new PatchReview(p.source(), contexts, found, problems), gone, series);
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
   * The findings of a file before the patch, found by running the rules on it (each finding, not
   * only those touching changed lines), computed once and only when asked: the whole pre-image in a
   * whole-file review, the old side of the hunks in a hunk-only one.
   */
  private final class Before {
    private final ReviewedFile rf;
    private final List<ReviewProblem> problems;
    private final Optional<Set<String>> rules;
    private List<Finding> findings;

    /**
     * @param rules the rules whose findings before the patch are asked for (those found after it,
     *     whose labels they decide), or empty for every rule
     */
    Before(ReviewedFile rf, List<ReviewProblem> problems, Optional<Set<String>> rules) {
      this.rf = rf;
      this.problems = problems;
      this.rules = rules;
    }

    List<Finding> findings() {
      if (findings == null) {
        findings = new ArrayList<>();
        Optional<ReviewedFile> pre =
            rf.partial()
                ? Optional.of(
                    new ReviewedFile(
                        rf.path(),
                        rf.preImage().get(),
                        Optional.empty(),
                        true,
                        List::of,
                        PatchScope.NONE,
                        rf.origin()))
                : rf.preImageFile();
        pre.ifPresent(
            file -> {
              RuleEngine.Result r = rules.map(engine::restrictedTo).orElse(engine).run(file);
              findings.addAll(r.findings());
              for (String d : r.failures()) {
                problems.add(ReviewProblem.internalFailure(d + " (before the patch)"));
              }
            });
      }
      return findings;
    }
  }

  /**
   * The findings of a patched file labelled {@code introduced} or {@code pre-existing}: the rules
   * run on the file before the patch too, and a fingerprint found there was not brought by the
   * patch. In a hunk-only review the code before is the old side of the hunks, whose fragments cut
   * evidence where the hunk ends: there a finding whose line the patch did not add is also
   * pre-existing when the old side has the same rule on the same line text in the same function
   * (the patch only touched other evidence of a concern that was already there). A rule failing on
   * the code before is a failure like any other.
   */
  private static List<Finding> labelled(ReviewedFile rf, List<Finding> found, Before before) {
    Set<String> fingerprints = new HashSet<>();
    Set<String> oldLines = new HashSet<>();
    if (!found.isEmpty()) {
      for (Finding f : before.findings()) {
        fingerprints.add(f.fingerprint());
        oldLines.add(lineIdentity(f));
      }
    }
    List<Finding> out = new ArrayList<>(found.size());
    for (Finding f : found) {
      boolean there =
          fingerprints.contains(f.fingerprint())
              || (rf.partial()
                  && !f.sourceLine().isBlank()
                  && !rf.isAdded(f.location().line())
                  && oldLines.contains(lineIdentity(f)));
      out.add(f.withLifecycle(there ? Lifecycle.PRE_EXISTING : Lifecycle.INTRODUCED));
    }
    return out;
  }

  private static Set<String> ruleIds(List<Finding> findings) {
    Set<String> ids = new HashSet<>();
    findings.forEach(f -> ids.add(f.ruleId()));
    return ids;
  }

  /** A finding's rule, function and primary line text: the identity of a fragment's old line. */
  private static String lineIdentity(Finding f) {
    return f.ruleId() + "\0" + f.function() + "\0" + Fingerprint.normalise(f.sourceLine());
  }

  /**
   * The watched fingerprints found in the file before the patch and not after it, occurrence
   * numbers ignored (they count differently when every finding is reported).
   */
  private Set<String> removed(
      ReviewedFile rf, Set<String> watched, Before before, List<ReviewProblem> problems) {
    Set<String> wanted = new HashSet<>();
    watched.forEach(w -> wanted.add(unnumbered(w)));
    Set<String> was = new HashSet<>();
    for (Finding f : before.findings()) {
      String fp = unnumbered(f.fingerprint());
      if (wanted.contains(fp)) {
        was.add(fp);
      }
    }
    if (was.isEmpty()) {
      return Set.of();
    }
    RuleEngine.Result after =
        engine.run(
            new ReviewedFile(
                rf.path(),
                rf.units(),
                Optional.empty(),
                rf.partial(),
                List::of,
                PatchScope.NONE,
                rf.origin()));
    for (String d : after.failures()) {
      problems.add(ReviewProblem.internalFailure(d + " (the whole file after the patch)"));
    }
    after.findings().forEach(f -> was.remove(unnumbered(f.fingerprint())));
    Set<String> out = new HashSet<>();
    for (String w : watched) {
      if (was.contains(unnumbered(w))) {
        out.add(w);
      }
    }
    return out;
  }

  /** A fingerprint without its occurrence number ({@code :2}). */
  static String unnumbered(String fingerprint) {
    int colon = fingerprint.indexOf(':');
    return colon < 0 ? fingerprint : fingerprint.substring(0, colon);
  }

  private static void collect(
      RuleEngine.Result r, List<Finding> into, List<ReviewProblem> problems) {
    into.addAll(r.findings());
    r.diagnostics().forEach(d -> problems.add(ReviewProblem.inputError(d)));
    r.notes().forEach(d -> problems.add(ReviewProblem.note(d)));
    r.failures().forEach(d -> problems.add(ReviewProblem.internalFailure(d)));
  }
}
