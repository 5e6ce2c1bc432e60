package org.mmreview.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.expr.ArrayAccess;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.SizeofExpression;
import org.mmreview.ast.expr.StatementExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.AsmStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.ast.type.TypeName;

/**
 * What is already known when a test is evaluated, and whether that decides the test: the facts that
 * hold on every path to it and that nothing on the way can have changed.
 *
 * <p>Facts come from three places: the {@link GoverningConditions} of the test (inside {@code if
 * (flags & FOLL_PIN) { ... }} the flag is set; after {@code if (!page) return;} the page is not
 * NULL), the operands the same expression evaluated before it ({@code a && b} evaluates {@code b}
 * only when {@code a} holds, see {@link ShortCircuit}), and dereferences of a pointer on every path
 * to it ({@code vma->vm_start} before {@code if (!vma)}: smatch's "variable dereferenced before
 * check").
 *
 * <p>A fact only counts while its operands cannot have changed, so it is limited to what this
 * function can see change: it must read only parameters and locals whose address is never taken (a
 * global, a {@code volatile}, a value behind {@code READ_ONCE()} or any other call can change
 * between two reads, and a test repeated after a lock is retaken is exactly what {@code
 * check-before-lock} asks for); no point on a path from the fact to the test (without passing the
 * fact again) may assign one of those variables; and a fact that reads through a pointer ({@code
 * vma->vm_flags}) is dropped by any call or store through memory on the way (a lock drop is a
 * call). Dereferences count only where they are evaluated unconditionally: not under {@code &},
 * {@code sizeof}, an operand guarded by {@code &&}/{@code ||}/{@code ?:}, nor in {@code
 * VM_WARN_ON()}-style assertions, which compile to nothing without {@code CONFIG_DEBUG_VM}.
 */
public final class DominatingFacts {
  /** Constants: enumerators and macros, by kernel naming. */
  private static final Pattern CONSTANT = Pattern.compile("[A-Z][A-Z0-9_]*");

  /** Macros whose arguments may not be evaluated at run time. */
  private static final Pattern UNEVALUATED =
      Pattern.compile(
          "typeof|__typeof__|__typeof|offsetof|container_of|BUILD_BUG_ON\\w*|VM_(WARN|BUG)_ON\\w*"
              + "|lockdep_\\w+|__must_be_array|__same_type|ARRAY_SIZE");

  private final Cfg cfg;
  private final Map<String, TypeName> variables;
  private final Set<String> addressTaken = new HashSet<>();
  private final Map<CfgNode, BitSet> forwardCache = new HashMap<>();

  /** Where a fact comes from. */
  public enum Source {
    /** A governing {@code if} condition. */
    CONDITION,
    /** An operand evaluated before, in the same expression. */
    SAME_EXPRESSION,
    /** A dereference of the pointer on every path. */
    DEREFERENCE
  }

  /**
   * A fact: {@code atom} evaluates to {@code holds} (for a dereference: {@code atom} is the
   * pointer, known not NULL); {@code where} is the condition or dereference that established it.
   */
  public record Fact(Expression atom, boolean holds, Source source, Expression where) {}

  /** The value a test is known to have, and the fact that decides it. */
  public record Decision(boolean value, Fact because) {}

  private DominatingFacts(Cfg cfg, Map<String, TypeName> variables) {
    this.cfg = cfg;
    this.variables = variables;
    for (UnaryExpression u :
        cfg.function()
            .body()
            .findAll(UnaryExpression.class, u -> u.operator().equals("&") && !u.isPostfix())) {
      Expression x = AccessPaths.strip(u.operand());
      if (x instanceof Identifier id) {
        addressTaken.add(id.name());
      }
    }
  }

  /** The facts of the function {@code fa} analyses. */
  public static DominatingFacts of(FunctionAnalysis fa) {
    return new DominatingFacts(fa.cfg(), fa.variables());
  }

  /**
   * The leaf tests of a condition: its operands through {@code !}, {@code &&}, {@code ||},
   * parentheses and {@code likely()}/{@code unlikely()}.
   */
  public static List<Expression> leaves(Expression cond) {
    List<Expression> out = new ArrayList<>();
    collectLeaves(cond, out);
    return out;
  }

  private static void collectLeaves(Expression e, List<Expression> out) {
    Expression x = Matchers.stripBranchHints(e);
    if (x instanceof UnaryExpression u && u.operator().equals("!") && !u.isPostfix()) {
      collectLeaves(u.operand(), out);
    } else if (x instanceof BinaryExpression b
        && (b.operator().equals("&&") || b.operator().equals("||"))) {
      collectLeaves(b.left(), out);
      collectLeaves(b.right(), out);
    } else {
      out.add(x);
    }
  }

