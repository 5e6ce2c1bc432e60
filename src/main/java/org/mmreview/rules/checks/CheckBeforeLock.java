package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.LockEvent;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.MacroLoopStatement;
import org.mmreview.kernel.GuardedFieldTable;
import org.mmreview.kernel.GuardedFieldTable.Guard;
import org.mmreview.kernel.GuardedFieldTable.GuardedField;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * A field that is only stable under a lock (the rows of {@link GuardedFieldTable}: {@code
 * ctx->mmap_changing}, {@code vma->anon_vma}, {@code folio->mapping}) tested in an {@code if}
 * before that lock is taken on the path, and not tested again between the acquire and the release:
 * the answer can change in between (TOCTOU).
 *
 * <p>Path-aware, on the {@link org.mmreview.analysis.LockRegions} events over the {@link Cfg}: the
 * test must reach the acquire with the lock not held at the test (never taken yet, or dropped on
 * the way, as a retry loop that re-takes the lock does), and some path from the acquire to a
 * release of the same lock must pass no test of the same field of the same object. Not reported:
 * tests inside assertions; functions that never release the lock (the critical section is not
 * visible, a caller's business); the optimistic early test followed by the same test under the
 * lock, which is the kernel's idiom.
 */
public final class CheckBeforeLock extends FunctionRule {
  private static final GuardedFieldTable TABLE = GuardedFieldTable.defaults();

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    List<LockEvent> events = fa.locks().events();
    if (events.stream().noneMatch(LockEvent::isAcquire)) {
      return;
    }
    Cfg cfg = fa.cfg();
    for (GuardedField row : TABLE.fields()) {
      for (IfStatement i : fn.body().findAll(IfStatement.class)) {
        for (Read test : readsIn(i.condition(), row, false)) {
          if (Matchers.insideAssertion(test.node())) {
            continue;
          }
          Optional<LockEvent> acquire =
              events.stream()
                  .filter(LockEvent::isAcquire)
                  .filter(a -> guards(row, a, test.owner()))
                  .sorted(Comparator.comparingInt(a -> a.call().range().beginOffset()))
                  .filter(a -> staleAt(test, a, events, cfg, row))
                  .findFirst();
          acquire.ifPresent(
              a ->
                  ctx.at(test.node())
                      .arg("test", test.text())
                      .arg("lock", a.api())
                      .arg("why", row.why())
                      .related(a.call(), "lock taken here, the test is not repeated after it")
                      .report());
          if (acquire.isPresent()) {
            break; // one finding per condition
          }
        }
      }
    }
  }

  /**
   * A read of the field: the node, the object whose field it is ({@code ctx} for {@code
   * ctx->mmap_changing}; empty for a variable of that name) and its text.
   */
  private record Read(Expression node, String owner, String text) {}

  /**
   * The reads of {@code row}'s field in {@code scope}, in source order; with {@code rechecks}, also
   * the calls that test it again themselves.
   */
  private static List<Read> readsIn(Node scope, GuardedField row, boolean rechecks) {
    List<Read> out = new ArrayList<>();
    for (Expression e : scope.findAll(Expression.class)) {
      if (e instanceof MemberAccess m && m.member().equals(row.field())) {
        AccessPaths.of(m.object()).ifPresent(o -> out.add(new Read(m, o, m.compactText())));
      } else if (e instanceof Identifier id
          && id.name().equals(row.field())
          && !(id.parent().orElse(null) instanceof MemberAccess)) {
        out.add(new Read(id, "", id.name()));
      } else if (e instanceof CallExpression c
          && c.calleeName()
              .filter(n -> row.reads().contains(n) || rechecks && row.recheckedBy().contains(n))
              .isPresent()) {
        c.argument(0)
            .flatMap(AccessPaths::of)
            .ifPresent(o -> out.add(new Read(c, o, c.compactText())));
      }
    }
    return out;
  }

  /** True when {@code a} takes a lock that keeps {@code row}'s field of {@code owner} stable. */
  private static boolean guards(GuardedField row, LockEvent a, String owner) {
    for (Guard g : row.guards()) {
      boolean kind =
          g.family().map(f -> f == a.family()).orElse(false)
              || g.objectMember()
                  .map(m -> AccessPaths.lastMember(a.lockObject()).equals(m))
                  .orElse(false);
      if (kind && (!g.sameObject() || a.lockObject().equals(owner))) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the test can be stale once {@code a} holds the lock: it reaches {@code a} with the
   * lock not held at the test (or dropped on the way), and some path from {@code a} to a release of
   * the same lock passes no new test of the same field.
   */
  private static boolean staleAt(
      Read test, LockEvent a, List<LockEvent> events, Cfg cfg, GuardedField row) {
    Node t = test.node();
    // The same object on both sides: a path on which neither the tested object nor the lock's is
    // assigned again (a loop over folios or mms tests one and locks the next).
    Set<String> roots = new HashSet<>();
    if (!test.owner().isEmpty()) {
      roots.add(AccessPaths.root(test.owner()));
    }
    if (!a.lockObject().isEmpty()) {
      roots.add(AccessPaths.root(a.lockObject()));
    }
    if (!cfg.pathExists(t, a.call(), x -> assigns(x, roots))) {
      return false;
    }
    List<LockEvent> sameLock = events.stream().filter(e -> sameLock(e, a)).toList();
    List<LockEvent> releases = sameLock.stream().filter(LockEvent::isRelease).toList();
    if (releases.isEmpty()) {
      return false;
    }
    boolean heldAtTest =
        sameLock.stream()
            .filter(LockEvent::isAcquire)
            .anyMatch(acq -> cfg.pathExists(acq.call(), t, x -> releasesAny(x, releases)));
    boolean droppedOnTheWay =
        releases.stream()
            .anyMatch(
                r ->
                    cfg.pathExists(t, r.call(), x -> assigns(x, roots))
                        && cfg.pathExists(r.call(), a.call(), x -> assigns(x, roots)));
    if (heldAtTest && !droppedOnTheWay) {
      return false;
    }
    // Once the tested object is looked up again, the early answer is no longer what the code
    // acts on: such a path needs no new test.
    Set<String> owner = test.owner().isEmpty() ? Set.of() : Set.of(AccessPaths.root(test.owner()));
    return releases.stream()
        .anyMatch(
            r ->
                cfg.pathExists(
                    a.call(), r.call(), x -> retests(x, test, row) || assigns(x, owner)));
  }

  /**
   * True when {@code x} assigns one of the variables {@code roots} as a whole ({@code folio = ...},
   * a declaration, a macro loop's cursor such as {@code for_each_vma(vmi, vma)}).
   */
  private static boolean assigns(Node x, Set<String> roots) {
    if (roots.isEmpty()) {
      return false;
    }
    if (x instanceof Expression e
        && e.parent().orElse(null) instanceof MacroLoopStatement
        && AccessPaths.of(e).filter(roots::contains).isPresent()) {
      return true;
    }
    return !x.findAll(
                AssignExpression.class,
                as -> AccessPaths.of(as.target()).filter(roots::contains).isPresent())
            .isEmpty()
        || !x.findAll(Declarator.class, d -> roots.contains(d.name())).isEmpty();
  }

  private static boolean sameLock(LockEvent e, LockEvent a) {
    return e.group() == a.group()
        && (e.lockObject().isEmpty()
            || a.lockObject().isEmpty()
            || e.lockObject().equals(a.lockObject()));
  }

  private static boolean releasesAny(Node x, List<LockEvent> releases) {
    return releases.stream().anyMatch(r -> x.isAncestorOrSelf(r.call()));
  }

  /** True when {@code x} reads the same field of the same object as {@code test}. */
  private static boolean retests(Node x, Read test, GuardedField row) {
    return readsIn(x, row, true).stream().anyMatch(r -> r.owner().equals(test.owner()));
  }
}
