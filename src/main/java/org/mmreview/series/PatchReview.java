package org.mmreview.series;

import java.util.List;
import org.mmreview.report.FileContext;
import org.mmreview.report.Finding;

/**
 * What reviewing one patch (or one whole file) found: the files it reviewed and how (whole
 * functions or hunks only), its findings labelled with their lifecycle, and the problems met.
 *
 * @param source the input the patch came from, as messages name it
 * @param contexts the files reviewed, in patch order
 * @param findings every finding, unfiltered (the caller applies severity, baseline, display)
 * @param problems diagnostics, failures and notes, in the order met
 */
public record PatchReview(
    String source,
    List<FileContext> contexts,
    List<Finding> findings,
    List<ReviewProblem> problems) {

  public PatchReview {
    contexts = List.copyOf(contexts);
    findings = List.copyOf(findings);
    problems = List.copyOf(problems);
  }

  /** Files reviewed from their hunks only, without a base tree. */
  public List<FileContext> hunkOnly() {
    return contexts.stream().filter(c -> !c.wholeFile()).toList();
  }
}
