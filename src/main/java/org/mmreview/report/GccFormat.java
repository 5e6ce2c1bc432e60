package org.mmreview.report;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code file:line:col: severity: message [rule-id]}, the shape editors and CI annotators already
 * parse; related locations follow as {@code note:} lines, as gcc prints them.
 *
 * <p>Columns are counted as GCC 11 and later count them by default, in display columns (a tab
 * advances to the next multiple of 8), which is what Emacs's compilation mode expects: a kernel
 * line starts with tabs, and a character count lands the cursor in the indentation. {@link
 * ColumnUnit#BYTE} gives GCC's {@code -fdiagnostics-column-unit=byte} instead, for Vim's {@code
 * %c}. A column can only be converted where the line's text is known: the finding's own line (and
 * related locations on it); other related locations keep theirs.
 */
public final class GccFormat implements FindingFormat {

  /** How a column is counted, as GCC's {@code -fdiagnostics-column-unit}. */
  public enum ColumnUnit {
    DISPLAY,
    BYTE;

    /** Parses {@code display} or {@code byte}. */
    public static ColumnUnit parse(String text) {
      for (ColumnUnit u : values()) {
        if (u.name().equalsIgnoreCase(text.strip())) {
          return u;
        }
      }
      throw new IllegalArgumentException("column unit must be display or byte; got '" + text + "'");
    }
  }

  static final int TAB_STOP = 8;

  private final ColumnUnit unit;

  public GccFormat() {
    this(ColumnUnit.DISPLAY);
  }

  public GccFormat(ColumnUnit unit) {
    this.unit = unit;
  }

  @Override
  public Output start(PrintWriter out) {
    return new Output() {
      @Override
      public void add(List<Finding> batch) {
        for (Finding f : batch) {
          print(f, out);
        }
        out.flush();
      }

      @Override
      public void finish(RunSummary summary) {
        // Nothing after the last finding: editors and scripts read every stdout line as one.
        out.flush();
      }
    };
  }

  private void print(Finding f, PrintWriter out) {
    Location l = f.location();
    {
      out.println(
          position(l, f.sourceLine())
              + ": "
              + f.severity().name().toLowerCase(Locale.ROOT)
              + ": "
              + f.message()
              + " ["
              + f.ruleId()
              + "]"
              + (HumanFormat.label(f).isEmpty() ? "" : " " + HumanFormat.label(f).strip()));
      for (Location r : f.related()) {
        boolean sameLine = r.file().equals(l.file()) && r.line() == l.line();
        out.println(
            position(r, sameLine ? f.sourceLine() : "")
                + ": note: "
                + r.label()
                + " ["
                + f.ruleId()
                + "]");
      }
    }
  }

  private String position(Location l, String lineText) {
    return l.file() + ":" + l.line() + ":" + column(lineText, l.column(), unit);
  }

  /**
   * The 1-based column, in {@code unit}, of the character at 1-based {@code charColumn} of {@code
   * line}; {@code charColumn} itself when the line is unknown or too short.
   */
  static int column(String line, int charColumn, ColumnUnit unit) {
    if (line.isEmpty() || charColumn - 1 > line.length()) {
      return charColumn;
    }
    String before = line.substring(0, charColumn - 1);
    if (unit == ColumnUnit.BYTE) {
      return before.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    int col = 0;
    for (int i = 0; i < before.length(); i = before.offsetByCodePoints(i, 1)) {
      // One column per character, as GCC counts all but wide (CJK) characters; kernel C is ASCII.
      col = before.charAt(i) == '\t' ? (col / TAB_STOP + 1) * TAB_STOP : col + 1;
    }
    return col + 1;
  }
}
