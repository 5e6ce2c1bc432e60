package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.CfgNode;
import org.mmreview.analysis.ErrorExits;
import org.mmreview.analysis.ForwardFlow;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.LockEvent;
import org.mmreview.analysis.Matchers;
import org.mmreview.analysis.SameFileHelpers;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.kernel.LockApi;
import org.mmreview.kernel.LockApis;
import org.mmreview.kernel.LockFamily;
import org.mmreview.kernel.LockGroup;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * An error exit ({@code return -EAGAIN;}, {@code return NULL;}, {@code err = -EFOO; goto out;})
 * that leaves the function with a lock it took still held, while other paths of the function
 * release that lock: smatch's "inconsistent returns", on the lock events of {@link
 * org.mmreview.analysis.LockRegions}.
 *
 * <p>The lock state is a forward may-analysis over the CFG: a set of held acquires, each
 * <em>confirmed</em> or not. A plain acquire is confirmed at once. A conditional one ({@code
 * pte_offset_map_lock()}, {@code spin_trylock()}, {@code lock_vma_under_rcu()}, {@code
 * mmap_read_lock_killable()}) is confirmed on the branch of the first condition testing its result
 * that implies success, and dropped on the other: that is the path sensitivity that keeps {@code if
 * (!pte) return -EAGAIN;} silent. A release drops the held acquires of its group with the same lock
 * object, or, when none has that object text, every acquire of the group.
 *
 * <p>Reported: a {@code return} or {@code goto} in an error branch where a confirmed acquire of
 * this function is held, from which no release of it is reachable, when some release of it is
 * reachable from the acquire, and the acquire is not held at any non-error return. Not reported:
 * functions annotated {@code __acquires}, {@code __cond_acquires} or {@code __must_hold}; success
 * returns (lock helpers return the locked object); locks a callee outside the lock table drops.
 */
public final class LockHeldOnReturn extends FunctionRule {
  private static final Set<String> CONTRACTS =
      Set.of("__acquires", "__cond_acquires", "__must_hold");

