package org.mmreview.rules.checks;

import java.util.Optional;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A comment in kernel C that the coding style (section 8) writes otherwise, in two variants:
 *
 * <ul>
 *   <li>{@code c99}: a {@code //} comment. checkpatch.pl stopped reporting these by default in 2016
 *       (C99_COMMENT_TOLERANCE), but mm reviewers still ask for {@code /* *&#47;}. The SPDX line
 *       must be a {@code //} comment in a {@code .c} file and is left alone.
 *   <li>{@code multiline}: a comment of several lines whose first line carries text after {@code
 *       /*}. The coding style wants {@code /*} alone on the first line everywhere but net/ and
 *       drivers/net/ (which want the opposite); checkpatch.pl checks only the net/ form.
 * </ul>
 *
 * <p>Only comments that start a line are judged (a comment after code on its line is a trailing
 * remark), in kernel files: not tools/, selftests, scripts/ or samples/ (userspace, other styles).
 * One finding per comment, on its first line, so a patch review reports the comments it adds.
 */
public final class CommentStyle extends FileRule {

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    String p = "/" + file.path();
    if (!(p.endsWith(".c") || p.endsWith(".h"))
        || p.contains("/tools/")
        || p.contains("/selftests/")
        || p.contains("/scripts/")
        || p.contains("/samples/")) {
      return;
    }
    boolean netStyle = p.startsWith("/net/") || p.startsWith("/drivers/net/");
    for (CompilationUnit unit : file.units()) {
      for (Comment c : unit.comments()) {
        Range r = c.range();
        Optional<String> first = unit.lineText(r.beginLine());
        if (first.isEmpty() || !startsLine(first.get(), r.beginColumn())) {
          continue;
        }
        String text = c.text();
        if (text.startsWith("//")) {
          if (!text.substring(2).strip().startsWith("SPDX-License-Identifier")) {
            ctx.at(firstLine(r, first.get())).variant("c99").report();
          }
        } else if (!netStyle && text.startsWith("/*") && r.endLine() > r.beginLine()) {
          int eol = text.indexOf('\n');
          String opening = text.substring(2, eol < 0 ? text.length() : eol).strip();
          // `/**` (kernel-doc) and `/***...` banners open alone by design.
          if (!opening.isEmpty() && !opening.startsWith("*")) {
            ctx.at(firstLine(r, first.get())).report();
          }
        }
      }
    }
  }

  /** True when only blanks stand before column {@code column} (1-based) of {@code line}. */
  private static boolean startsLine(String line, int column) {
    int end = Math.min(line.length(), Math.max(0, column - 1));
    return line.substring(0, end).isBlank();
  }

  private static Range firstLine(Range r, String text) {
    return new Range(
        r.beginLine(),
        r.beginColumn(),
        r.beginLine(),
        Math.max(r.beginColumn() + 1, text.length() + 1),
        0,
        0);
  }
}
