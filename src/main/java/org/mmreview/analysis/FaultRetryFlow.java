package org.mmreview.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.kernel.LockGroup;

/**
 * What a function does after a fault call ({@code handle_mm_fault()}, a {@code ->fault()} handler)
 * while the result may still hold {@code VM_FAULT_RETRY} or {@code VM_FAULT_COMPLETED}: with those
 * bits the fault path has already released the mmap lock (or the per-VMA lock), so the VMA may be
 * gone and the lock is not ours to release.
 *
 * <p>A forward may-analysis over the {@link Cfg} of the bits the result may still carry, started at
 * the call, edge-sensitive on tests of the result: the "false" edge of {@code ret & VM_FAULT_RETRY}
 * removes RETRY; the "true" edge of a test of the retry bits alone is the retry handling (nothing
 * more to judge); the "true" edge of a test of other bits only ({@code ret & VM_FAULT_ERROR}) is an
 * error result, not a retry; a test mixing the retry bits with others ({@code if (ret)}, {@code ret
 * & (VM_FAULT_ERROR | VM_FAULT_RETRY)}) that leads to an errno exit turns the retry into a hard
 * error. A re-taken mmap lock or a fresh VMA lookup ends the question.
 *
 * <p>A {@code handle_mm_fault()} whose flags are built from {@code FAULT_FLAG_*} constants alone,
 * none of them {@code FAULT_FLAG_ALLOW_RETRY} (nor {@code FAULT_FLAG_DEFAULT}, which holds it),
 * cannot return the retry bits and is not followed.
 */
public final class FaultRetryFlow {
  /** What was done while the lock may already be gone. */
  public enum Kind {
    /** The faulting VMA read or passed on. */
    VMA_READ,
    /** The mmap lock (or VMA lock) released again. */
    UNLOCK,
    /** A test that catches the retry bits with the errors and returns an errno. */
    HARD_ERROR
  }

  /** One misuse after {@code fault}, at {@code at}. */
  public record Misuse(CallExpression fault, Kind kind, Node at) {}

  private static final String RETRY = "VM_FAULT_RETRY";
  private static final String COMPLETED = "VM_FAULT_COMPLETED";
  private static final Pattern FAULT_BIT = Pattern.compile("VM_FAULT_[A-Z0-9_]+");
  private static final Pattern FLAG_CONSTANTS =
      Pattern.compile("[\\s()|&~]*(FAULT_FLAG_[A-Z_]+[\\s()|&~]*)*|0");
  private static final Set<String> RETRY_FLAGS =
      Set.of("FAULT_FLAG_ALLOW_RETRY", "FAULT_FLAG_DEFAULT");

  private final FunctionAnalysis fa;
  private final CallExpression fault;
  private final Optional<String> result;
  private final Set<String> vmaPaths;
  private final Set<String> initial;
  private final Map<CfgNode, Set<String>> in = new HashMap<>();
  private final Map<Node, Misuse> misuses = new LinkedHashMap<>();

  private FaultRetryFlow(FunctionAnalysis fa, CallExpression fault, boolean completedExists) {
    this.fa = fa;
    this.fault = fault;
    this.result = resultOf(fault);
    this.vmaPaths = vmaPaths(fault);
    this.initial = completedExists ? Set.of(RETRY, COMPLETED) : Set.of(RETRY);
    solve();
  }

  /**
   * The misuses after every fault call of the function that may return the retry bits; {@code
   * completedExists} says whether the tree knows {@code VM_FAULT_COMPLETED} (5.19 and later).
   */
  public static List<Misuse> of(FunctionAnalysis fa, boolean completedExists) {
    List<Misuse> out = new ArrayList<>();
    for (CallExpression c : fa.function().findAll(CallExpression.class)) {
      if (isFaultCall(c) && mayRetry(c, fa) && !returnedDirectly(c)) {
        out.addAll(new FaultRetryFlow(fa, c, completedExists).misuses.values());
      }
    }
    return out;
  }

  /** {@code handle_mm_fault(...)} or a call through a {@code ->fault} member. */
  public static boolean isFaultCall(CallExpression c) {
    return c.calleeName().filter("handle_mm_fault"::equals).isPresent()
        || (AccessPaths.strip(c.callee()) instanceof MemberAccess m && m.member().equals("fault"));
  }

  private static boolean returnedDirectly(CallExpression c) {
    Node p = c.parent().orElse(null);
    while (p instanceof Expression e && AccessPaths.strip(e) != e) {
      p = p.parent().orElse(null);
    }
    return p instanceof ReturnStatement;
  }

