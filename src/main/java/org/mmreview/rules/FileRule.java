package org.mmreview.rules;

import java.util.Set;
import org.mmreview.ast.Node;
import org.mmreview.review.ReviewedFile;

/**
 * A rule that judges a reviewed file as a whole once its units are parsed: what a patch removed,
 * what the pre-image held. It sees no nodes one by one; {@code ctx.file()} is the file.
 */
public abstract class FileRule extends Rule {

  /** Judges the file of {@code ctx}. */
  protected abstract void check(ReviewedFile file, RuleContext ctx);

  @Override
  public final Set<Class<? extends Node>> nodeKinds() {
    return Set.of();
  }

  @Override
  public final void visit(Node node, RuleContext ctx) {}

  @Override
  public final void finishFile(RuleContext ctx) {
    check(ctx.file(), ctx);
  }
}
