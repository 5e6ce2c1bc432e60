package org.mmreview.intake;

/**
 * Something unreadable or skipped, named by its input: printed as {@code mmreview: INPUT: reason}.
 *
 * @param kind whether the input was lost ({@link Kind#ERROR}: exit status 2), only skipped for a
 *     reason that is a fact of the input ({@link Kind#SKIPPED}: a malformed mail in an archive
 *     someone else wrote), or lost to a defect of mmreview contained to that input ({@link
 *     Kind#INTERNAL}: exit status 3); counted and reported in every case
 */
public record IntakeDiagnostic(String input, String reason, Kind kind) {

  /** How a diagnostic counts in the exit status. */
  public enum Kind {
    ERROR,
    SKIPPED,
    INTERNAL
  }

  /** An input error: something the user asked for could not be read. */
  public IntakeDiagnostic(String input, String reason) {
    this(input, reason, Kind.ERROR);
  }

  /** A message skipped for a reason that is the input's own, not an error of this run. */
  public static IntakeDiagnostic skipped(String input, String reason) {
    return new IntakeDiagnostic(input, reason, Kind.SKIPPED);
  }

  /** A defect of mmreview met on this input, contained so the other inputs go on. */
  public static IntakeDiagnostic internal(String input, String reason) {
    return new IntakeDiagnostic(input, reason, Kind.INTERNAL);
  }

  public boolean isError() {
    return kind == Kind.ERROR;
  }

  @Override
  public String toString() {
    return input + ": " + reason;
  }
}
