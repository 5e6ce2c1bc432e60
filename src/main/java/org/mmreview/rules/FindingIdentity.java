package org.mmreview.rules;

import java.util.Optional;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.intake.Hunk;
import org.mmreview.review.ReviewedFile;

/**
 * The parts of a finding's {@link org.mmreview.report.Fingerprint} that need the reviewed file: the
 * function a range lies in and the text of an evidence range.
 */
final class FindingIdentity {
  /** The function a {@code git diff} section heading names: the identifier before its {@code (}. */
  private FindingIdentity() {}

  /**
   * The name of the function whose definition covers {@code r}'s first line; empty outside any
   * function. A hunk-only review often sees the middle of a function without its header: there the
   * hunk's section heading names it, so a finding keeps its identity whether or not a base tree was
   * given.
   */
  static String enclosingFunction(ReviewedFile file, Range r) {
    int line = r.beginLine();
    for (CompilationUnit u : file.units()) {
      for (FunctionDefinition f : u.functions()) {
        if (f.range().beginLine() <= line && line <= f.range().endLine()) {
          return f.name();
        }
      }
    }
    if (!file.partial()) {
      return "";
    }
    return file.hunkAt(line).flatMap(Hunk::headingFunction).orElse("");
  }

  /**
   * The post-image text {@code r} covers, read by line and column (a synthetic range's offsets are
   * not to be trusted). Evidence that covers no text, or only blanks (a marker at the start of a
   * line), stands for its whole line.
   */
  static String evidenceText(ReviewedFile file, Range r) {
    StringBuilder b = new StringBuilder();
    for (int line = r.beginLine(); line <= r.endLine(); line++) {
      Optional<String> t = file.lineText(line);
      if (t.isEmpty()) {
        continue;
      }
      String s = t.get();
      int from = line == r.beginLine() ? Math.min(Math.max(r.beginColumn() - 1, 0), s.length()) : 0;
      int to =
          line == r.endLine()
              ? Math.min(Math.max(r.endColumn() - 1, from), s.length())
              : s.length();
      b.append(s, from, to).append('\n');
    }
    return b.toString().isBlank() ? file.lineText(r.beginLine()).orElse("") : b.toString();
  }
}
