package org.mmreview.rules.checks.ptunlock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.CfgNode;
import org.mmreview.analysis.ForwardFlow;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.expr.ArrayAccess;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.SizeofExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.kernel.PageTables;

/**
 * Page-table entry pointers whose lock (or whose PTE-table mapping) has been given up, along the
 * CFG of one function, and the places that still write or read the entry through them.
 *
 * <p>An entry pointer is released by {@code pte_unmap_unlock(p, ptl)} / {@code pte_unmap(p)} (the
 * pointer itself is then dangling: any read or write through it is wrong), or by {@code
 * spin_unlock(ptl)} of the lock that {@code ptl = pmd_lock(mm, p)}, {@code pmd_trans_huge_lock(p,
 * vma)} or {@code p = pte_offset_map_lock(mm, pmd, addr, &ptl)} tied to it (the pointer stays
 * valid, but a write through it now races with the other updaters). It stops being released when it
 * is assigned again (a fresh map or lookup), when its lock is taken again, or when the object
 * holding it is handed to a call that may redo both ({@code helper(vmf)}).
 */
public final class ReleasedEntries {
  /** How a pointer was released: unmapped (any use is wrong) or only unlocked (writes are). */
  public enum How {
    UNMAPPED,
    UNLOCKED
  }

  /** The release of {@code pointer} at {@code call}. */
  public record Release(String pointer, How how, CallExpression call) {}

  /** A write or read through a released pointer. */
  public record Use(Release release, Node at, String what, boolean write) {}

  private final Cfg cfg;
  private final Map<String, List<String>> guardedBy;

  private ReleasedEntries(Cfg cfg) {
    this.cfg = cfg;
    this.guardedBy = cfg == null ? Map.of() : guards(cfg);
  }

  /** The uses through released entry pointers in the function of {@code cfg}, in CFG order. */
  public static List<Use> of(Cfg cfg) {
    return new ReleasedEntries(cfg).uses();
  }

  /**
   * The uses through the pointer {@code release} gives up, in the code that follows it in source
   * order: the rest of its block, then of the enclosing blocks while they fall through. For hunks
   * that show a function's middle without its head (no CFG): the release and its uses are there,
   * the function around them is not.
   */
  public static List<Use> following(CallExpression release, List<Node> after) {
    ReleasedEntries scan = new ReleasedEntries(null);
    Map<String, Release> state = new LinkedHashMap<>();
    scan.apply(release, state);
    List<Use> found = new ArrayList<>();
    for (Node statement : after) {
      for (Node x : (Iterable<Node>) statement.stream()::iterator) {
        if (state.isEmpty()) {
          return found;
        }
        if (x.findAncestor(SizeofExpression.class).isEmpty()) {
          use(x, state).ifPresent(found::add);
        }
        scan.apply(x, state);
      }
    }
    return found;
  }

  /** True for a call that may release an entry pointer: an unmap, or a spin_unlock variant. */
  public static boolean isRelease(String name) {
    return PageTables.PTE_UNMAPS.contains(name) || isUnlock(name);
  }

  /** A lock release by name: {@code spin_unlock()}, {@code double_pt_unlock()}, ... */
  private static boolean isUnlock(String name) {
    return name.contains("unlock");
  }

  /** A lock acquire by name: {@code spin_lock_nested()}, {@code double_pt_lock()}, ... */
  private static boolean isLock(String name) {
    return name.contains("lock")
        && !name.contains("unlock")
        && !name.endsWith("_init")
        && !name.contains("lockptr")
        && !name.contains("is_locked")
        && !name.contains("lockdep");
  }

  private List<Use> uses() {
    Map<CfgNode, Map<String, Release>> in = new HashMap<>();
    ForwardFlow.solve(
        cfg.entry(),
        Map.of(),
        this::transfer,
        (from, to, out) -> out,
        ReleasedEntries::join,
        in,
        null);
    List<Use> found = new ArrayList<>();
    for (CfgNode n : cfg.nodes()) {
      Map<String, Release> released = in.get(n);
      if (released == null || released.isEmpty()) {
        continue;
      }
      for (Node e : n.evaluated()) {
        e.stream()
            .filter(x -> x.findAncestor(SizeofExpression.class).isEmpty())
            .forEach(x -> use(x, released).ifPresent(found::add));
      }
    }
    return found;
  }

  private static Map<String, Release> join(Map<String, Release> old, Map<String, Release> in) {
    if (old == null) {
      return in;
    }
    Map<String, Release> merged = new LinkedHashMap<>(old);
    in.forEach(merged::putIfAbsent);
    return Map.copyOf(merged);
  }

  private Map<String, Release> transfer(CfgNode n, Map<String, Release> in) {
    Map<String, Release> state = new LinkedHashMap<>(in);
    for (Node e : n.evaluated()) {
      e.stream().forEach(x -> apply(x, state));
    }
    return state.equals(in) ? in : Map.copyOf(state);
  }

  /**
   * What {@code x} does to the released pointers: kills by redefinition or re-lock, gens by
   * release.
   */
  private void apply(Node x, Map<String, Release> state) {
    if (x instanceof AssignExpression a) {
      AccessPaths.of(a.target()).ifPresent(t -> kill(state, t));
    } else if (x instanceof UnaryExpression u
        && (u.operator().equals("++") || u.operator().equals("--") || u.operator().equals("&"))) {
      AccessPaths.of(u.operand()).ifPresent(t -> kill(state, t));
    } else if (x instanceof Declarator d) {
      kill(state, d.name());
    } else if (x instanceof CallExpression c) {
      call(c, state);
    }
  }

