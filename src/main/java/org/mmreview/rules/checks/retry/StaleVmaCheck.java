package org.mmreview.rules.checks.retry;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.DefUse;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.LockPair;
import org.mmreview.analysis.Use;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.MacroLoopStatement;
import org.mmreview.ast.type.TypeName;
import org.mmreview.kernel.LockGroup;
import org.mmreview.rules.RuleContext;

/**
 * A {@code struct vm_area_struct *} found before the mmap lock (or a per-VMA lock) was dropped and
 * used after it was taken again, with no fresh lookup between: once the lock is gone the VMA can be
 * unmapped and freed, so the pointer may name freed memory, not merely a changed VMA. A fresh
 * lookup ({@code vma = vma_lookup(mm, addr)}, {@code vma = lock_vma_under_rcu(...)}, a same-file
 * helper that returns or fills the VMA) defines the variable again, and then def-use no longer
 * carries the old value to the use. A use that only compares the pointer with another one ({@code
 * vma != find_vma(...)}) reads no freed memory and is not reported, nor is a re-lock of the VMA
 * itself ({@code vma_start_read(vma)}: its caller keeps it alive).
 */
public final class StaleVmaCheck {
  private final FunctionAnalysis fa;
  private final Cfg cfg;
  private final DefUse du;
  private final RuleContext ctx;

  public StaleVmaCheck(FunctionAnalysis fa, RuleContext ctx) {
    this.fa = fa;
    this.cfg = fa.cfg();
    this.du = fa.defUse();
    this.ctx = ctx;
  }

  /** Reports each reacquire followed by a stale VMA use; the reacquires reported. */
  public Set<Node> run() {
    Set<Node> reported = Collections.newSetFromMap(new IdentityHashMap<>());
    for (LockPair pair : fa.locks().releaseReacquirePairs()) {
      CallExpression release = pair.release().call();
      CallExpression acquire = pair.acquire().call();
      if (pair.release().group() != LockGroup.MM
          || !release.range().isBefore(acquire.range())
          || reported.contains(acquire)
          || upgrade(pair)) {
        continue;
      }
      for (Map.Entry<String, TypeName> v : du.variables().entrySet()) {
        if (!isVmaPointer(v.getValue()) || mentions(acquire, v.getKey())) {
          continue;
        }
        Optional<Use> stale = staleUse(v.getKey(), release, acquire);
        if (stale.isPresent()) {
          ctx.at(acquire)
              .variant("stale_vma")
              .arg("release", release.text())
              .arg("reacquire", acquire.text())
              .arg("variable", v.getKey())
              .related(release, "lock dropped here")
              .context(stale.get().expression(), "used here without a fresh lookup")
              .report();
          reported.add(acquire);
          break;
        }
      }
    }
    return reported;
  }

  /**
   * A read lock dropped to take the write lock. In mm/ that is a teardown (exit_mmap(): the mm has
   * no user left to unmap anything) or is followed by a lookup anyway (expand_stack()); reporting
   * it would mostly report teardown.
   */
  private static boolean upgrade(LockPair pair) {
    return pair.release().api().contains("read") && pair.acquire().api().contains("write");
  }

  /** The first use after {@code acquire} of a value of {@code v} set before {@code release}. */
  private Optional<Use> staleUse(String v, CallExpression release, CallExpression acquire) {
    List<Definition> defs = du.definitionsOf(v);
    Predicate<Node> lookup = x -> defs.stream().anyMatch(o -> x.isAncestorOrSelf(o.node()));
    Predicate<Node> fresh = lookup.or(x -> addressTaken(x, v) || iterates(x, v));
    // The use must be reached with the lock held again: a path that drops it once more is
    // another question (a use without the lock), not this one.
    Predicate<Node> releasedAgain =
        x ->
            fa.locks().releases().stream()
                .anyMatch(r -> r.group() == LockGroup.MM && x.isAncestorOrSelf(r.call()));
    for (Use u : du.uses(v)) {
      Node at = u.expression();
      if (!u.variable().equals(v)
          || acquire.isAncestorOrSelf(at)
          || release.isAncestorOrSelf(at)
          || onlyCompared(u)
          || addressTaken(at.parent().orElse(at), v)
          || inLoopHead(at)
          || !cfg.pathExists(acquire, at, fresh.or(releasedAgain))) {
        continue;
      }
      for (Definition d : du.reachingDefinitions(v, at)) {
        boolean found = d.kind() == Definition.Kind.PARAMETER || d.value().isPresent();
        if (found
            && !d.isPossible()
            && (d.kind() == Definition.Kind.PARAMETER
                || cfg.pathExists(d.node(), release, x -> x != d.node() && fresh.test(x)))
            && cfg.pathExists(release, acquire, fresh)) {
          return Optional.of(u);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * {@code &v} in {@code x}: a lookup helper filling the pointer ({@code find_vma_prev(.., &v)}).
   */
  private static boolean addressTaken(Node x, String v) {
    return x.findAll(UnaryExpression.class).stream()
        .anyMatch(
            u ->
                u.operator().equals("&")
                    && !u.isPostfix()
                    && u.operand() instanceof Identifier id
                    && id.name().equals(v));
  }

  /** A macro loop over {@code v} ({@code for_each_vma(vmi, v)}) sets it on every pass. */
  private static boolean iterates(Node x, String v) {
    return x instanceof MacroLoopStatement m
        && m.arguments().stream()
            .anyMatch(
                a -> a.findAll(Identifier.class).stream().anyMatch(id -> id.name().equals(v)));
  }

  /** True for an argument of a macro loop's head: the iterator's cursor, not a read. */
  private static boolean inLoopHead(Node at) {
    return at.findAncestor(MacroLoopStatement.class)
        .filter(m -> m.arguments().stream().anyMatch(a -> a.isAncestorOrSelf(at)))
        .isPresent();
  }

  /** {@code vma == other} or {@code vma != other}: the pointer's value, no memory read. */
  private static boolean onlyCompared(Use u) {
    return u.expression()
        .parent()
        .filter(
            p ->
                p instanceof BinaryExpression b
                    && (b.operator().equals("==") || b.operator().equals("!=")))
        .isPresent();
  }

  private static boolean mentions(CallExpression call, String v) {
    return call.arguments().stream()
        .anyMatch(a -> a.findAll(Identifier.class).stream().anyMatch(id -> id.name().equals(v)));
  }

  /** {@code struct vm_area_struct *}, not {@code **} (an out-parameter the callee fills). */
  private static boolean isVmaPointer(TypeName t) {
    return t.isPointer()
        && t.baseName().equals("vm_area_struct")
        && t.text().indexOf('*') == t.text().lastIndexOf('*');
  }
}
