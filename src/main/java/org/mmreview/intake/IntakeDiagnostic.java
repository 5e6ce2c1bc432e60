package org.mmreview.intake;

/** Something skipped or malformed, named by its input: printed as {@code mmreview: INPUT: reason}. */
public record IntakeDiagnostic(String input, String reason) {
  @Override
  public String toString() {
    return input + ": " + reason;
  }
}