  /**
   * The value {@code test} (a leaf of a condition) must have where it stands, when the facts
   * holding there decide it; empty when it can go either way or reads what may change.
   */
  public Optional<Decision> decided(Expression test) {
    if (!stable(test) || cfg.pointOf(test).isEmpty()) {
      return Optional.empty();
    }
    // A dereference decides only a NULL test (implies(), and clearedTogether() skips them): for
    // any other test the walk over the function's dereferences is not made.
    List<Fact> facts = factsAt(test, NullTest.of(test).isPresent());
    for (Fact f : facts) {
      Optional<Boolean> v = implies(f, test);
      if (v.isPresent()) {
        return Optional.of(new Decision(v.get(), f));
      }
    }
    return clearedTogether(facts, test);
  }

  /**
   * {@code (flags & (A | B)) == 0} after {@code if (flags & A) return; if (flags & B) return;}:
   * several facts that each clear some of the tested flags, together all of them.
   */
  private static Optional<Decision> clearedTogether(List<Fact> facts, Expression test) {
    Optional<MaskTest> mt = MaskTest.of(test);
    if (mt.isEmpty()) {
      return Optional.empty();
    }
    Set<String> clear = new HashSet<>();
    Fact last = null;
    for (Fact f : facts) {
      Optional<MaskTest> mf = MaskTest.of(f.atom());
      if (f.source() != Source.DEREFERENCE
          && mf.isPresent()
          && mf.get().operand().equals(mt.get().operand())
          && mf.get().nonZeroWhenTrue() != f.holds()
          && mt.get().flags().stream().anyMatch(mf.get().flags()::contains)) {
        clear.addAll(mf.get().flags());
        last = f;
      }
    }
    return last != null && clear.containsAll(mt.get().flags())
        ? Optional.of(new Decision(!mt.get().nonZeroWhenTrue(), last))
        : Optional.empty();
  }

