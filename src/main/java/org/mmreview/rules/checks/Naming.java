package org.mmreview.rules.checks;

import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.review.ReviewedFile;

/** What the naming rules share: whether a name is the patch's own, and where it is spelled. */
final class Naming {
  private Naming() {}

  /**
   * True when one of the lines {@code first..last} (a declaration's head) is added and the
   * pre-image never held {@code name}: a new function or a renamed one, not an existing API whose
   * signature a patch touches. Every name counts without a patch ({@code --all}).
   */
  static boolean introduced(ReviewedFile file, String name, int first, int last) {
    if (!file.diffAware()) {
      return true;
    }
    boolean added = false;
    for (int l = first; l <= last && !added; l++) {
      added = file.isAdded(l);
    }
    return added && !file.preImageMayContain(name);
  }

  /**
   * The line of a definition's head that spells its name: the return type may stand on a line of
   * its own above it, kernel style.
   */
  static Range nameLine(CompilationUnit unit, FunctionDefinition fn) {
    int line = fn.range().beginLine();
    int last = Math.max(line, fn.body().range().beginLine());
    for (int l = line; l <= last; l++) {
      if (unit.lineText(l).filter(t -> t.contains(fn.name() + "(")).isPresent()) {
        return l == fn.range().beginLine() ? fn.range() : new Range(l, 1, l, 2, 0, 0);
      }
    }
    return fn.range();
  }
}
