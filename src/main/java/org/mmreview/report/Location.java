package org.mmreview.report;

/**
 * A place in a file, in post-image coordinates (1-based line and column), with an optional label
 * saying what is there ("lock dropped here"). {@code endColumn} is exclusive; equal to {@code
 * column} when only a point is known.
 */
public record Location(String file, int line, int column, int endColumn, String label) {
  public Location {
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
    }
    endColumn = Math.max(endColumn, column);
    label = label == null ? "" : label;
  }

  public Location withLabel(String newLabel) {
    return new Location(file, line, column, endColumn, newLabel);
  }
}