  private void call(CallExpression c, Map<String, Release> state) {
    String name = c.calleeName().orElse("");
    if (PageTables.PTE_UNMAPS.contains(name)) {
      c.argument(0)
          .flatMap(ReleasedEntries::pointerPath)
          .ifPresent(p -> state.put(p, new Release(p, How.UNMAPPED, c)));
      return;
    }
    Integer entry = PageTables.ENTRY_LOCKS.get(name);
    if (entry != null && !name.endsWith("_lockptr")) {
      // ptl = pmd_lock(mm, pmd) again: the entry is guarded once more
      c.argument(entry).flatMap(ReleasedEntries::pointerPath).ifPresent(p -> relock(state, p));
      return;
    }
    if (isUnlock(name) || isLock(name)) {
      // spin_unlock(ptl), double_pt_unlock(src_ptl, dst_ptl); spin_lock_nested(ptl, ...), ...
      for (Expression arg : c.arguments()) {
        AccessPaths.of(arg)
            .ifPresent(
                l -> {
                  for (String p : guardedBy.getOrDefault(l, List.of())) {
                    if (isUnlock(name)) {
                      state.putIfAbsent(p, new Release(p, How.UNLOCKED, c));
                    } else {
                      relock(state, p);
                    }
                  }
                });
      }
      return;
    }
    if (PageTables.ENTRY_WRITES.contains(name) || PageTables.isEntryRead(name)) {
      return;
    }
    // an object handed to a helper that may map and lock its entry pointer again
    for (Expression arg : c.arguments()) {
      AccessPaths.of(arg)
          .ifPresent(
              a -> state.keySet().removeIf(p -> !p.equals(a) && AccessPaths.extendsPath(p, a)));
    }
  }

  private static void relock(Map<String, Release> state, String pointer) {
    Release r = state.get(pointer);
    if (r != null && r.how() == How.UNLOCKED) {
      state.remove(pointer);
    }
  }

  private static void kill(Map<String, Release> state, String target) {
    state.keySet().removeIf(p -> AccessPaths.extendsPath(p, target));
  }

  /** A write (or, for an unmapped pointer, a read) of the entry at {@code x}. */
  private static Optional<Use> use(Node x, Map<String, Release> released) {
    if (x instanceof CallExpression c) {
      String name = c.calleeName().orElse("");
      boolean write = PageTables.ENTRY_WRITES.contains(name);
      if (!write && !PageTables.isEntryRead(name)) {
        return Optional.empty();
      }
      for (Expression arg : c.arguments()) {
        Optional<Release> r = pointerPath(arg).map(released::get);
        if (r.isPresent() && (write || r.get().how() == How.UNMAPPED)) {
          return Optional.of(new Use(r.get(), c, name + "()", write));
        }
      }
      return Optional.empty();
    }
    Optional<Expression> deref = Optional.empty();
    if (x instanceof UnaryExpression u && u.operator().equals("*") && !u.isPostfix()) {
      deref = Optional.of(u.operand());
    } else if (x instanceof ArrayAccess a) {
      deref = Optional.of(a.array());
    }
    Optional<Release> r = deref.flatMap(AccessPaths::of).map(released::get);
    if (r.isEmpty() || r.get().how() != How.UNMAPPED) {
      return Optional.empty();
    }
    boolean write = x.parent().orElse(null) instanceof AssignExpression a && a.target() == x;
    return Optional.of(new Use(r.get(), x, x.text().strip(), write));
  }

  /** The pointer an argument names, {@code pte} for {@code pte - 1} or {@code pte + i} too. */
  static Optional<String> pointerPath(Expression arg) {
    Expression x = AccessPaths.strip(arg);
    if (x instanceof BinaryExpression b && (b.operator().equals("+") || b.operator().equals("-"))) {
      x = b.left();
    }
    return AccessPaths.of(x).filter(p -> !p.startsWith("*"));
  }

  /**
   * The entry pointers each lock variable guards, from the function's lock lookups ({@code ptl =
   * pmd_lock(mm, pmd)}) and maps ({@code pte = pte_offset_map_lock(mm, pmd, addr, &ptl)}).
   */
  private static Map<String, List<String>> guards(Cfg cfg) {
    Map<String, List<String>> guards = new HashMap<>();
    for (CallExpression c : cfg.function().body().findAll(CallExpression.class)) {
      String name = c.calleeName().orElse("");
      Integer entry = PageTables.ENTRY_LOCKS.get(name);
      Integer lockArg = PageTables.MAPS_WITH_LOCK.get(name);
      if (entry != null) {
        Optional<String> lock = AccessPaths.assignedTo(c);
        Optional<String> pointer = c.argument(entry).flatMap(ReleasedEntries::pointerPath);
        if (lock.isPresent() && pointer.isPresent()) {
          add(guards, lock.get(), pointer.get());
        }
      } else if (lockArg != null) {
        Optional<String> pointer = AccessPaths.assignedTo(c);
        Optional<String> lock =
            c.argument(lockArg)
                .map(AccessPaths::strip)
                .filter(a -> a instanceof UnaryExpression u && u.operator().equals("&"))
                .flatMap(a -> AccessPaths.of(((UnaryExpression) a).operand()));
        if (lock.isPresent() && pointer.isPresent()) {
          add(guards, lock.get(), pointer.get());
        }
      }
    }
    return guards;
  }

  private static void add(Map<String, List<String>> guards, String lock, String pointer) {
    List<String> l = guards.computeIfAbsent(lock, k -> new ArrayList<>());
    if (!l.contains(pointer)) {
      l.add(pointer);
    }
  }
}
