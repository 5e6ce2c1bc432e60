package org.mmreview.analysis;

import java.util.Map;
import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.MacroLoopStatement;
import org.mmreview.ast.stmt.Statement;

/**
 * Scope-based locks from {@code linux/cleanup.h}: {@code scoped_guard(mutex, &m) { ... }} holds
 * the lock in its body; {@code guard(rcu)();} holds it until the end of the enclosing block.
 */
final class Guards {
  private static final Map<String, String> GROUP_OF_CLASS =
      Map.ofEntries(
          Map.entry("mutex", "mutex"),
          Map.entry("mutex_intr", "mutex"),
          Map.entry("spinlock", "spinlock"),
          Map.entry("spinlock_irq", "spinlock"),
          Map.entry("spinlock_irqsave", "spinlock"),
          Map.entry("raw_spinlock", "spinlock"),
          Map.entry("raw_spinlock_irq", "spinlock"),
          Map.entry("raw_spinlock_irqsave", "spinlock"),
          Map.entry("read_lock", "rwlock"),
          Map.entry("write_lock", "rwlock"),
          Map.entry("rwsem_read", "rwsem"),
          Map.entry("rwsem_write", "rwsem"),
          Map.entry("rcu", "rcu"),
          Map.entry("mmap_read_lock", "mm"),
          Map.entry("mmap_write_lock", "mm"));

  private Guards() {}

  /** True when a scoped guard of {@code group} surrounds {@code n}, or a guard() before it in its block. */
  static boolean guarded(Node n, String group) {
    for (Node cur = n; cur != null; cur = cur.parent().orElse(null)) {
      if (cur instanceof MacroLoopStatement m
          && (m.macroName().equals("scoped_guard") || m.macroName().equals("scoped_cond_guard"))
          && m.body().isAncestorOrSelf(n)
          && m.arguments().stream().findFirst().flatMap(Guards::groupOf).filter(group::equals).isPresent()) {
        return true;
      }
      if (cur instanceof Statement s && s.parent().orElse(null) instanceof Block b) {
        for (Statement earlier : b.statements()) {
          if (earlier == s) {
            break;
          }
          if (guardGroup(earlier).filter(group::equals).isPresent()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The group a {@code guard(class)(args);} statement locks. */
  static Optional<String> guardGroup(Statement s) {
    if (s instanceof ExpressionStatement e
        && e.expression().unparen() instanceof CallExpression outer
        && outer.callee().unparen() instanceof CallExpression inner
        && inner.calleeName().filter("guard"::equals).isPresent()) {
      return inner.argument(0).flatMap(Guards::groupOf);
    }
    return Optional.empty();
  }

  private static Optional<String> groupOf(Expression lockClass) {
    return lockClass.unparen() instanceof Identifier id
        ? Optional.ofNullable(GROUP_OF_CLASS.get(id.name()))
        : Optional.empty();
  }
}
