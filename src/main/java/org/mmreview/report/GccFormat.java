package org.mmreview.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code file:line:col: severity: message [rule-id]}, the shape editors and CI annotators
 * already parse; related locations follow as {@code note:} lines, as gcc prints them.
 */
public final class GccFormat implements FindingFormat {
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

  private static void print(Finding f, PrintWriter out) {
    {
      out.println(
          position(f.location())
              + ": "
              + f.severity().name().toLowerCase(Locale.ROOT)
              + ": "
              + f.message()
              + " ["
              + f.ruleId()
              + "]");
      for (Location r : f.related()) {
        out.println(position(r) + ": note: " + r.label() + " [" + f.ruleId() + "]");
      }
    }
  }

  private static String position(Location l) {
    return l.file() + ":" + l.line() + ":" + l.column();
  }
}