  /** False only for {@code handle_mm_fault()} with constant flags that do not allow a retry. */
  private static boolean mayRetry(CallExpression c, FunctionAnalysis fa) {
    if (c.calleeName().filter("handle_mm_fault"::equals).isEmpty()) {
      return true;
    }
    Optional<Expression> flags = c.argument(2);
    if (flags.isEmpty()) {
      return true;
    }
    List<String> values = new ArrayList<>();
    Expression f = AccessPaths.strip(flags.get());
    if (f instanceof Identifier id && fa.defUse().isVariable(id.name())) {
      if (fa.function().parameters().stream()
          .anyMatch(p -> p.name().filter(id.name()::equals).isPresent())) {
        return true;
      }
      for (Declarator d :
          fa.function().findAll(Declarator.class, d -> d.name().equals(id.name()))) {
        d.initializer().ifPresent(v -> values.add(v.compactText()));
      }
      for (AssignExpression a :
          fa.function()
              .findAll(AssignExpression.class, a -> a.target().compactText().equals(id.name()))) {
        values.add(a.value().compactText());
      }
    } else {
      values.add(f.compactText());
    }
    for (String v : values) {
      if (!FLAG_CONSTANTS.matcher(v).matches() || RETRY_FLAGS.stream().anyMatch(v::contains)) {
        return true;
      }
    }
    return false;
  }

  /** Where the fault's result is stored: {@code ret = handle_mm_fault(...)}. */
  private static Optional<String> resultOf(CallExpression c) {
    Node p = c.parent().orElse(null);
    while (p instanceof Expression e && AccessPaths.strip(e) != e) {
      p = p.parent().orElse(null);
    }
    if (p instanceof AssignExpression a) {
      return AccessPaths.of(a.target());
    }
    return p instanceof Declarator d ? Optional.of(d.name()) : Optional.empty();
  }

  /** The faulting VMA: the first argument of handle_mm_fault(), or vmf->vma and X of X->vm_ops. */
  private static Set<String> vmaPaths(CallExpression c) {
    Set<String> out = new LinkedHashSet<>();
    if (c.calleeName().filter("handle_mm_fault"::equals).isPresent()) {
      c.argument(0).flatMap(AccessPaths::of).ifPresent(out::add);
      return out;
    }
    c.argument(0).flatMap(AccessPaths::of).ifPresent(v -> out.add(v + "->vma"));
    if (AccessPaths.strip(c.callee()) instanceof MemberAccess m) {
      AccessPaths.of(m.object())
          .filter(o -> o.endsWith("->vm_ops"))
          .ifPresent(o -> out.add(o.substring(0, o.length() - "->vm_ops".length())));
    }
    return out;
  }

  private boolean isResult(Expression e) {
    Expression x = AccessPaths.strip(e);
    if (x == fault) {
      return true;
    }
    if (x instanceof AssignExpression a && AccessPaths.strip(a.value()) == fault) {
      return true;
    }
    return result.isPresent() && AccessPaths.of(x).filter(result.get()::equals).isPresent();
  }

  private void solve() {
    Deque<CfgNode> work = new ArrayDeque<>();
    CfgNode start = fa.cfg().pointOf(fault).orElse(null);
    if (start == null) {
      return;
    }
    in.put(start, Set.of());
    work.add(start);
    while (!work.isEmpty()) {
      CfgNode n = work.poll();
      Set<String> after = transfer(n, in.getOrDefault(n, Set.of()), n == start);
      if (after.isEmpty()) {
        continue;
      }
      for (CfgNode s : n.successors()) {
        Set<String> edge = onEdge(n, s, after);
        Set<String> old = in.get(s);
        Set<String> merged = new LinkedHashSet<>(old == null ? Set.of() : old);
        merged.addAll(edge);
        if (old == null || !merged.equals(old)) {
          in.put(s, merged);
          work.add(s);
        }
      }
    }
  }

  private record Event(int at, Node node) {}

  private Set<String> transfer(CfgNode n, Set<String> bits, boolean isStart) {
    Set<String> cur = new LinkedHashSet<>(bits);
    List<Event> events = new ArrayList<>();
    for (Node root : n.evaluated()) {
      root.stream()
          .forEach(
              x -> {
                if (x == fault) {
                  events.add(new Event(x.range().endOffset(), x));
                } else if (x instanceof CallExpression c) {
                  events.add(new Event(c.range().beginOffset(), c));
                } else if (x instanceof AssignExpression a
                    && AccessPaths.of(a.target()).filter(vmaPaths::contains).isPresent()) {
                  events.add(new Event(a.range().endOffset(), a));
                } else if (x instanceof Expression e
                    && AccessPaths.of(e).filter(vmaPaths::contains).isPresent()) {
                  events.add(new Event(e.range().beginOffset(), e));
                }
              });
    }
    events.sort(Comparator.comparingInt(Event::at));
    for (Event ev : events) {
      Node x = ev.node();
      if (x == fault) {
        if (isStart) {
          cur.addAll(initial);
        }
      } else if (cur.isEmpty()) {
        continue;
      } else if (x instanceof AssignExpression) {
        cur.clear(); // a fresh VMA lookup
      } else if (x instanceof CallExpression c) {
        Optional<LockEvent> lock = fa.locks().eventOf(c);
        if (lock.isPresent() && lock.get().group() == LockGroup.MM) {
          if (lock.get().isRelease()) {
            misuses.putIfAbsent(c, new Misuse(fault, Kind.UNLOCK, c));
          }
          cur.clear(); // reported once; a re-taken lock makes the VMA question moot
        }
      } else if (x instanceof Expression e
          && !(e.parent().orElse(null) instanceof AssignExpression a && a.target() == e)
          && MaybeNullFlow.useKind(e).isPresent()) {
        misuses.putIfAbsent(e, new Misuse(fault, Kind.VMA_READ, e));
        cur.clear();
      }
    }
    return cur;
  }

