package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.expr.ArrayAccess;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.CastExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.ExpressionStatement;

/**
 * Where a pointer that may be NULL is used before a test proves it is not: a forward may-analysis
 * over the {@link Cfg}, edge-sensitive on the conditions that test it. The pointers are the results
 * of the calls a predicate names as sources ({@code pte_offset_map_lock()} and friends), stored in
 * a variable or access path ({@code pte}, {@code vmf->pte}); a copy ({@code start_pte = pte})
 * carries the same sources, and a test of either proves both.
 *
 * <p>Proofs of non-NULL: the edge of a condition whose outcome requires the pointer ({@code if
 * (!pte) return ...;}, {@code if (pte) { ... }}, {@code while (pte)}, {@code if (WARN_ON(!pte))}),
 * a {@code BUG_ON(!pte)}-style assertion, and inside one expression the left operand of {@code
 * &&}/{@code ||} or the condition of {@code ?:}. A use is a dereference ({@code *pte}, {@code
 * pte[i]}, {@code pte->x}) or passing the pointer to a call that is not itself a test; comparisons,
 * copies, pointer arithmetic and returning it are not uses.
 */
public final class MaybeNullFlow {
  /** A use of a maybe-NULL pointer on some path where no test has proved it set. */
  public record UncheckedUse(CallExpression source, String path, Expression use, boolean deref) {}

  /** Calls that take a pointer without dereferencing it for the caller: tests and hints. */
  private static final Set<String> TESTS =
      Set.of("likely", "unlikely", "IS_ERR", "IS_ERR_OR_NULL", "PTR_ERR_OR_ZERO");

  private final Cfg cfg;
  private final Predicate<CallExpression> isSource;

  /**
   * A maybe-NULL value: its source, and the constants assigned since it was stored ({@code result =
   * SCAN_PMD_NULL;} in the branch where the map failed), so that a later test contradicting one
   * ({@code if (result != SCAN_SUCCEED) goto out;}, false edge) proves that path cannot carry it:
   * the correlation smatch keeps between a status variable and a pointer.
   */
  private record Tag(CallExpression source, Map<String, String> constants) {
    Tag with(String variable, Optional<String> constant) {
      Map<String, String> c = new HashMap<>(constants);
      if (constant.isPresent()) {
        c.put(variable, constant.get());
      } else {
        c.remove(variable);
      }
      return new Tag(source, Map.copyOf(c));
    }
  }

  private final Map<CfgNode, Map<String, Set<Tag>>> in = new HashMap<>();
  private final Set<CallExpression> tested = new LinkedHashSet<>();
  private final Map<Expression, UncheckedUse> unchecked = new LinkedHashMap<>();

  private MaybeNullFlow(Cfg cfg, Predicate<CallExpression> isSource) {
    this.cfg = cfg;
    this.isSource = isSource;
    solve();
  }

  /** The flow of the maybe-NULL results of the calls {@code isSource} accepts, in one function. */
  public static MaybeNullFlow of(Cfg cfg, Predicate<CallExpression> isSource) {
    return new MaybeNullFlow(cfg, isSource);
  }

  /** The unchecked uses, in source order. */
  public List<UncheckedUse> uncheckedUses() {
    return unchecked.values().stream()
        .sorted(Comparator.comparingInt(u -> u.use().range().beginOffset()))
        .toList();
  }

  /** The sources whose result the function tests for NULL somewhere. */
  public Set<CallExpression> testedSources() {
    return tested;
  }

  private void solve() {
    ForwardFlow.solve(
        cfg.entry(), Map.of(), this::transfer, this::onEdge, MaybeNullFlow::merge, in, null);
  }

