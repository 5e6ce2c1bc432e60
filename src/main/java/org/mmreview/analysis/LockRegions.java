package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.kernel.LockApi;
import org.mmreview.kernel.LockApis;
import org.mmreview.kernel.LockFamily;
import org.mmreview.kernel.LockGroup;

/**
 * The lock acquires and releases of one function, from the {@link LockApis} table and from
 * same-file helpers that wrap them, and the regions where a lock may be held.
 */
public final class LockRegions {
  private final Cfg cfg;
  private final List<LockEvent> events;

  private LockRegions(Cfg cfg, List<LockEvent> events) {
    this.cfg = cfg;
    this.events = List.copyOf(events);
  }

  /** The lock events of {@code cfg}'s function with the shipped API table. */
  public static LockRegions of(Cfg cfg, SameFileHelpers helpers) {
    return of(cfg, helpers, LockApis.defaults());
  }

  public static LockRegions of(Cfg cfg, SameFileHelpers helpers, LockApis apis) {
    HelperLockEffects effects = new HelperLockEffects(helpers, apis);
    FunctionDefinition fn = cfg.function();
    List<LockEvent> events = new ArrayList<>();
    for (CallExpression call : fn.body().findAll(CallExpression.class)) {
      FunctionDefinition helper =
          helpers.resolve(call).filter(h -> !effects.effects(h).isEmpty()).orElse(null);
      for (LockApi api : effects.callEffects(call)) {
        String object = lockObject(call, api.object());
        LockFamily family = api.family();
        if (family == LockFamily.SPINLOCK
            && (object.matches(".*ptl") || object.contains("lockptr("))) {
          family = LockFamily.PTL;
        }
        events.add(
            new LockEvent(
                api.kind().acquires() ? LockEvent.Kind.ACQUIRE : LockEvent.Kind.RELEASE,
                family,
                call,
                object,
                api.name(),
                api.kind() == LockApi.Kind.TRY,
                helper));
      }
    }
    return new LockRegions(cfg, events);
  }

  private static String lockObject(CallExpression call, int index) {
    if (index >= 0) {
      return call.argument(index).map(a -> a.text().replaceFirst("^&\\s*", "")).orElse("");
    }
    if (index == -1) {
      Node p = call.parent().orElse(null);
      while (p instanceof Expression e && !(p instanceof AssignExpression) && e.unparen() != e) {
        p = p.parent().orElse(null);
      }
      if (p instanceof AssignExpression a) {
        return a.target().text();
      }
      if (p instanceof Declarator d) {
        return d.name();
      }
    }
    return "";
  }

  public Cfg cfg() {
    return cfg;
  }

  /** Every lock event in source order. */
  public List<LockEvent> events() {
    return events;
  }

  public List<LockEvent> acquires() {
    return events.stream().filter(LockEvent::isAcquire).toList();
  }

  public List<LockEvent> releases() {
    return events.stream().filter(LockEvent::isRelease).toList();
  }

  /** The event made by {@code call}, if it is a lock call. */
  public Optional<LockEvent> eventOf(CallExpression call) {
    return events.stream().filter(e -> e.call() == call).findFirst();
  }

  /**
   * Each release followed, on some CFG path, by an acquire of the same group (the lock dropped and
   * taken again), in source order of the release.
   */
  public List<LockPair> releaseReacquirePairs() {
    List<LockPair> out = new ArrayList<>();
    for (LockEvent r : releases()) {
      for (LockEvent a : acquires()) {
        if (a.group() == r.group() && a.call() != r.call() && cfg.pathExists(r.call(), a.call())) {
          out.add(new LockPair(r, a));
        }
      }
    }
    return out;
  }

  /**
   * True when a lock of {@code group} may be held at {@code n}: some acquire of the group reaches
   * {@code n} on a path without a release of the group, or {@code n} is under a {@code
   * scoped_guard()} of the group or after a {@code guard()} of it in an enclosing block.
   */
  public boolean heldAt(Node n, LockGroup group) {
    if (Guards.guarded(n, group)) {
      return true;
    }
    for (LockEvent a : acquires()) {
      if (a.group() == group
          && a.call() != n
          && cfg.pathExists(a.call(), n, x -> releasesGroup(x, group))) {
        return true;
      }
    }
    return false;
  }

  /** The groups that may be held at {@code n}. */
  public Set<LockGroup> groupsHeldAt(Node n) {
    Set<LockGroup> out = new LinkedHashSet<>();
    for (LockGroup g : LockGroup.GUARDABLE) {
      if (Guards.guarded(n, g)) {
        out.add(g);
      }
    }
    for (LockEvent a : acquires()) {
      if (!out.contains(a.group()) && heldAt(n, a.group())) {
        out.add(a.group());
      }
    }
    return out;
  }

  private boolean releasesGroup(Node evaluated, LockGroup group) {
    return events.stream()
        .anyMatch(e -> e.isRelease() && e.group() == group && evaluated.isAncestorOrSelf(e.call()));
  }
}
