package org.mmreview.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.ast.type.TypeName;

/**
 * Where a function's return-code variable ({@code ret}, {@code err}: a local integer returned by
 * {@code return ret;}) surely holds a success value: a forward must-analysis over the {@link Cfg}
 * on the {@link DefUse} definitions, made path-sensitive by the tests of the variable. A definition
 * of the variable to a literal {@code >= 0} (the initialiser {@code int ret = 0;}, {@code ret =
 * 0;}) makes it a success; any other definition (a call's result, an errno, {@code &ret} passed to
 * a call) makes it unknown; the outcome of a test of the variable that says success ({@code if
 * (ret) goto out;} falling through, {@code ret < 0} false) makes it a success again.
 *
 * <p>{@link #unsetCodes()} are the failure jumps ({@code if (!page) goto out;}) to a label whose
 * code returns the variable unchanged while it still holds success: the function reports success on
 * a failure.
 */
public final class SuccessCodes {
  /**
   * A failure jump that returns success: the goto, the label's return, the variable and what it
   * holds ({@code 0}, or "a success value" when the paths disagree on which).
   */
  public record UnsetCode(
      GotoStatement jump, ReturnStatement labelReturn, String variable, String value) {}

  /** The must-state of one variable: unknown, or a success described by its value. */
  private static final String UNKNOWN = "";

  private static final String SUCCESS = "a success value";

  private final Cfg cfg;
  private final DefUse defUse;
  private final Set<String> codes = new LinkedHashSet<>();
  private final Map<CfgNode, List<Definition>> defsAt = new HashMap<>();
  private final Map<CfgNode, Map<String, String>> in = new HashMap<>();

  private SuccessCodes(DefUse defUse) {
    this.defUse = defUse;
    this.cfg = defUse.cfg();
    for (ReturnStatement r : cfg.function().body().findAll(ReturnStatement.class)) {
      r.value().flatMap(AccessPaths::of).filter(this::isCodeVariable).ifPresent(codes::add);
    }
    if (codes.isEmpty()) {
      return;
    }
    for (Definition d : defUse.definitions()) {
      if (codes.contains(d.target()) && d.kind() != Definition.Kind.PARAMETER) {
        cfg.pointOf(d.node())
            .ifPresent(p -> defsAt.computeIfAbsent(p, k -> new ArrayList<>()).add(d));
      }
    }
    defsAt
        .values()
        .forEach(l -> l.sort(Comparator.comparingInt(d -> d.node().range().beginOffset())));
    solve();
  }

  /** The success-code analysis of {@code defUse}'s function. */
  public static SuccessCodes of(DefUse defUse) {
    return new SuccessCodes(defUse);
  }

  /** A local (not a parameter) of integer type, other than bool. */
  private boolean isCodeVariable(String name) {
    TypeName t = defUse.variables().get(name);
    if (t == null
        || t.isPointer()
        || t.isArray()
        || t.isRecord()
        || cfg.function().parameterIndex(name) >= 0) {
      return false;
    }
    String base = t.baseName();
    return base.matches(
        "(unsigned |signed )?(int|long|long long|short)|ssize_t|long int|s32|s64|int32_t");
  }

  // ---- the flow

  private void solve() {
    Map<String, String> start = new HashMap<>();
    codes.forEach(c -> start.put(c, UNKNOWN));
    ForwardFlow.solve(
        cfg.entry(),
        start,
        this::transfer,
        this::onEdge,
        (old, edge) -> old == null ? edge : meet(old, edge),
        in,
        null);
  }

