package org.mmreview.report;

import java.util.Locale;

/**
 * What a run read besides its findings, for the final summary line: every input accounted for as
 * reviewed, skipped with a reason, an input error or an internal failure.
 *
 * @param reviewed patches and files whose review ran
 * @param skipped messages skipped with a reason (replies, cover letters, mails without a diff)
 * @param inputErrors inputs or hunks that could not be read (exit 2 territory)
 * @param internalFailures defects of mmreview, contained to one rule, function or message (exit 3)
 * @param exitCode the status the run returns (formats that record it: SARIF's invocation)
 */
public record RunSummary(
    int reviewed, int skipped, int inputErrors, int internalFailures, int exitCode) {

  /** No run information: a format asked to write a finished list of findings. */
  public static final RunSummary UNKNOWN = new RunSummary(-1, -1, -1, -1, -1);

  public boolean known() {
    return reviewed >= 0;
  }

  /**
   * The counts in words, e.g. {@code 3 reviewed, 1 skipped, 0 input errors, 0 internal failures}.
   */
  public String render() {
    return String.format(
        Locale.ROOT,
        "%d reviewed, %d skipped, %d input error%s, %d internal failure%s",
        reviewed,
        skipped,
        inputErrors,
        inputErrors == 1 ? "" : "s",
        internalFailures,
        internalFailures == 1 ? "" : "s");
  }
}