  private static Map<String, Set<Tag>> merge(Map<String, Set<Tag>> a, Map<String, Set<Tag>> b) {
    Map<String, Set<Tag>> out = new LinkedHashMap<>();
    if (a != null) {
      a.forEach((k, v) -> out.put(k, new LinkedHashSet<>(v)));
    }
    b.forEach((k, v) -> out.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
    return out;
  }

  private static Set<CallExpression> sources(Set<Tag> tags) {
    Set<CallExpression> out = new LinkedHashSet<>();
    tags.forEach(t -> out.add(t.source()));
    return out;
  }

  /** One event inside a CFG point: a definition (at its end) or a possible use (at its start). */
  private record Event(int at, Node node, boolean definition) {}

  private Map<String, Set<Tag>> transfer(CfgNode n, Map<String, Set<Tag>> held) {
    Map<String, Set<Tag>> cur = merge(held, Map.of());
    List<Event> events = new ArrayList<>();
    for (Node root : n.evaluated()) {
      root.stream()
          .forEach(
              x -> {
                if (x instanceof AssignExpression a && AccessPaths.of(a.target()).isPresent()) {
                  events.add(new Event(a.range().endOffset(), a, true));
                } else if (x instanceof Declarator d && d.initializer().isPresent()) {
                  events.add(new Event(d.range().endOffset(), d, true));
                } else if (x instanceof Expression e && AccessPaths.of(e).isPresent()) {
                  events.add(new Event(e.range().beginOffset(), e, false));
                }
              });
    }
    events.sort(Comparator.comparingInt(Event::at));
    for (Event ev : events) {
      if (ev.definition()) {
        define(ev.node(), cur);
      } else {
        use((Expression) ev.node(), cur);
      }
    }
    for (Node root : n.evaluated()) {
      assertion(root).ifPresent(cond -> prove(Conjuncts.required(cond, false), cur));
    }
    return cur;
  }

  /**
   * The condition of a {@code BUG_ON(cond);} statement: execution goes on only when it is false.
   */
  private static Optional<Expression> assertion(Node stmt) {
    if (stmt instanceof ExpressionStatement es
        && es.expression().unparen() instanceof CallExpression c
        && c.calleeName().filter(s -> s.contains("BUG_ON")).isPresent()
        && c.arguments().size() == 1) {
      return Optional.of(c.arguments().get(0));
    }
    return Optional.empty();
  }

  private void define(Node def, Map<String, Set<Tag>> cur) {
    String target;
    Expression value;
    if (def instanceof AssignExpression a) {
      target = AccessPaths.of(a.target()).orElseThrow();
      if (!a.isSimple()) {
        return; // pte += n keeps what pte was
      }
      value = a.value();
    } else {
      Declarator d = (Declarator) def;
      target = d.name();
      value = d.initializer().orElseThrow();
    }
    Set<Tag> tags = tagsOf(value, cur);
    Optional<String> constant = constant(value);
    cur.keySet().removeIf(k -> AccessPaths.extendsPath(k, target));
    cur.replaceAll(
        (k, v) -> {
          Set<Tag> out = new LinkedHashSet<>();
          v.forEach(t -> out.add(t.with(target, constant)));
          return out;
        });
    if (!tags.isEmpty()) {
      cur.put(target, new LinkedHashSet<>(tags));
    }
  }

  /**
   * A constant value: a number, an upper-case name (an enumerator or macro such as {@code
   * SCAN_SUCCEED}), its negation ({@code -EAGAIN}), {@code true}/{@code false}/{@code NULL}.
   */
  private static Optional<String> constant(Expression e) {
    Expression x = AccessPaths.strip(e);
    String t = x.compactText();
    return CONSTANT.matcher(t).matches() ? Optional.of(t) : Optional.empty();
  }

  private static final Pattern CONSTANT =
      Pattern.compile("-?([0-9][0-9a-fA-FxXuUlL]*|[A-Z][A-Z0-9_]*|true|false)");

  /** The tags a value carries: a source call, a copy of a tracked path, or pointer arithmetic. */
  private Set<Tag> tagsOf(Expression value, Map<String, Set<Tag>> cur) {
    Expression x = AccessPaths.strip(value);
    if (x instanceof CallExpression c && isSource.test(c)) {
      return Set.of(new Tag(c, Map.of()));
    }
    if (x instanceof AssignExpression a && a.isSimple()) {
      return tagsOf(a.value(), cur);
    }
    if (x instanceof ConditionalExpression c) {
      Set<Tag> out = new LinkedHashSet<>();
      c.thenExpression().ifPresent(t -> out.addAll(tagsOf(t, cur)));
      out.addAll(tagsOf(c.elseExpression(), cur));
      return out;
    }
    if (x instanceof BinaryExpression b && (b.operator().equals("+") || b.operator().equals("-"))) {
      return tagsOf(b.left(), cur);
    }
    return AccessPaths.of(x).map(p -> cur.getOrDefault(p, Set.of())).orElse(Set.of());
  }

  private void use(Expression e, Map<String, Set<Tag>> cur) {
    String path = AccessPaths.of(e).orElseThrow();
    Set<Tag> tags = cur.get(path);
    if (tags == null || tags.isEmpty() || isAssignedTo(e)) {
      return;
    }
    Set<CallExpression> sources = sources(tags);
    Optional<Boolean> deref = useKind(e);
    if (deref.isEmpty()) {
      return;
    }
    List<Conjuncts.Atom> holding = ShortCircuit.atomsHolding(e, null);
    for (Conjuncts.Atom a : holding) {
      for (String p : nonNullPaths(a)) {
        Set<CallExpression> s = sources(cur.getOrDefault(p, Set.of()));
        if (s.stream().anyMatch(sources::contains)) {
          tested.addAll(s);
          return;
        }
      }
    }
    unchecked.putIfAbsent(e, new UncheckedUse(sources.iterator().next(), path, e, deref.get()));
  }

  private static boolean isAssignedTo(Expression e) {
    return e.parent().orElse(null) instanceof AssignExpression a && a.target() == e;
  }

  /** Dereference (true), passed to a call (false), or not a use (empty). */
  static Optional<Boolean> useKind(Expression e) {
    Node cur = e;
    while (cur.parent().orElse(null) instanceof ParenExpression
        || cur.parent().orElse(null) instanceof CastExpression) {
      cur = cur.parent().orElseThrow();
    }
    Node p = cur.parent().orElse(null);
    if (p instanceof UnaryExpression u && u.operator().equals("*") && !u.isPostfix()) {
      return Optional.of(true);
    }
    if (p instanceof MemberAccess m && m.object() == cur && m.isArrow()) {
      return Optional.of(true);
    }
    if (p instanceof ArrayAccess a && a.array() == cur) {
      return Optional.of(true);
    }
    if (p instanceof CallExpression c && c.callee() != cur) {
      String name = c.calleeName().orElse("");
      if (TESTS.contains(name) || Matchers.isAssertionName(name)) {
        return Optional.empty();
      }
      return Optional.of(false);
    }
    return Optional.empty();
  }

  private Map<String, Set<Tag>> onEdge(CfgNode n, CfgNode s, Map<String, Set<Tag>> held) {
    Optional<Boolean> outcome = BranchEdges.outcome(n, s);
    if (outcome.isEmpty() || held.isEmpty()) {
      return held;
    }
    Map<String, Set<Tag>> out = merge(held, Map.of());
    List<Conjuncts.Atom> atoms =
        Conjuncts.required(BranchEdges.condition(n).orElseThrow(), outcome.get());
    prove(atoms, out);
    for (Conjuncts.Atom a : atoms) {
      out.values().forEach(v -> v.removeIf(t -> contradicts(a, t)));
    }
    out.values().removeIf(Set::isEmpty);
    return out;
  }

  /** True when the atom cannot hold on a path where the tag's constants hold. */
  private static boolean contradicts(Conjuncts.Atom atom, Tag tag) {
    Expression x = Matchers.stripBranchHints(atom.expression());
    if (x instanceof BinaryExpression b
        && (b.operator().equals("==") || b.operator().equals("!="))) {
      Optional<String> var = AccessPaths.of(b.left());
      Optional<String> k = constant(b.right());
      if (var.isEmpty() || k.isEmpty() || !tag.constants().containsKey(var.get())) {
        return false;
      }
      boolean equalRequired = b.operator().equals("==") == atom.holds();
      boolean equal = tag.constants().get(var.get()).equals(k.get());
      return equalRequired != equal;
    }
    Optional<String> var = AccessPaths.of(x);
    if (var.isPresent() && tag.constants().containsKey(var.get())) {
      String k = tag.constants().get(var.get());
      boolean zero = k.equals("0") || k.equals("false") || k.equals("NULL");
      return atom.holds() == zero;
    }
    return false;
  }

  /** Drops the paths the atoms prove non-NULL, with every path sharing a source with them. */
  private void prove(List<Conjuncts.Atom> atoms, Map<String, Set<Tag>> cur) {
    for (Conjuncts.Atom a : atoms) {
      for (String p : nonNullPaths(a)) {
        Set<Tag> s = cur.get(p);
        if (s == null) {
          continue;
        }
        Set<CallExpression> proved = sources(s);
        tested.addAll(proved);
        cur.values().forEach(v -> v.removeIf(t -> proved.contains(t.source())));
        cur.values().removeIf(Set::isEmpty);
      }
    }
  }

  /**
   * The access paths an atom proves non-NULL: {@code p} holding, {@code p != NULL} holding, {@code
   * p == NULL} or {@code IS_ERR_OR_NULL(p)} failing, an assignment {@code p = ...} holding, and the
   * condition of {@code WARN_ON(...)} (which returns it).
   */
  public static List<String> nonNullPaths(Conjuncts.Atom atom) {
    Expression x = Matchers.stripBranchHints(atom.expression());
    boolean holds = atom.holds();
    List<String> out = new ArrayList<>();
    if (x instanceof CallExpression c && c.arguments().size() == 1) {
      String name = c.calleeName().orElse("");
      if (name.startsWith("WARN_ON") || name.startsWith("VM_WARN_ON")) {
        for (Conjuncts.Atom inner : Conjuncts.required(c.arguments().get(0), holds)) {
          out.addAll(nonNullPaths(inner));
        }
      } else if (name.equals("IS_ERR_OR_NULL") && !holds) {
        AccessPaths.of(c.arguments().get(0)).ifPresent(out::add);
      }
      return out;
    }
    if (x instanceof AssignExpression a && a.isSimple()) {
      if (holds) {
        AccessPaths.of(a.target()).ifPresent(out::add);
      }
      return out;
    }
    if (x instanceof BinaryExpression b
        && (b.operator().equals("==") || b.operator().equals("!="))) {
      boolean nonNull = b.operator().equals("!=") == holds;
      Expression other =
          Matchers.isNull(b.right()) ? b.left() : Matchers.isNull(b.left()) ? b.right() : null;
      if (other != null && nonNull) {
        Expression o = AccessPaths.strip(other);
        if (o instanceof AssignExpression a && a.isSimple()) {
          AccessPaths.of(a.target()).ifPresent(out::add);
        } else {
          AccessPaths.of(o).ifPresent(out::add);
        }
      }
      return out;
    }
    if (holds) {
      AccessPaths.of(x).ifPresent(out::add);
    }
    return out;
  }
}
