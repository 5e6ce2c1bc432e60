package org.mmreview.intake;

/**
 * Something unreadable or skipped, named by its input: printed as {@code mmreview: INPUT: reason}.
 *
 * @param kind whether the input was lost ({@link Kind#ERROR}: exit status 2) or only skipped
 *     for a reason that is a fact of the input ({@link Kind#SKIPPED}: a malformed mail in an
 *     archive someone else wrote), counted and reported either way
 */
public record IntakeDiagnostic(String input, String reason, Kind kind) {

  /** How a diagnostic counts in the exit status. */
  public enum Kind {
    ERROR,
    SKIPPED
  }

  /** An input error: something the user asked for could not be read. */
  public IntakeDiagnostic(String input, String reason) {
    this(input, reason, Kind.ERROR);
  }

  /** A message skipped for a reason that is the input's own, not an error of this run. */
  public static IntakeDiagnostic skipped(String input, String reason) {
    return new IntakeDiagnostic(input, reason, Kind.SKIPPED);
  }

  public boolean isError() {
    return kind == Kind.ERROR;
  }

  @Override
  public String toString() {
    return input + ": " + reason;
  }
}
