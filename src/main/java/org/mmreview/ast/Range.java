package org.mmreview.ast;

import java.util.Comparator;

/**
 * A source span: lines and columns 1-based, offsets 0-based char offsets into the file text, end
 * exclusive.
 */
public record Range(
    int beginLine, int beginColumn, int endLine, int endColumn, int beginOffset, int endOffset) {

  /** Orders ranges by where they begin (line, then column); ties by the longer range first. */
  public static final Comparator<Range> BEGIN_ORDER =
      Comparator.comparingInt(Range::beginLine)
          .thenComparingInt(Range::beginColumn)
          .thenComparing(Comparator.comparingInt(Range::endLine).reversed())
          .thenComparing(Comparator.comparingInt(Range::endColumn).reversed());

  /** Computes line/column positions for {@code [beginOffset, endOffset)} within {@code text}. */
  public static Range of(String text, int beginOffset, int endOffset) {
    if (beginOffset < 0 || endOffset < beginOffset || endOffset > text.length()) {
      throw new IllegalArgumentException(
          "bad offsets " + beginOffset + ".." + endOffset + " for text of " + text.length());
    }
    int line = 1;
    int col = 1;
    int bl = 1;
    int bc = 1;
    for (int i = 0; i < endOffset; i++) {
      if (i == beginOffset) {
        bl = line;
        bc = col;
      }
      if (text.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    if (beginOffset == endOffset) {
      bl = line;
      bc = col;
    }
    return new Range(bl, bc, line, col, beginOffset, endOffset);
  }

  /** The first occurrence of {@code needle} in {@code text} (handy for hand-built trees). */
  public static Range find(String text, String needle) {
    return find(text, needle, 0);
  }

  /** The first occurrence of {@code needle} in {@code text} at or after {@code from}. */
  public static Range find(String text, String needle, int from) {
    int at = text.indexOf(needle, from);
    if (at < 0) {
      throw new IllegalArgumentException("'" + needle + "' not in text");
    }
    return of(text, at, at + needle.length());
  }

  /** The smallest range covering both. */
  public static Range span(Range a, Range b) {
    Range first = BEGIN_ORDER.compare(a, b) <= 0 ? a : b;
    Range last = endsBefore(a, b) ? b : a;
    return new Range(
        first.beginLine,
        first.beginColumn,
        last.endLine,
        last.endColumn,
        first.beginOffset,
        last.endOffset);
  }

  private static boolean endsBefore(Range a, Range b) {
    return a.endLine < b.endLine || (a.endLine == b.endLine && a.endColumn <= b.endColumn);
  }

  /** True when {@code other} lies entirely inside this range (by line/column). */
  public boolean contains(Range other) {
    return !before(other.beginLine, other.beginColumn, beginLine, beginColumn)
        && !before(endLine, endColumn, other.endLine, other.endColumn);
  }

  /** True when the given line is one of this range's lines. */
  public boolean containsLine(int line) {
    return line >= beginLine && line <= endLine;
  }

  /** True when this range ends at or before {@code other} begins. */
  public boolean isBefore(Range other) {
    return !before(other.beginLine, other.beginColumn, endLine, endColumn);
  }

  /** True when the ranges share at least one character. */
  public boolean overlaps(Range other) {
    return !isBefore(other) && !other.isBefore(this);
  }

  private static boolean before(int l1, int c1, int l2, int c2) {
    return l1 < l2 || (l1 == l2 && c1 < c2);
  }

  @Override
  public String toString() {
    return beginLine + ":" + beginColumn + "-" + endLine + ":" + endColumn;
  }
}
