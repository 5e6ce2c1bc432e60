package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mmreview.analysis.KernelAsserts.CrashAssert;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.kernel.LockGroup;

/**
 * Crashing asserts on the state of a live PMD in a place where it is not stable: the page table was
 * mapped without its lock ({@code pte_offset_map_nolock()}, {@code pte_offset_map()}) or only the
 * mmap lock is held for reading, so khugepaged, a zap or a THP fault can change the PMD. Not
 * unstable: with the page-table lock held (a PTE lock stabilises the PMD above it, since a collapse
 * takes both), or with the mmap lock held for writing.
 */
public final class PmdAsserts {
  private PmdAsserts() {}

  /** An assert of {@code predicate} on the live PMD {@code pmd}. */
  public record UnstablePmd(CrashAssert assertion, String predicate, Expression pmd, String why) {}

  /** The unstable PMD the assertion tests, if any. */
  public static Optional<UnstablePmd> unstable(CrashAssert a, FunctionAnalysis fa) {
    KernelAsserts table = KernelAsserts.defaults();
    List<Map.Entry<String, Expression>> tests =
        new ArrayList<>(table.wrappedPredicateArguments(a, table.pmdPredicates()));
    for (Expression cond : a.condition()) {
      for (CallExpression c : cond.findAll(CallExpression.class)) {
        String name = c.calleeName().orElse("");
        if (table.pmdPredicates().contains(name) && !c.arguments().isEmpty()) {
          tests.add(Map.entry(name, c.arguments().get(0)));
        }
      }
    }
    Optional<Map.Entry<String, Expression>> live =
        tests.stream().filter(t -> isLiveRead(t.getValue(), a.call(), fa, 2)).findFirst();
    if (live.isEmpty()) {
      return Optional.empty();
    }
    return unstableContext(a.call(), fa)
        .map(why -> new UnstablePmd(a, live.get().getKey(), live.get().getValue(), why));
  }

  /**
   * Why the page tables may change at {@code at}: "after pte_offset_map_nolock()" or "under the
   * mmap read lock"; empty when the PTL or the mmap write lock is held, or nothing is known.
   */
  public static Optional<String> unstableContext(Node at, FunctionAnalysis fa) {
    if (fa.locks().heldAt(at, LockGroup.PTL)) {
      return Optional.empty();
    }
    Optional<LockEvent> map = heldAcquire(at, fa, LockGroup.PTE_MAP);
    if (map.isPresent() && !mmapWriteLocked(at, fa)) {
      return Optional.of("after " + map.get().api() + "()");
    }
    return mmapReadLockedOnly(at, fa) ? Optional.of("under the mmap read lock") : Optional.empty();
  }

  /** True when the function holds the mmap (or a VMA) lock at {@code at}, and not for writing. */
  public static boolean mmapReadLockedOnly(Node at, FunctionAnalysis fa) {
    return heldAcquire(at, fa, LockGroup.MM).isPresent() && !mmapWriteLocked(at, fa);
  }

  private static boolean mmapWriteLocked(Node at, FunctionAnalysis fa) {
    return fa.locks().acquires().stream()
        .anyMatch(
            e ->
                e.group() == LockGroup.MM
                    && e.api().contains("write")
                    && reaches(e, at, fa.locks()));
  }

  private static Optional<LockEvent> heldAcquire(Node at, FunctionAnalysis fa, LockGroup group) {
    return fa.locks().acquires().stream()
        .filter(e -> e.group() == group && reaches(e, at, fa.locks()))
        .findFirst();
  }

  private static boolean reaches(LockEvent acquire, Node at, LockRegions locks) {
    if (acquire.call() == at) {
      return false;
    }
    return locks
        .cfg()
        .pathExists(
            acquire.call(),
            at,
            x ->
                locks.releases().stream()
                    .anyMatch(r -> r.group() == acquire.group() && x.isAncestorOrSelf(r.call())));
  }

  /**
   * True when {@code e} reads a live page-table entry: {@code *pmd}, {@code
   * pmdp_get_lockless(pmd)}, {@code READ_ONCE(*pmd)}, or a local whose every definition reaching
   * {@code at} is such a read. A value the function built itself (a parameter, {@code
   * mk_huge_pmd()}) is not live.
   */
  public static boolean isLiveRead(Expression e, Node at, FunctionAnalysis fa, int depth) {
    Expression x = AccessPaths.strip(e);
    if (x instanceof UnaryExpression u && u.operator().equals("*") && !u.isPostfix()) {
      return true;
    }
    if (x instanceof CallExpression c
        && c.calleeName().filter(KernelAsserts::readsLiveEntry).isPresent()) {
      return true;
    }
    if (depth > 0 && x instanceof Identifier id && fa.defUse().isVariable(id.name())) {
      List<Definition> defs = fa.defUse().reachingDefinitions(id.name(), at);
      return !defs.isEmpty()
          && defs.stream()
              .allMatch(
                  d -> d.value().filter(v -> isLiveRead(v, d.node(), fa, depth - 1)).isPresent());
    }
    return false;
  }
}
