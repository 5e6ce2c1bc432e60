package org.mmreview.report;

import java.io.PrintWriter;
import java.util.List;

/**
 * What {@code checkpatch.pl -q --terse --no-summary --mailback --showfile} prints, for tools that
 * parse checkpatch ({@code b4 prep --check}, {@code b4 am --check}): one line per finding, {@code
 * FILE:LINE: LEVEL: message}, the file and line in the post-image as {@code --showfile} gives them,
 * and nothing at all for a clean patch ({@code --mailback}, {@code --no-summary}), because b4
 * counts every line it reads as a report. Levels are checkpatch's: {@code ERROR} (b4 marks the
 * patch failed), {@code WARNING}, and {@code CHECK} for infos (b4 marks both as warnings). {@code
 * --terse} keeps one line per report, so related locations, fix and precedent are left out; the
 * rule id closes the line, as gcc's format has it, so a user knows what {@code --ignore} takes.
 */
public final class CheckpatchFormat implements FindingFormat {

  @Override
  public Output start(PrintWriter out) {
    return new Output() {
      @Override
      public void add(List<Finding> batch) {
        for (Finding f : batch) {
          out.println(line(f));
        }
        out.flush();
      }

      @Override
      public void finish(RunSummary summary) {
        // --no-summary: no total line; a clean run prints nothing.
        out.flush();
      }
    };
  }

  /** One finding as checkpatch's terse line. */
  static String line(Finding f) {
    Location l = f.location();
    return l.file()
        + ":"
        + l.line()
        + ": "
        + level(f.severity())
        + ": "
        + HumanFormat.label(f)
        + oneLine(f.message())
        + " ["
        + f.ruleId()
        + "]";
  }

  /**
   * A finding in a few plain lines for a detail view (b4's review-check {@code details}): the terse
   * line, the source line with {@code ^^^} under the evidence, and the fix.
   */
  public static String details(Finding f) {
    StringBuilder b = new StringBuilder(line(f)).append('\n');
    if (!f.sourceLine().isEmpty()) {
      b.append("    ").append(HumanFormat.expandTabs(f.sourceLine())).append('\n');
      b.append("    ").append(HumanFormat.marker(f.sourceLine(), f.location())).append('\n');
    }
    if (!f.fix().isEmpty()) {
      b.append("    fix: ").append(oneLine(f.fix())).append('\n');
    }
    return b.toString();
  }

  /** checkpatch's level for a severity. */
  public static String level(Severity s) {
    return switch (s) {
      case ERROR -> "ERROR";
      case WARNING -> "WARNING";
      case INFO -> "CHECK";
    };
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
