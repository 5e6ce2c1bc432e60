package org.mmreview.rules.checks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.mmreview.ast.Range;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A patch adds {@code if (new_case) { ... } else {} and moves the existing code, unchanged but one
 * level deeper, into the {@code else}: a diff that deletes and re-adds the old lines, hides their
 * history from {@code git blame}, and makes the new branch hard to review. Handling the new case
 * first and returning (or jumping) early leaves the old code where it was.
 *
 * <p>Judged on the hunk text: an added {@code else {} (or {@code } else {}) line, the added {@code
 * if} that opens its branch (the nearest added {@code if} before it at the same indentation), and
 * at least {@link #MIN_LINES} added lines after the {@code else} that are removed lines of the same
 * hunk indented deeper (non-trivial lines only: not braces, blanks or one-word lines).
 */
public final class CodeReindentedIntoElse extends FileRule {
  private static final int MIN_LINES = 8;
  private static final Pattern ELSE_OPEN = Pattern.compile("\\s*(\\}\\s*)?else\\s*\\{\\s*");
  private static final Pattern IF_OPEN = Pattern.compile("\\s*if\\s*\\(.*");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    if (file.change().isEmpty()) {
      return;
    }
    for (Hunk h : file.change().get().hunks()) {
      if (h.removed() >= MIN_LINES && h.added() >= MIN_LINES) {
        judge(h, ctx);
      }
    }
  }

  private static void judge(Hunk h, RuleContext ctx) {
    List<HunkLine> lines = h.lines();
    Map<String, Integer> removedIndent = new HashMap<>();
    for (HunkLine l : lines) {
      if (l.kind() == HunkLine.Kind.REMOVE && substantial(l.text())) {
        removedIndent.putIfAbsent(l.text().strip(), indent(l.text()));
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      HunkLine e = lines.get(i);
      if (e.kind() != HunkLine.Kind.ADD || !ELSE_OPEN.matcher(e.text()).matches()) {
        continue;
      }
      HunkLine opener = null;
      for (int j = i - 1; j >= 0; j--) {
        HunkLine l = lines.get(j);
        if (l.kind() == HunkLine.Kind.ADD
            && IF_OPEN.matcher(l.text()).matches()
            && indent(l.text()) == indent(e.text())) {
          opener = l;
          break;
        }
      }
      if (opener == null) {
        continue;
      }
      int moved = 0;
      for (int k = i + 1; k < lines.size(); k++) {
        HunkLine l = lines.get(k);
        Integer before = removedIndent.get(l.text().strip());
        if (l.kind() == HunkLine.Kind.ADD
            && substantial(l.text())
            && before != null
            && indent(l.text()) > before) {
          moved++;
        }
      }
      if (moved >= MIN_LINES) {
        int col = indent(opener.text()) / 8 + 1;
        ctx.at(new Range(opener.newLine(), col, opener.newLine(), col + 2, 0, 0))
            .arg("lines", Integer.toString(moved))
            .related(new Range(e.newLine(), 1, e.newLine(), 2, 0, 0), "the old code moved in here")
            .report();
        return;
      }
    }
  }

  private static boolean substantial(String text) {
    String s = text.strip();
    return s.length() > 3 && (s.contains(" ") || s.contains("("));
  }

  /** Columns of leading white space, a tab counting 8. */
  private static int indent(String text) {
    int col = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\t') {
        col += 8 - col % 8;
      } else if (c == ' ') {
        col++;
      } else {
        break;
      }
    }
    return col;
  }
}