  private static Map<String, String> meet(Map<String, String> a, Map<String, String> b) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> e : a.entrySet()) {
      String other = b.getOrDefault(e.getKey(), UNKNOWN);
      String v = e.getValue();
      out.put(
          e.getKey(),
          v.equals(UNKNOWN) || other.equals(UNKNOWN) ? UNKNOWN : v.equals(other) ? v : SUCCESS);
    }
    return out;
  }

  private Map<String, String> transfer(CfgNode n, Map<String, String> state) {
    List<Definition> defs = defsAt.get(n);
    if (defs == null) {
      return state;
    }
    Map<String, String> cur = new HashMap<>(state);
    for (Definition d : defs) {
      cur.put(d.target(), successLiteral(d).orElse(UNKNOWN));
    }
    return cur;
  }

  /** The literal {@code >= 0} a plain assignment or initialiser gives. */
  private static Optional<String> successLiteral(Definition d) {
    if (d.kind() != Definition.Kind.DECLARATION && d.kind() != Definition.Kind.ASSIGNMENT) {
      return Optional.empty();
    }
    if (d.kind() == Definition.Kind.ASSIGNMENT
        && !(d.node() instanceof AssignExpression a && a.isSimple())) {
      return Optional.empty();
    }
    return d.value()
        .map(AccessPaths::strip)
        .filter(v -> v instanceof Literal l && l.literalKind() == Literal.Kind.INT)
        .map(v -> ((Literal) v).value());
  }

  private Map<String, String> onEdge(CfgNode n, CfgNode s, Map<String, String> state) {
    Optional<Expression> cond = BranchEdges.condition(n);
    Optional<Boolean> value = BranchEdges.outcome(n, s);
    if (cond.isEmpty() || value.isEmpty()) {
      return state;
    }
    Map<String, String> cur = state;
    for (String v : codes) {
      Optional<Boolean> ok = saysSuccess(cond.get(), value.get(), v);
      if (ok.isPresent()) {
        if (cur == state) {
          cur = new HashMap<>(state);
        }
        String was = cur.get(v);
        cur.put(v, ok.get() ? (was.equals(UNKNOWN) ? SUCCESS : was) : UNKNOWN);
      }
    }
    return cur;
  }

  /**
   * Whether {@code cond} having {@code value} says {@code var} holds success (0 or more) or not;
   * empty when it does not test {@code var} alone.
   */
  private static Optional<Boolean> saysSuccess(Expression cond, boolean value, String var) {
    Expression x = AccessPaths.strip(Matchers.stripBranchHints(cond));
    if (AccessPaths.of(x).filter(var::equals).isPresent()) {
      return Optional.of(!value);
    }
    if (x instanceof UnaryExpression u && u.operator().equals("!")) {
      return saysSuccess(u.operand(), !value, var);
    }
    if (x instanceof BinaryExpression b) {
      if (b.operator().equals("||") && !value) {
        return firstPresent(saysSuccess(b.left(), false, var), saysSuccess(b.right(), false, var));
      }
      if (b.operator().equals("&&") && value) {
        return firstPresent(saysSuccess(b.left(), true, var), saysSuccess(b.right(), true, var));
      }
      if (AccessPaths.of(b.left()).filter(var::equals).isPresent()
          && AccessPaths.strip(b.right()) instanceof Literal l
          && l.value().equals("0")) {
        return switch (b.operator()) {
          case "<", "!=" -> Optional.of(!value);
          case ">=", "==" -> Optional.of(value);
          default -> Optional.empty();
        };
      }
    }
    return Optional.empty();
  }

  private static Optional<Boolean> firstPresent(Optional<Boolean> a, Optional<Boolean> b) {
    return a.isPresent() ? a : b;
  }

  // ---- the findings

  /**
   * The failure jumps (a {@code goto} ending a branch that a failure test guards, {@link
   * ErrorExits#isFailureExit}) to a label from which every path returns the code variable without
   * assigning it, taken while the variable surely holds success, when another failure jump to the
   * same label carries an error in it (the label is the function's error exit).
   */
  public List<UnsetCode> unsetCodes() {
    List<UnsetCode> out = new ArrayList<>();
    if (codes.isEmpty()) {
      return out;
    }
    Set<GotoStatement> backward = new HashSet<>(cfg.backwardGotos());
    for (CfgNode n : cfg.nodes()) {
      if (!(n.ast().orElse(null) instanceof GotoStatement g)
          || backward.contains(g)
          || !ErrorExits.isFailureExit(g)) {
        continue;
      }
      Map<String, String> state = in.get(n);
      if (state == null || !strongFailure(g)) {
        continue;
      }
      Optional<ReturnStatement> ret = labelReturn(g.label());
      if (ret.isEmpty()) {
        continue;
      }
      String v = AccessPaths.of(ret.get().value().orElseThrow()).orElseThrow();
      String held = state.getOrDefault(v, UNKNOWN);
      if (held.equals(UNKNOWN) || assignsIn(g, v) || !errorArrives(g, ret.get(), v)) {
        continue;
      }
      out.add(new UnsetCode(g, ret.get(), v, held));
    }
    return out;
  }

  /** The statements of the block that ends with {@code g} (just {@code g} when bare). */
  private static List<Statement> branch(GotoStatement g) {
    return g.parent().orElse(null) instanceof Block b ? b.statements() : List.of(g);
  }

  /** The {@code if} whose then-branch ends with {@code g}. */
  private static Optional<IfStatement> guard(GotoStatement g) {
    Node p = g.parent().orElse(null);
    Node branch = g;
    if (p instanceof Block b) {
      branch = b;
      p = b.parent().orElse(null);
    }
    return p instanceof IfStatement i && i.thenStatement() == branch
        ? Optional.of(i)
        : Optional.empty();
  }

  /** True when the branch of {@code g} assigns {@code v} (a deliberate code, whatever it is). */
  private static boolean assignsIn(GotoStatement g, String v) {
    return assignmentsTo(g, v).findAny().isPresent();
  }

  /** True when the branch of {@code g} assigns an errno to {@code v}. */
  private static boolean assignsErrno(GotoStatement g, String v) {
    return assignmentsTo(g, v)
        .anyMatch(
            a -> ErrorExits.errorValue(a.value()).filter(x -> !(x instanceof Literal)).isPresent());
  }

  /** The statements of the branch of {@code g} that assign to {@code v}. */
  private static Stream<AssignExpression> assignmentsTo(GotoStatement g, String v) {
    return branch(g).stream()
        .flatMap(
            st ->
                st instanceof ExpressionStatement es
                        && es.expression().unparen() instanceof AssignExpression a
                        && AccessPaths.of(a.target()).filter(v::equals).isPresent()
                    ? Stream.of(a)
                    : Stream.empty());
  }

  /**
   * True when {@code g} follows a failure no one means as success: a NULL or {@code IS_ERR} test of
   * a local assigned from a call, a negative call result, another error variable, or a branch that
   * stores an errno in some other variable. {@code if (!pred(x)) goto out;} (a predicate, so often
   * a quiet "nothing to do") is not one.
   */
  private boolean strongFailure(GotoStatement g) {
    for (Statement st : branch(g)) {
      if (st instanceof ExpressionStatement es
          && es.expression().unparen() instanceof AssignExpression a
          && ErrorExits.errorValue(a.value()).filter(x -> !(x instanceof Literal)).isPresent()) {
        return true;
      }
    }
    return guard(g).map(i -> strongTest(i.condition())).orElse(false);
  }

  private boolean strongTest(Expression cond) {
    Expression x = AccessPaths.strip(Matchers.stripBranchHints(cond));
    if (x instanceof BinaryExpression b && b.operator().equals("||")) {
      return strongTest(b.left()) || strongTest(b.right());
    }
    if (x instanceof UnaryExpression u && u.operator().equals("!")) {
      return assignedFromCall(AccessPaths.strip(u.operand()));
    }
    if (x instanceof CallExpression c
        && c.calleeName()
            .filter(n -> n.equals("IS_ERR") || n.equals("IS_ERR_OR_NULL"))
            .isPresent()) {
      return c.argument(0).map(AccessPaths::strip).map(this::assignedFromCall).orElse(false);
    }
    if (x instanceof BinaryExpression b
        && b.operator().equals("==")
        && Matchers.isNull(b.right())
        && !(AccessPaths.strip(b.right()) instanceof Literal)) {
      return assignedFromCall(AccessPaths.strip(b.left()));
    }
    if (x instanceof BinaryExpression b
        && b.operator().equals("<")
        && AccessPaths.strip(b.right()) instanceof Literal l
        && l.value().equals("0")) {
      Expression left = AccessPaths.strip(b.left());
      return left instanceof CallExpression || isOtherCode(left);
    }
    return isOtherCode(x);
  }

  /** A local error variable that is not a returned code: {@code rc} when the label returns ret. */
  private boolean isOtherCode(Expression x) {
    return x instanceof Identifier id
        && !codes.contains(id.name())
        && defUse.isVariable(id.name())
        && id.name().matches("(err|error|ret|rc|retval|res)[0-9]*");
  }

  /** A local pointer given a call's result somewhere in the function. */
  private boolean assignedFromCall(Expression x) {
    Optional<String> path = AccessPaths.of(x);
    if (path.isEmpty() || !defUse.isVariable(AccessPaths.root(path.get()))) {
      return false;
    }
    return defUse.definitionsOf(path.get()).stream()
        .anyMatch(
            d ->
                d.value()
                    .map(AccessPaths::strip)
                    .filter(CallExpression.class::isInstance)
                    .isPresent());
  }

  /**
   * The one return every path from the label reaches, when it returns a code variable that no
   * statement on the way assigns.
   */
  private Optional<ReturnStatement> labelReturn(String label) {
    Optional<CfgNode> start = cfg.label(label);
    if (start.isEmpty()) {
      return Optional.empty();
    }
    Set<CfgNode> seen = new HashSet<>();
    Deque<CfgNode> work = new ArrayDeque<>(List.of(start.get()));
    ReturnStatement found = null;
    while (!work.isEmpty()) {
      CfgNode p = work.poll();
      if (!seen.add(p)) {
        continue;
      }
      if (p == cfg.exit() || p.ast().orElse(null) instanceof GotoStatement) {
        return Optional.empty();
      }
      if (defsAt.containsKey(p)) {
        return Optional.empty(); // the label's code sets the code itself
      }
      if (p.ast().orElse(null) instanceof ReturnStatement r) {
        Optional<String> v = r.value().flatMap(AccessPaths::of).filter(codes::contains);
        if (v.isEmpty() || found != null && found != r) {
          return Optional.empty();
        }
        found = r;
        continue;
      }
      work.addAll(p.successors());
    }
    return Optional.ofNullable(found);
  }

  /**
   * True when another failure jump whose label leads to the same return carries an error in {@code
   * v} ({@code v} not surely success there): that return is the function's error exit.
   */
  private boolean errorArrives(GotoStatement g, ReturnStatement r, String v) {
    for (CfgNode n : cfg.nodes()) {
      if (n.ast().orElse(null) instanceof GotoStatement other
          && other != g
          && ErrorExits.isFailureExit(other)
          && (other.label().equals(g.label())
              || labelReturn(other.label()).filter(x -> x == r).isPresent())) {
        boolean testsCode =
            guard(other)
                .map(i -> saysSuccess(i.condition(), true, v).filter(ok -> !ok).isPresent())
                .orElse(false);
        if (assignsErrno(other, v) || testsCode) {
          return true;
        }
      }
    }
    return false;
  }

  /** The label statement of a goto, for messages. */
  public Optional<LabeledStatement> target(GotoStatement g) {
    return cfg.target(g);
  }
}