  /**
   * The fact that {@code path} (a parameter or local) is not NULL at {@code at}, when one holds: a
   * dereference on every path, a governing NULL test, or an earlier operand.
   */
  public Optional<Fact> nonNull(String path, Expression at) {
    if (cfg.pointOf(at).isEmpty()) {
      return Optional.empty();
    }
    for (Fact f : factsAt(at)) {
      if (f.source() == Source.DEREFERENCE
          && AccessPaths.of(f.atom()).filter(path::equals).isPresent()) {
        return Optional.of(f);
      }
      Optional<NullTest> n = NullTest.of(f.atom());
      if (n.isPresent() && n.get().path().equals(path) && n.get().nonNullWhenTrue() == f.holds()) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The facts holding whenever {@code at} is evaluated, nearest first where that is known. */
  public List<Fact> factsAt(Expression at) {
    return factsAt(at, true);
  }

  private List<Fact> factsAt(Expression at, boolean withDereferences) {
    List<Fact> out = new ArrayList<>();
    Expression top = Conjuncts.topCondition(at);
    boolean callsInside = !top.findAll(CallExpression.class).isEmpty();
    for (Conjuncts.Atom a : ShortCircuit.atomsHolding(at, null)) {
      if (stable(a.expression()) && !(callsInside && readsMemory(a.expression()))) {
        out.add(new Fact(a.expression(), a.holds(), Source.SAME_EXPRESSION, a.expression()));
      }
    }
    for (GoverningConditions.Governing g : GoverningConditions.of(cfg, at)) {
      if (g.condition() == top) {
        continue;
      }
      for (Conjuncts.Atom a : Conjuncts.required(g.condition(), g.holds())) {
        if (stable(a.expression()) && unchanged(a.expression(), g.condition(), at, false)) {
          out.add(new Fact(a.expression(), a.holds(), Source.CONDITION, g.condition()));
        }
      }
    }
    if (withDereferences) {
      out.addAll(dereferencesBefore(at));
    }
    return out;
  }

  // ---- dereferences

  private List<Fact> dereferencesBefore(Expression at) {
    List<Fact> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    CfgNode atPoint = cfg.pointOf(at).orElseThrow();
    for (Expression d : dereferences()) {
      Optional<String> p = dereferencedVariable(d);
      if (p.isEmpty() || seen.contains(p.get()) || !trackable(p.get())) {
        continue;
      }
      Optional<CfgNode> dp = cfg.pointOf(d);
      if (dp.isEmpty()) {
        continue;
      }
      boolean before =
          dp.get() == atPoint
              ? d.range().isBefore(at.range()) && !at.isAncestorOrSelf(d)
              : cfg.dominates(dp.get(), atPoint);
      if (!before || !ShortCircuit.atomsHolding(d, null).isEmpty()) {
        continue;
      }
      Expression pointer = pointerOfOrNull(d);
      if (dp.get() != atPoint && definesAny(dp.get(), Set.of(p.get()))) {
        continue; // p = p->next: the dereferenced value is not the one tested
      }
      if (dp.get() == atPoint || unchanged(pointer, d, at, false)) {
        seen.add(p.get());
        out.add(new Fact(pointer, true, Source.DEREFERENCE, d));
      }
    }
    return out;
  }

  private List<Expression> derefs;

  /** The dereferences the function evaluates unconditionally where they stand, in source order. */
  private List<Expression> dereferences() {
    if (derefs == null) {
      derefs = new ArrayList<>();
      for (Expression e : cfg.function().body().findAll(Expression.class)) {
        if (dereferencedVariable(e).isPresent() && evaluated(e)) {
          derefs.add(e);
        }
      }
    }
    return derefs;
  }

  /** The variable {@code e} dereferences: {@code p} for {@code p->x} and {@code *p}. */
  private static Optional<String> dereferencedVariable(Expression e) {
    Expression pointer = pointerOfOrNull(e);
    if (pointer != null && AccessPaths.strip(pointer) instanceof Identifier id) {
      return Optional.of(id.name());
    }
    return Optional.empty();
  }

  private static Expression pointerOfOrNull(Expression e) {
    if (e instanceof MemberAccess m && m.isArrow()) {
      return m.object();
    }
    if (e instanceof UnaryExpression u && u.operator().equals("*") && !u.isPostfix()) {
      return u.operand();
    }
    return null;
  }

  /**
   * True when the dereference really reads memory at run time: not an address computation ({@code
   * &p->lock}, {@code &p->a.b[2]}), not inside {@code sizeof}, {@code typeof} or a macro whose
   * arguments may not be evaluated.
   */
  private static boolean evaluated(Expression d) {
    Node cur = d;
    Node p = d.parent().orElse(null);
    while (p instanceof MemberAccess m && !m.isArrow() && m.object() == cur
        || p instanceof ArrayAccess a && a.array() == cur
        || p instanceof ParenExpression) {
      cur = p;
      p = p.parent().orElse(null);
    }
    if (p instanceof UnaryExpression u && u.operator().equals("&") && !u.isPostfix()) {
      return false;
    }
    for (Node a = d.parent().orElse(null); a != null; a = a.parent().orElse(null)) {
      if (a instanceof SizeofExpression || a instanceof StatementExpression) {
        return false;
      }
      if (a instanceof CallExpression c
          && c.calleeName().filter(n -> UNEVALUATED.matcher(n).matches()).isPresent()) {
        return false;
      }
      if (a instanceof Statement) {
        break;
      }
    }
    return true;
  }

  // ---- stability

  /**
   * True when {@code e} reads only constants, parameters and locals (directly or through member
   * accesses), calls nothing and writes nothing: two reads with nothing in between that assigns its
   * variables (or, for reads through a pointer, nothing that calls or stores) give the same value.
   */
  private boolean stable(Expression e) {
    if (!(e.findAll(CallExpression.class).isEmpty()
        && e.findAll(AssignExpression.class).isEmpty()
        && e.findAll(StatementExpression.class).isEmpty()
        && e.findAll(
                UnaryExpression.class, u -> u.operator().equals("++") || u.operator().equals("--"))
            .isEmpty())) {
      return false;
    }
    List<Identifier> ids = e.findAll(Identifier.class);
    if (e instanceof Identifier self) {
      ids = List.of(self);
    }
    boolean readsVariable = false;
    for (Identifier id : ids) {
      if (id.parent().orElse(null) instanceof MemberAccess m && m.object() != id) {
        continue;
      }
      if (CONSTANT.matcher(id.name()).matches() || id.name().equals("NULL")) {
        continue;
      }
      if (!trackable(id.name())) {
        return false;
      }
      readsVariable = true;
    }
    return readsVariable;
  }

  /** A parameter or local, not {@code volatile}, whose address is never taken. */
  private boolean trackable(String name) {
    TypeName t = variables.get(name);
    return t != null && !t.text().contains("volatile") && !addressTaken.contains(name);
  }

  private static boolean readsMemory(Expression e) {
    return !e.findAll(MemberAccess.class, MemberAccess::isArrow).isEmpty()
        || !e.findAll(ArrayAccess.class).isEmpty()
        || !e.findAll(UnaryExpression.class, u -> u.operator().equals("*") && !u.isPostfix())
            .isEmpty()
        || (e instanceof MemberAccess m && m.isArrow());
  }

  /**
   * True when nothing on a path from {@code from} to {@code to} (not passing {@code from} again)
   * can change what {@code atom} reads.
   */
  private boolean unchanged(Expression atom, Node from, Node to, boolean includeFrom) {
    Set<String> vars = new HashSet<>();
    if (atom instanceof Identifier self) {
      vars.add(self.name());
    }
    for (Identifier id : atom.findAll(Identifier.class)) {
      if (!(id.parent().orElse(null) instanceof MemberAccess m && m.object() != id)) {
        vars.add(id.name());
      }
    }
    boolean memory = readsMemory(atom);
    CfgNode a = cfg.pointOf(from).orElseThrow();
    CfgNode b = cfg.pointOf(to).orElseThrow();
    BitSet forward = forwardCache.computeIfAbsent(a, this::forwardFrom);
    BitSet between = backwardTo(b, a);
    between.and(forward);
    for (int i = between.nextSetBit(0); i >= 0; i = between.nextSetBit(i + 1)) {
      CfgNode x = cfg.nodes().get(i);
      if (x == b || (x == a && !includeFrom)) {
        continue;
      }
      if (definesAny(x, vars) || (memory && callsOrStores(x))) {
        return false;
      }
    }
    return true;
  }

  private BitSet forwardFrom(CfgNode a) {
    BitSet seen = new BitSet(cfg.nodes().size());
    Deque<CfgNode> work = new ArrayDeque<>(a.successors());
    while (!work.isEmpty()) {
      CfgNode n = work.pop();
      if (n == a || seen.get(n.index())) {
        continue;
      }
      seen.set(n.index());
      work.addAll(n.successors());
    }
    return seen;
  }

  private BitSet backwardTo(CfgNode b, CfgNode stop) {
    BitSet seen = new BitSet(cfg.nodes().size());
    Deque<CfgNode> work = new ArrayDeque<>(b.predecessors());
    while (!work.isEmpty()) {
      CfgNode n = work.pop();
      if (n == stop || seen.get(n.index())) {
        continue;
      }
      seen.set(n.index());
      work.addAll(n.predecessors());
    }
    return seen;
  }

  /** True when the point assigns, declares, increments or decrements one of {@code vars}. */
  private static boolean definesAny(CfgNode x, Set<String> vars) {
    for (Node root : x.evaluated()) {
      for (Node n : root.stream().toList()) {
        if (n instanceof Declarator d && vars.contains(d.name())) {
          return true;
        }
        Expression target = null;
        if (n instanceof AssignExpression as) {
          target = as.target();
        } else if (n instanceof UnaryExpression u
            && (u.operator().equals("++") || u.operator().equals("--"))) {
          target = u.operand();
        }
        if (target != null && AccessPaths.strip(target) instanceof Identifier id) {
          if (vars.contains(id.name())) {
            return true;
          }
        }
        if (n instanceof CallExpression c && c.callee() instanceof Identifier) {
          // A macro can assign its argument: for_each_*() cursors, swap(a, b), get_user(x, p).
          for (Expression arg : c.arguments()) {
            if (AccessPaths.strip(arg) instanceof Identifier id
                && vars.contains(id.name())
                && c.calleeName().filter(DominatingFacts::mayAssignArguments).isPresent()) {
              return true;
            }
          }
        }
      }
    }
    return x.kind() == CfgNode.Kind.LOOP_HEAD
        && x.evaluated().stream()
            .anyMatch(
                r ->
                    r.stream()
                        .anyMatch(n -> n instanceof Identifier id && vars.contains(id.name())));
  }

  /** Macros that assign an argument given by name: upper-case macros and the user-copy ones. */
  private static boolean mayAssignArguments(String callee) {
    return CONSTANT.matcher(callee).matches()
        || callee.equals("swap")
        || callee.startsWith("get_user")
        || callee.startsWith("__get_user")
        || callee.startsWith("for_each")
        || callee.startsWith("list_for_each");
  }

  /** True when the point calls anything or stores through memory. */
  private static boolean callsOrStores(CfgNode x) {
    for (Node root : x.evaluated()) {
      if (root instanceof AsmStatement) {
        return true;
      }
      for (Node n : root.stream().toList()) {
        if (n instanceof CallExpression) {
          return true;
        }
        if (n instanceof AssignExpression as
            && !(AccessPaths.strip(as.target()) instanceof Identifier)) {
          return true;
        }
        if (n instanceof UnaryExpression u
            && (u.operator().equals("++") || u.operator().equals("--"))
            && !(AccessPaths.strip(u.operand()) instanceof Identifier)) {
          return true;
        }
      }
    }
    return x.kind() == CfgNode.Kind.LOOP_HEAD;
  }

  // ---- implication

  /** The value {@code test} must have when {@code f} holds, if {@code f} decides it. */
  private static Optional<Boolean> implies(Fact f, Expression test) {
    Optional<NullTest> nt = NullTest.of(test);
    if (nt.isPresent()) {
      Optional<Boolean> nonNull = knownNonNull(f, nt.get().path());
      if (nonNull.isPresent()) {
        return Optional.of(nonNull.get() == nt.get().nonNullWhenTrue());
      }
    }
    if (f.source() == Source.DEREFERENCE) {
      return Optional.empty();
    }
    Optional<MaskTest> mt = MaskTest.of(test);
    Optional<MaskTest> mf = MaskTest.of(f.atom());
    if (mt.isPresent() && mf.isPresent() && mt.get().operand().equals(mf.get().operand())) {
      boolean factNonZero = mf.get().nonZeroWhenTrue() == f.holds();
      Set<String> m = mt.get().flags();
      Set<String> n = mf.get().flags();
      if (!factNonZero && n.containsAll(m)) {
        return Optional.of(!mt.get().nonZeroWhenTrue()); // all of the tested flags are clear
      }
      if (factNonZero && m.containsAll(n)) {
        return Optional.of(mt.get().nonZeroWhenTrue()); // one of the tested flags is set
      }
      return Optional.empty();
    }
    Optional<Equality> et = Equality.of(test);
    Optional<Equality> ef = Equality.of(f.atom());
    if (et.isPresent() && ef.isPresent() && et.get().variable().equals(ef.get().variable())) {
      boolean factEqual = ef.get().equalWhenTrue() == f.holds();
      if (et.get().constant().equals(ef.get().constant())) {
        return Optional.of(factEqual == et.get().equalWhenTrue());
      }
      if (factEqual && distinctConstants(et.get().constant(), ef.get().constant())) {
        return Optional.of(!et.get().equalWhenTrue());
      }
      return Optional.empty();
    }
    if (f.atom().compactText().equals(test.compactText())) {
      return Optional.of(f.holds());
    }
    return Relation.of(f.atom())
        .flatMap(
            rf -> Relation.of(test).flatMap(rt -> rt.impliedBy(rf).map(same -> same == f.holds())));
  }

  /** {@code a < b}, {@code a >= b} ... with the operands in a canonical order. */
  record Relation(String left, String op, String right) {
    private static final Map<String, String> SWAPPED =
        Map.of("<", ">", ">", "<", "<=", ">=", ">=", "<=", "==", "==", "!=", "!=");
    private static final Map<String, String> COMPLEMENT =
        Map.of("<", ">=", ">=", "<", ">", "<=", "<=", ">", "==", "!=", "!=", "==");

    static Optional<Relation> of(Expression e) {
      Expression x = Matchers.stripBranchHints(e);
      if (!(x instanceof BinaryExpression b && SWAPPED.containsKey(b.operator()))) {
        return Optional.empty();
      }
      String l = b.left().unparen().compactText();
      String r = b.right().unparen().compactText();
      return Optional.of(
          l.compareTo(r) <= 0
              ? new Relation(l, b.operator(), r)
              : new Relation(r, SWAPPED.get(b.operator()), l));
    }

    /**
     * Whether this relation has the value of {@code other} (true) or its opposite (false), when
     * both compare the same operands with the same or the complementary operator.
     */
    Optional<Boolean> impliedBy(Relation other) {
      if (!left.equals(other.left) || !right.equals(other.right)) {
        return Optional.empty();
      }
      if (op.equals(other.op)) {
        return Optional.of(true);
      }
      return COMPLEMENT.get(op).equals(other.op) ? Optional.of(false) : Optional.empty();
    }
  }

  private static Optional<Boolean> knownNonNull(Fact f, String path) {
    if (f.source() == Source.DEREFERENCE) {
      return AccessPaths.of(f.atom()).filter(path::equals).map(p -> true);
    }
    return NullTest.of(f.atom())
        .filter(n -> n.path().equals(path))
        .map(n -> n.nonNullWhenTrue() == f.holds());
  }

  /** Two integer literals of different values, or two different upper-case constants. */
  private static boolean distinctConstants(String a, String b) {
    try {
      return Long.decode(a.replaceAll("[uUlL]+$", "")).longValue()
          != Long.decode(b.replaceAll("[uUlL]+$", "")).longValue();
    } catch (NumberFormatException e) {
      return false; // two macros may share a value (FOO_NONE == 0 == FOO_DEFAULT): not decided
    }
  }

  /** {@code p}, {@code p != NULL} (true when not NULL) or {@code p == NULL} (true when NULL). */
  record NullTest(String path, boolean nonNullWhenTrue) {
    static Optional<NullTest> of(Expression e) {
      Expression x = Matchers.stripBranchHints(e);
      if (x instanceof BinaryExpression b
          && (b.operator().equals("==") || b.operator().equals("!="))) {
        // x == 0 on an integer is an equality; only NULL makes it a pointer test.
        Expression other =
            isNullName(b.right()) ? b.left() : isNullName(b.left()) ? b.right() : null;
        if (other == null) {
          return Optional.empty();
        }
        return AccessPaths.of(other).map(p -> new NullTest(p, b.operator().equals("!=")));
      }
      if (x instanceof Identifier || x instanceof MemberAccess) {
        return AccessPaths.of(x).map(p -> new NullTest(p, true));
      }
      return Optional.empty();
    }
  }

  private static boolean isNullName(Expression e) {
    return AccessPaths.strip(e) instanceof Identifier id && id.name().equals("NULL");
  }

  /**
   * {@code x & (A | B)} (true when a flag is set), {@code (x & M) == 0} (true when all are clear)
   * or {@code (x & M) != 0}; the flags are upper-case constants.
   */
  record MaskTest(String operand, Set<String> flags, boolean nonZeroWhenTrue) {
    static Optional<MaskTest> of(Expression e) {
      Expression x = Matchers.stripBranchHints(e);
      if (x instanceof BinaryExpression b
          && (b.operator().equals("==") || b.operator().equals("!="))
          && b.right().unparen() instanceof Literal l
          && l.value().equals("0")) {
        return and(b.left().unparen(), b.operator().equals("!="));
      }
      return and(x, true);
    }

    private static Optional<MaskTest> and(Expression e, boolean nonZero) {
      if (!(e instanceof BinaryExpression b && b.operator().equals("&"))) {
        return Optional.empty();
      }
      for (int side = 0; side < 2; side++) {
        Expression value = side == 0 ? b.left() : b.right();
        Expression mask = side == 0 ? b.right() : b.left();
        Set<String> flags = new LinkedHashSet<>();
        Optional<String> operand = AccessPaths.of(value);
        if (operand.isPresent() && flags(mask, flags)) {
          return Optional.of(new MaskTest(operand.get(), flags, nonZero));
        }
      }
      return Optional.empty();
    }

    private static boolean flags(Expression e, Set<String> out) {
      Expression x = AccessPaths.strip(e);
      if (x instanceof Identifier id && CONSTANT.matcher(id.name()).matches()) {
        out.add(id.name());
        return true;
      }
      return x instanceof BinaryExpression b
          && b.operator().equals("|")
          && flags(b.left(), out)
          && flags(b.right(), out);
    }
  }

  /** {@code v == C} or {@code v != C} with {@code C} an integer literal or upper-case constant. */
  record Equality(String variable, String constant, boolean equalWhenTrue) {
    static Optional<Equality> of(Expression e) {
      Expression x = Matchers.stripBranchHints(e);
      if (!(x instanceof BinaryExpression b
          && (b.operator().equals("==") || b.operator().equals("!=")))) {
        return Optional.empty();
      }
      for (int side = 0; side < 2; side++) {
        Expression v = side == 0 ? b.left() : b.right();
        Expression c = AccessPaths.strip(side == 0 ? b.right() : b.left());
        Optional<String> path = AccessPaths.of(v);
        boolean constant =
            c instanceof Literal l && l.literalKind() == Literal.Kind.INT
                || c instanceof Identifier id && CONSTANT.matcher(id.name()).matches();
        if (path.isPresent() && constant && !Matchers.isNull(c)) {
          return Optional.of(new Equality(path.get(), c.compactText(), b.operator().equals("==")));
        }
      }
      return Optional.empty();
    }
  }
}
