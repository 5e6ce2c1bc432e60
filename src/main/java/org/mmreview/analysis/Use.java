package org.mmreview.analysis;

import org.mmreview.ast.expr.Expression;

/**
 * A read of a variable ({@code vma}) or of an access path through it ({@code
 * vma->vm_file->f_inode}, {@code state->vma}); {@code expression} is the identifier or member
 * access read.
 */
public record Use(String path, Expression expression) {

  /** True for a read through a member access rather than of the bare variable. */
  public boolean isAccessPath() {
    return !path.equals(AccessPaths.root(path));
  }

  /** The variable the read starts from. */
  public String variable() {
    return AccessPaths.root(path);
  }

  @Override
  public String toString() {
    return path + "@" + expression.range().beginLine();
  }
}