  private Set<String> onEdge(CfgNode n, CfgNode s, Set<String> bits) {
    Optional<Boolean> outcome = BranchEdges.outcome(n, s);
    if (outcome.isEmpty()) {
      return bits;
    }
    Set<String> cur = new LinkedHashSet<>(bits);
    for (Conjuncts.Atom atom :
        Conjuncts.required(BranchEdges.condition(n).orElseThrow(), outcome.get())) {
      Optional<Test> tested = test(atom);
      if (tested.isEmpty()) {
        if (atom.holds() && isSignalPendingTest(atom.expression())) {
          cur.clear();
        }
        continue;
      }
      Set<String> t = tested.get().bits();
      boolean all = t.contains("*");
      boolean retryBits = all || t.contains(RETRY) || t.contains(COMPLETED);
      if (!tested.get().set()) {
        if (all) {
          cur.clear();
        } else {
          cur.removeAll(t);
        }
      } else if (!retryBits) {
        cur.clear(); // an error result, not a retry
      } else {
        boolean mixed = all || t.stream().anyMatch(b -> !b.equals(RETRY) && !b.equals(COMPLETED));
        if (mixed && !cur.isEmpty()) {
          branch(n, s)
              .filter(ErrorExits::isErrorExit)
              .ifPresent(
                  b ->
                      misuses.putIfAbsent(
                          BranchEdges.condition(n).orElseThrow(),
                          new Misuse(fault, Kind.HARD_ERROR, BranchEdges.condition(n).get())));
        }
        cur.clear();
      }
    }
    return cur;
  }

  /** The branch of the {@code if} the edge enters. */
  private static Optional<Statement> branch(CfgNode n, CfgNode s) {
    Expression cond = BranchEdges.condition(n).orElseThrow();
    if (!(cond.parent().orElse(null) instanceof IfStatement i)) {
      return Optional.empty();
    }
    boolean intoThen = s.ast().map(i.thenStatement()::isAncestorOrSelf).orElse(false);
    return intoThen ? Optional.of(i.thenStatement()) : i.elseStatement();
  }

  /** A test of the result: the bits it looks at ("*" for all), and whether one of them is set. */
  private record Test(Set<String> bits, boolean set) {}

  /**
   * The test an atom makes of the result: {@code ret & MASK} (the {@code VM_FAULT_*} names of the
   * mask), {@code ret}, {@code ret != 0} or {@code ret == 0} (all bits); empty when it does not
   * test the result.
   */
  private Optional<Test> test(Conjuncts.Atom atom) {
    Expression x = Matchers.stripBranchHints(atom.expression());
    if (isResult(x)) {
      return Optional.of(new Test(Set.of("*"), atom.holds()));
    }
    if (x instanceof BinaryExpression b) {
      if (b.operator().equals("&")) {
        Expression mask = isResult(b.left()) ? b.right() : isResult(b.right()) ? b.left() : null;
        if (mask == null) {
          return Optional.empty();
        }
        Set<String> bits = new LinkedHashSet<>();
        Matcher m = FAULT_BIT.matcher(mask.compactText());
        while (m.find()) {
          bits.add(m.group());
        }
        return Optional.of(new Test(bits.isEmpty() ? Set.of("*") : bits, atom.holds()));
      }
      boolean eq = b.operator().equals("==");
      if ((eq || b.operator().equals("!="))
          && (isResult(b.left()) && Matchers.isNull(b.right())
              || isResult(b.right()) && Matchers.isNull(b.left()))) {
        return Optional.of(new Test(Set.of("*"), eq != atom.holds()));
      }
    }
    return Optional.empty();
  }

  /** {@code fault_signal_pending(ret, regs)}: true only when the retry bit is set. */
  private boolean isSignalPendingTest(Expression e) {
    return Matchers.stripBranchHints(e) instanceof CallExpression c
        && c.calleeName().filter("fault_signal_pending"::equals).isPresent()
        && c.argument(0).filter(this::isResult).isPresent();
  }
}
