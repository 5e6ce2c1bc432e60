package org.mmreview.rules.checks.helperdoc;

import java.util.List;
import java.util.Optional;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.review.ReviewedFile;

/**
 * Whether the file documents its definitions of one kind: of the siblings the review sees that the
 * patch does not add, how many have a comment above. A new definition is measured against its file,
 * not against an ideal: mm/damon/sysfs.c or an ioctl file whose helpers carry no comments does not
 * owe one for the next.
 *
 * <p>With whole files every sibling is seen. With only hunks, the siblings whose header shows in a
 * hunk with the lines above it in view; the verdict then needs more of them ({@value
 * #MIN_SEEN_IN_HUNKS}) and a clearer majority (two thirds), so the rule says less.
 */
public final class FileConvention {
  static final int MIN_SEEN_IN_HUNKS = 2;

  /** What was counted: siblings seen and how many of them are documented. */
  public record Count(int siblings, int documented, boolean hunksOnly) {
    /** True when the file documents this kind of definition. */
    public boolean documents() {
      if (hunksOnly) {
        return siblings >= MIN_SEEN_IN_HUNKS && documented * 3 >= siblings * 2;
      }
      return siblings >= 1 && documented * 2 > siblings;
    }
  }

  private FileConvention() {}

  /** Counts {@code siblings} (definitions of the kind, from any unit of {@code file}). */
  public static Count count(ReviewedFile file, List<? extends Node> siblings) {
    int seen = 0;
    int documented = 0;
    for (Node s : siblings) {
      int line = s.range().beginLine();
      if (file.isAdded(line)) {
        continue;
      }
      Optional<Boolean> doc = documented(s);
      if (doc.isPresent()) {
        seen++;
        documented += doc.get() ? 1 : 0;
      }
    }
    return new Count(seen, documented, file.partial());
  }

  /**
   * Whether a comment documents {@code def}: a comment above it (or on its line); empty when the
   * lines above it are not in view (a hunk starting at its header).
   */
  public static Optional<Boolean> documented(Node def) {
    CompilationUnit cu = def.compilationUnit().orElseThrow();
    int line = def.range().beginLine();
    if (cu.commentAbove(line).isPresent()
        || cu.comments().stream().anyMatch(c -> c.range().beginLine() == line)) {
      return Optional.of(true);
    }
    for (int l = line - 1; ; l--) {
      Optional<String> text = cu.lineText(l);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      if (!text.get().isBlank()) {
        return Optional.of(false);
      }
    }
  }
}
