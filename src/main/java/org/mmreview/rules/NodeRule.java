package org.mmreview.rules;

import java.util.Set;
import org.mmreview.ast.Node;

/**
 * A rule that judges one kind of node, handed to it already typed (as Error Prone's {@code
 * MethodInvocationTreeMatcher} or PMD's {@code super(ASTConstructorCall.class)}):
 *
 * <pre>{@code
 * public final class UnstablePmdAssert extends NodeRule<CallExpression> {
 *   public UnstablePmdAssert() { super(CallExpression.class); }
 *   @Override protected void check(CallExpression call, RuleContext ctx) { ... }
 * }
 * }</pre>
 *
 * The engine calls {@link #check} for every node of that class (or a subclass), in source order.
 */
public abstract class NodeRule<T extends Node> extends Rule {
  private final Class<T> kind;

  protected NodeRule(Class<T> kind) {
    this.kind = kind;
  }

  /** Judges one node of the rule's kind. */
  protected abstract void check(T node, RuleContext ctx);

  @Override
  public final Set<Class<? extends Node>> nodeKinds() {
    return Set.of(kind);
  }

  @Override
  public final void visit(Node node, RuleContext ctx) {
    check(kind.cast(node), ctx);
  }

  @Override
  public final void finishFile(RuleContext ctx) {}
}
