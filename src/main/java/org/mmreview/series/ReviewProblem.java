package org.mmreview.series;

/**
 * Something a review met besides findings, for the caller to print and count: a diagnostic about
 * the input (exit 2), a defect of ours that skipped a function, file or patch (exit 3), or a note
 * that changes nothing about the outcome.
 *
 * @param kind what it counts as
 * @param text the one line to print, naming the input
 */
public record ReviewProblem(Kind kind, String text) {

  /** What a problem counts as. */
  public enum Kind {
    INPUT_ERROR,
    INTERNAL_FAILURE,
    NOTE
  }

  static ReviewProblem inputError(String text) {
    return new ReviewProblem(Kind.INPUT_ERROR, text);
  }

  static ReviewProblem internalFailure(String text) {
    return new ReviewProblem(Kind.INTERNAL_FAILURE, text);
  }

  static ReviewProblem note(String text) {
    return new ReviewProblem(Kind.NOTE, text);
  }
}
