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
  public void write(List<Finding> findings, PrintWriter out) {
    for (Finding f : findings) {
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
    out.flush();
  }

  private static String position(Location l) {
    return l.file() + ":" + l.line() + ":" + l.column();
  }
}