  /** Lock-table families that are not locks: a page-table map ({@code pte_offset_map()}). */
  private static final Set<LockFamily> NOT_LOCKS = Set.of(LockFamily.PTE_MAP);

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    if (fn.attributes().stream().anyMatch(a -> CONTRACTS.stream().anyMatch(a::startsWith))) {
      return;
    }
    List<LockEvent> events = fa.locks().events();
    if (events.stream().noneMatch(LockEvent::isAcquire)
        || events.stream().noneMatch(LockEvent::isRelease)) {
      return;
    }
    new Flow(fn, fa.cfg(), events, fa.helpers()).report(ctx);
  }

  /** An acquire that may be held, and whether a test has confirmed it succeeded. */
  private record Held(LockEvent acquire, boolean confirmed) {}

  /** The lock-state analysis of one function. */
  private static final class Flow {
    private final FunctionDefinition fn;
    private final Cfg cfg;
    private final List<LockEvent> events;
    private final SameFileHelpers helpers;
    private final Map<CfgNode, Set<Held>> in = new HashMap<>();
    private final Map<CfgNode, Set<Held>> out = new HashMap<>();

    Flow(FunctionDefinition fn, Cfg cfg, List<LockEvent> events, SameFileHelpers helpers) {
      this.fn = fn;
      this.helpers = helpers;
      this.cfg = cfg;
      this.events = events;
      solve();
    }

    private void solve() {
      ForwardFlow.solve(
          cfg.entry(), Set.of(), this::transfer, this::onEdge, ForwardFlow::union, in, out);
    }

    /** The lock calls evaluated at {@code n}, in source order, applied to {@code held}. */
    private Set<Held> transfer(CfgNode n, Set<Held> held) {
      Set<Held> cur = new LinkedHashSet<>(held);
      events.stream()
          .filter(e -> n.evaluated().stream().anyMatch(x -> x.isAncestorOrSelf(e.call())))
          .sorted(Comparator.comparingInt(e -> e.call().range().beginOffset()))
          .forEach(
              e -> {
                if (e.isRelease()) {
                  release(cur, e);
                } else {
                  cur.removeIf(h -> h.acquire() == e);
                  cur.add(new Held(e, !conditional(e)));
                }
              });
      return cur;
    }

    /**
     * A lock API's own try, or a same-file helper whose result is stored: helpers that lock ({@code
     * shmem_get_folio()}) report failure through their result, the lock not taken.
     */
    private static boolean conditional(LockEvent e) {
      return e.conditional() || (e.helper().isPresent() && !resultOf(e).isEmpty());
    }

    private static void release(Set<Held> cur, LockEvent r) {
      boolean exact = cur.stream().anyMatch(h -> sameLock(h.acquire(), r));
      cur.removeIf(
          h -> h.acquire().group().equals(r.group()) && (!exact || sameLock(h.acquire(), r)));
    }

    private static boolean sameLock(LockEvent a, LockEvent r) {
      return a.group().equals(r.group()) && a.lockObject().equals(r.lockObject());
    }

    /** The state along the edge {@code n -> s}: conditional acquires tested at {@code n} settle. */
    private Set<Held> onEdge(CfgNode n, CfgNode s, Set<Held> held) {
      if (n.kind() != CfgNode.Kind.CONDITION
          || !(n.ast().orElse(null) instanceof Expression cond)) {
        return held;
      }
      Optional<Boolean> value = valueOnEdge(n, s, cond);
      Set<Held> out = new LinkedHashSet<>();
      for (Held h : held) {
        if (value.isPresent()
            && lockedObjects(h.acquire()).stream()
                .anyMatch(o -> impliesNull(cond, value.get(), o))) {
          continue; // the locked object is NULL on this edge: nothing was locked
        }
        if (h.confirmed() || !mentions(cond, h.acquire())) {
          out.add(h);
        } else if (value.isPresent() && impliesSuccess(cond, value.get(), h.acquire())) {
          out.add(new Held(h.acquire(), true));
        }
      }
      return out;
    }

    /** Which outcome of an {@code if} condition the edge to {@code s} is; empty when unclear. */
    private static Optional<Boolean> valueOnEdge(CfgNode n, CfgNode s, Expression cond) {
      if (!(cond.parent().orElse(null) instanceof IfStatement i)
          || i.condition() != cond
          || n.successors().size() != 2) {
        return Optional.empty();
      }
      Statement then = i.thenStatement();
      long inThen =
          n.successors().stream()
              .filter(x -> x.ast().map(then::isAncestorOrSelf).orElse(false))
              .count();
      if (inThen != 1) {
        return Optional.empty();
      }
      return Optional.of(s.ast().map(then::isAncestorOrSelf).orElse(false));
    }

    private static boolean mentions(Expression cond, LockEvent a) {
      if (cond.isAncestorOrSelf(a.call())) {
        return true;
      }
      String v = resultOf(a);
      return !v.isEmpty() && !cond.findAll(Expression.class, e -> e.text().equals(v)).isEmpty();
    }

    /** The variable the acquire's result is stored in ({@code pte = pte_offset_map_lock(...)}). */
    private static String resultOf(LockEvent a) {
      Node p = a.call().parent().orElse(null);
      while (p instanceof Expression e
          && !(p instanceof AssignExpression)
          && AccessPaths.strip(e) != e) {
        p = p.parent().orElse(null);
      }
      if (p instanceof AssignExpression as && as.operator().equals("=")) {
        return as.target().text();
      }
      return p instanceof Declarator d ? d.name() : "";
    }

    /**
     * True when {@code e} having {@code value} means the conditional acquire {@code a} succeeded.
     */
    private static boolean impliesSuccess(Expression e, boolean value, LockEvent a) {
      Expression x = AccessPaths.strip(Matchers.stripBranchHints(e));
      if (isResult(x, a)) {
        // Pointer-returning and trylock-style APIs succeed on non-zero; *_killable() and
        // int-returning helpers (0 or -errno) on zero.
        boolean zeroIsSuccess =
            a.api().endsWith("_killable")
                || !a.api().contains("trylock")
                    && a.helper()
                        .map(
                            h ->
                                !h.returnType().isPointer()
                                    && !h.returnType().text().equals("bool"))
                        .orElse(false);
        return zeroIsSuccess ? !value : value;
      }
      if (x instanceof UnaryExpression u && u.operator().equals("!")) {
        return impliesSuccess(u.operand(), !value, a);
      }
      if (x instanceof BinaryExpression b) {
        switch (b.operator()) {
          case "==", "!=" -> {
            boolean eq = b.operator().equals("==");
            if (Matchers.isNull(b.right())) {
              return impliesSuccess(b.left(), eq != value, a);
            }
            if (Matchers.isNull(b.left())) {
              return impliesSuccess(b.right(), eq != value, a);
            }
            return false;
          }
          case "&&" -> {
            return value
                && (impliesSuccess(b.left(), true, a) || impliesSuccess(b.right(), true, a));
          }
          case "||" -> {
            return !value
                && (impliesSuccess(b.left(), false, a) || impliesSuccess(b.right(), false, a));
          }
          default -> {
            return false;
          }
        }
      }
      if (x instanceof CallExpression c
          && c.arguments().size() == 1
          && c.calleeName()
              .filter(n -> n.equals("IS_ERR") || n.equals("IS_ERR_OR_NULL"))
              .isPresent()) {
        return !value && isResult(AccessPaths.strip(c.arguments().get(0)), a);
      }
      return false;
    }

    /** The lock object and the out-parameters ({@code &folio}) of an acquire. */
    private static List<String> lockedObjects(LockEvent a) {
      List<String> out = new ArrayList<>();
      if (!a.lockObject().isEmpty()) {
        out.add(a.lockObject());
      }
      for (Expression arg : a.call().arguments()) {
        if (AccessPaths.strip(arg) instanceof UnaryExpression u && u.operator().equals("&")) {
          out.add(u.operand().text());
        }
      }
      return out;
    }

    /** True when {@code e} having {@code value} means {@code object} is NULL. */
    private static boolean impliesNull(Expression e, boolean value, String object) {
      return Matchers.impliesNull(
          e, value, x -> x.text().equals(object) ? Optional.of(false) : Optional.empty());
    }

    private static boolean isResult(Expression x, LockEvent a) {
      if (x == a.call()) {
        return true;
      }
      if (x instanceof AssignExpression as && AccessPaths.strip(as.value()) == a.call()) {
        return true;
      }
      String v = resultOf(a);
      return !v.isEmpty() && x.text().equals(v);
    }

    /**
     * Reports each error exit that leaks confirmed acquires other paths release: one finding each.
     */
    void report(RuleContext ctx) {
      Set<LockEvent> keptOnSuccess = keptOnSuccess();
      for (CfgNode n : cfg.nodes()) {
        Node stmt = n.ast().orElse(null);
        if (!(stmt instanceof ReturnStatement || stmt instanceof GotoStatement)
            || !isErrorExit((Statement) stmt)) {
          continue;
        }
        List<LockEvent[]> leaks =
            out.getOrDefault(n, Set.of()).stream()
                .filter(Held::confirmed)
                .map(Held::acquire)
                .filter(a -> !NOT_LOCKS.contains(a.family()) && !keptOnSuccess.contains(a))
                // A same-file helper counts as a lock only when named as one (uffd_mfill_lock()).
                .filter(a -> a.helper().isEmpty() || a.api().contains("lock"))
                .distinct()
                .sorted(Comparator.comparingInt(a -> a.call().range().beginOffset()))
                .map(a -> new LockEvent[] {a, releasedElsewhere(a, stmt).orElse(null)})
                .filter(pair -> pair[1] != null)
                .toList();
        if (leaks.isEmpty() || calleeMayRelease(leaks.get(0)[0], stmt)) {
          continue;
        }
        LockEvent a = leaks.get(0)[0];
        LockEvent r = leaks.get(0)[1];
        RuleContext.FindingBuilder f =
            ctx.at(stmt)
                .arg("acquire", a.call().text().replaceAll("\\s+", " "))
                .arg("release", r.api())
                .arg("function", fn.name());
        for (LockEvent[] leak : leaks) {
          f.related(leak[0].call(), "lock taken here");
        }
        f.context(r.call(), "released here on another path").report();
      }
    }

    /**
     * The acquires that may still be held where the function returns without an error: its contract
     * is to return with the lock held on some path (a lock helper, an {@code FGP_LOCK} flag), and
     * which paths do is beyond this analysis.
     */
    private Set<LockEvent> keptOnSuccess() {
      Set<LockEvent> kept = new HashSet<>();
      for (CfgNode p : cfg.exit().predecessors()) {
        if (p.ast().orElse(null) instanceof Statement st
            && (st instanceof ReturnStatement || st instanceof GotoStatement)
            && isErrorExit(st)) {
          continue;
        }
        Node at = p.ast().orElse(null);
        for (Held h : out.getOrDefault(p, Set.of())) {
          LockEvent a = h.acquire();
          // Held there other than through an error exit (goto out; out: return err;).
          if (at == null
              || cfg.pathExists(
                  a.call(), at, x -> x != at && (isJump(x) || releasesGroup(x, a.group())))) {
            kept.add(a);
          }
        }
      }
      return kept;
    }

    private static boolean isJump(Node x) {
      return (x instanceof ReturnStatement || x instanceof GotoStatement)
          && isErrorExit((Statement) x);
    }

    private boolean releasesGroup(Node x, LockGroup group) {
      return events.stream()
          .anyMatch(e -> e.isRelease() && e.group().equals(group) && x.isAncestorOrSelf(e.call()));
    }

    /**
     * A release of {@code a}'s group reachable from {@code a} (preferring one of the same lock
     * object), when none is reachable from the exit {@code stmt}.
     */
    private Optional<LockEvent> releasedElsewhere(LockEvent a, Node stmt) {
      List<LockEvent> releases =
          events.stream().filter(r -> r.isRelease() && r.group().equals(a.group())).toList();
      if (releases.stream().anyMatch(r -> cfg.pathExists(stmt, r.call()))) {
        return Optional.empty(); // released on the way out (goto out; out: unlock)
      }
      return releases.stream()
          .filter(r -> cfg.pathExists(a.call(), r.call()))
          .min(
              Comparator.comparingInt((LockEvent r) -> sameLock(a, r) ? 0 : 1)
                  .thenComparingInt(r -> r.call().range().beginOffset()));
    }

    /**
     * True when an {@code if} condition on a path from the acquire {@code a} to {@code stmt} calls
     * a same-file function that releases a lock of its group itself, or is named as one called
     * locked ({@code put_z3fold_locked()}): such a callee may have dropped the lock on the outcome
     * it reports ({@code if (allocate_file_region_entries(...)) return -ENOMEM;}).
     */
    private boolean calleeMayRelease(LockEvent a, Node stmt) {
      for (IfStatement i : fn.findAll(IfStatement.class)) {
        Expression cond = i.condition();
        if (!cfg.pathExists(a.call(), cond) || !cfg.pathExists(cond, stmt)) {
          continue;
        }
        for (CallExpression c : cond.findAll(CallExpression.class)) {
          Optional<FunctionDefinition> h = helpers.resolve(c);
          if (h.isPresent()
              && (h.get().name().contains("locked") || releases(h.get(), a.group()))) {
            return true;
          }
        }
      }
      return false;
    }

    private static boolean releases(FunctionDefinition h, LockGroup group) {
      return h.findAll(CallExpression.class).stream()
          .map(c -> LockApis.defaults().lookup(c.calleeName().orElse("")))
          .anyMatch(
              api ->
                  api.filter(x -> x.kind() == LockApi.Kind.RELEASE && x.group().equals(group))
                      .isPresent());
    }

    /** A return of NULL or an error, or a jump or return ending an error branch. */
    private static boolean isErrorExit(Statement s) {
      if (s instanceof ReturnStatement r) {
        Matchers.ReturnKind k = Matchers.returnKind(r);
        if (k == Matchers.ReturnKind.NULL
            || k == Matchers.ReturnKind.ERRNO
            || k == Matchers.ReturnKind.ERR_PTR) {
          return true;
        }
        // `return 0;` in an int function is success, whatever branch it ends: a lock kept there
        // is handed on (migrate_vma_handle_pmd() returns its page locked, MIGRATE_PFN_LOCKED).
        if (r.value().map(v -> v.text().strip().equals("0")).orElse(false)) {
          return false;
        }
      }
      Node p = s.parent().orElse(null);
      if (p instanceof IfStatement) {
        return ErrorExits.isErrorExit(s);
      }
      return p instanceof Block b
          && b.parent().orElse(null) instanceof IfStatement
          && ErrorExits.isErrorExit(b);
    }
  }
}
