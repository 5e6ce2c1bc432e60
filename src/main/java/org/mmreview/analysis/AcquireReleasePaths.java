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
import java.util.regex.Pattern;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
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
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.kernel.UndoPairTable;
import org.mmreview.kernel.UndoPairTable.Pair;
import org.mmreview.kernel.UndoPairTable.Result;

/**
 * What a function takes that a failing path must give back ({@link UndoPairTable}: a reservation, a
 * charge, a reference, an allocation), followed along its CFG paths, and the exits where it is
 * still held although the function's own other exits give it back: smatch's "unwind" check.
 *
 * <p>The state is a forward may-analysis over the {@link Cfg}: a set of held acquires, each
 * <em>confirmed</em> or not. An acquire that cannot fail is confirmed at once; one that can is
 * confirmed on the outcome of the first test of its result that means success ({@code if (!p)},
 * {@code if (ret)}, {@code if (IS_ERR(p))}, {@code if (!folio_try_get(f))}) and dropped on the
 * other, the path sensitivity that keeps {@code if (!p) return -ENOMEM;} silent. An undo drops the
 * held acquires of its pair with the same object (or, when none has it, all of the pair); so does
 * handing the object on: storing it ({@code vmf->page = page}, {@code *out = p}), returning it,
 * passing it to a call that keeps it ({@code list_add()}, {@code list_move()}; one whose result is
 * stored, such as {@code err = kobject_init_and_add(...)}, only on the outcome of the test that
 * says it succeeded), or assigning its variable anew (the analysis loses track; it never guesses).
 *
 * <p>A same-file helper all of whose returns are the result of one pointer acquire ({@code return
 * alloc_page(gfp);}) acquires too.
 */
public final class AcquireReleasePaths {
  /**
   * Calls that keep an object passed to them: added to a list, tree, array, page cache or page
   * table. Passing the object to one hands it on, so no undo is owed by this function any more.
   */
  private static final Pattern KEEPS =
      Pattern.compile(
          "(.*_)?(add|insert|install|store|attach|link|push|enqueue|queue|register|replace|"
              + "splice|move|transfer)(_.*)?");

  /** One acquire call: its pair, the object text it takes (empty when matched by call alone). */
  public record Acquire(CallExpression call, Pair pair, String object, String api) {
    @Override
    public String toString() {
      return api + "(" + object + ")@" + call.range().beginLine();
    }
  }

  /** An undo call and the pairs it undoes. */
  public record Undo(CallExpression call, String api) {}

  /**
   * An exit that leaves with {@code acquire} held, and the undo the function makes of it on another
   * exit of the same kind ({@code undoElsewhere}, before {@code siblingExit}).
   */
  public record Gap(Statement exit, Acquire acquire, Undo undoElsewhere, Statement siblingExit) {}

  /**
   * An acquire that may be held, whether a test confirmed it, and the variable holding the result
   * of a keeper it was passed to ({@code err = xa_insert(..., p, ...)}): handed on once a test of
   * that variable says the keeper succeeded.
   */
  private record Held(Acquire acquire, boolean confirmed, String pendingKeeper) {
    Held(Acquire acquire, boolean confirmed) {
      this(acquire, confirmed, "");
    }
  }

  private final Cfg cfg;
  private final UndoPairTable table;
  private final List<Acquire> acquires = new ArrayList<>();
  private final List<Undo> undos = new ArrayList<>();
  private final Map<CfgNode, Set<Held>> in = new HashMap<>();
  private final Map<CfgNode, Set<Held>> out = new HashMap<>();

  private AcquireReleasePaths(Cfg cfg, SameFileHelpers helpers, UndoPairTable table) {
    this.cfg = cfg;
    this.table = table;
    FunctionDefinition fn = cfg.function();
    // the parameters and locals, collected on the first acquire (most functions make none)
    Set<String> locals = new HashSet<>();
    for (CallExpression c : fn.body().findAll(CallExpression.class)) {
      String name = c.calleeName().orElse("");
      Optional<Pair> pair = table.acquiring(name).or(() -> helperAcquire(c, helpers));
      if (pair.isPresent()) {
        if (locals.isEmpty()) {
          fn.parameters().forEach(p -> p.name().ifPresent(locals::add));
          fn.body().findAll(Declarator.class).forEach(d -> locals.add(d.name()));
        }
        // A result stored straight into a global or a struct is handed on at once.
        objectOf(c, pair.get())
            .filter(o -> !pair.get().objectIsResult() || locals.contains(o))
            .ifPresent(o -> acquires.add(new Acquire(c, pair.get(), o, name)));
      } else if (table.undoesSome(name)) {
        undos.add(new Undo(c, name));
      }
    }
    if (!acquires.isEmpty()) {
      solve();
    }
  }

  /** The acquire paths of {@code cfg}'s function with the shipped table. */
  public static AcquireReleasePaths of(Cfg cfg, SameFileHelpers helpers) {
    return new AcquireReleasePaths(cfg, helpers, UndoPairTable.defaults());
  }

  public static AcquireReleasePaths of(Cfg cfg, SameFileHelpers helpers, UndoPairTable table) {
    return new AcquireReleasePaths(cfg, helpers, table);
  }

  public List<Acquire> acquires() {
    return List.copyOf(acquires);
  }

  public List<Undo> undos() {
    return List.copyOf(undos);
  }

  /** A same-file helper whose every return is a pointer acquire's result is that acquire. */
  private Optional<Pair> helperAcquire(CallExpression c, SameFileHelpers helpers) {
    Optional<FunctionDefinition> h = helpers.resolve(c);
    if (h.isEmpty() || h.get() == cfg.function()) {
      return Optional.empty();
    }
    List<Expression> values = SameFileHelpers.returnedValues(h.get());
    Optional<Pair> found = Optional.empty();
    for (Expression v : values) {
      if (!(v instanceof CallExpression inner)) {
        return Optional.empty();
      }
      Optional<Pair> p = table.acquiring(inner.calleeName().orElse(""));
      if (p.isEmpty() || !p.get().objectIsResult() || found.isPresent() && found.get() != p.get()) {
        return Optional.empty();
      }
      found = p;
    }
    return found;
  }

  /** The object an acquire takes; empty when it cannot be followed (a result not stored). */
  private static Optional<String> objectOf(CallExpression c, Pair pair) {
    if (pair.object() == UndoPairTable.NO_OBJECT) {
      return Optional.of("");
    }
    if (pair.objectIsResult()) {
      String v = resultOf(c);
      return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
    return c.argument(pair.object()).map(a -> a.text().replaceFirst("^&\\s*", "").strip());
  }

  /** The variable a call's result is stored in ({@code p = kmalloc(...)}), or empty. */
  private static String resultOf(CallExpression c) {
    Node p = c.parent().orElse(null);
    while (p instanceof Expression e
        && !(p instanceof AssignExpression)
        && AccessPaths.strip(e) != e) {
      p = p.parent().orElse(null);
    }
    if (p instanceof AssignExpression as && as.operator().equals("=")) {
      return AccessPaths.of(as.target()).orElse("");
    }
    return p instanceof Declarator d ? d.name() : "";
  }

  // ---- the flow

  private void solve() {
    ForwardFlow.solve(
        cfg.entry(), Set.of(), this::transfer, this::onEdge, ForwardFlow::union, in, out);
  }

  /** The calls and stores evaluated at {@code n}, in source order, applied to {@code held}. */
  private Set<Held> transfer(CfgNode n, Set<Held> held) {
    Set<Held> cur = new LinkedHashSet<>(held);
    List<Node> steps = new ArrayList<>();
    for (Node root : n.evaluated()) {
      root.stream()
          .filter(
              x ->
                  x instanceof CallExpression
                      || x instanceof AssignExpression
                      || x instanceof Declarator
                      || x instanceof ReturnStatement)
          .forEach(steps::add);
    }
    // Inner calls first (an argument before the call taking it), then in source order.
    steps.sort(
        Comparator.comparingInt((Node x) -> x.range().endOffset())
            .thenComparingInt(x -> -x.range().beginOffset()));
    for (Node x : steps) {
      if (x instanceof CallExpression c) {
        Optional<Acquire> a = acquires.stream().filter(q -> q.call() == c).findFirst();
        if (a.isPresent()) {
          cur.removeIf(h -> h.acquire() == a.get());
          cur.add(new Held(a.get(), a.get().pair().result() == Result.NONE));
          continue;
        }
        Optional<Undo> u = undos.stream().filter(q -> q.call() == c).findFirst();
        if (u.isPresent()) {
          undo(cur, u.get());
          continue;
        }
        if (c.calleeName().filter(name -> KEEPS.matcher(name).matches()).isPresent()) {
          // A keeper whose result is stored may have failed and kept nothing: handed on when a
          // test of the result says it succeeded.
          String result = resultOf(c);
          List<Held> passed = cur.stream().filter(h -> passes(c, h.acquire())).toList();
          cur.removeAll(passed);
          if (!result.isEmpty()) {
            passed.forEach(h -> cur.add(new Held(h.acquire(), h.confirmed(), result)));
          }
        }
      } else if (x instanceof AssignExpression as) {
        String target = AccessPaths.of(as.target()).orElse(as.target().text());
        boolean stored = !(AccessPaths.strip(as.target()) instanceof Identifier);
        cur.removeIf(
            h ->
                !h.acquire().object().isEmpty()
                    && (isObject(as.value(), h.acquire())
                        || stored && isAlias(as.value(), h.acquire())
                        || target.equals(h.acquire().object())
                            && !as.isAncestorOrSelf(h.acquire().call())));
      } else if (x instanceof Declarator d) {
        cur.removeIf(
            h ->
                d.name().equals(h.acquire().object()) && !d.isAncestorOrSelf(h.acquire().call())
                    || d.initializer().filter(v -> isObject(v, h.acquire())).isPresent());
      } else if (x instanceof ReturnStatement r && r.value().isPresent()) {
        cur.removeIf(h -> mentionsObject(r.value().get(), h.acquire()));
      }
    }
    return cur;
  }

  private void undo(Set<Held> cur, Undo u) {
    List<Held> ofPair =
        cur.stream().filter(h -> h.acquire().pair().undo().contains(u.api())).toList();
    List<Held> exact = ofPair.stream().filter(h -> undoes(u, h.acquire())).toList();
    cur.removeAll(exact.isEmpty() ? ofPair : exact);
  }

  /** True when {@code u} names {@code a}'s object among its arguments (or the pair has none). */
  private static boolean undoes(Undo u, Acquire a) {
    if (a.object().isEmpty()) {
      return true;
    }
    return u.call().arguments().stream().anyMatch(arg -> namesObject(arg, a.object()));
  }

  private static boolean namesObject(Expression arg, String object) {
    Expression x = AccessPaths.strip(arg);
    if (x instanceof UnaryExpression un && un.operator().equals("&")) {
      x = AccessPaths.strip(un.operand());
    }
    String path = AccessPaths.of(x).orElse(x.text());
    return path.equals(object) || AccessPaths.extendsPath(path, object);
  }

  /** True when the object is passed to {@code c} itself or by address of one of its fields. */
  private static boolean passes(CallExpression c, Acquire a) {
    return !a.object().isEmpty()
        && c.arguments().stream().anyMatch(arg -> namesObject(arg, a.object()));
  }

  /**
   * True when {@code v} names what a pointer acquire was given ({@code page} in {@code folio =
   * try_grab_folio_fast(page, ...)}): storing it ({@code pages[i] = page}) hands on the same
   * reference.
   */
  private static boolean isAlias(Expression v, Acquire a) {
    Optional<String> path = AccessPaths.of(v);
    return a.pair().objectIsResult()
        && path.isPresent()
        && a.call().arguments().stream()
            .anyMatch(arg -> AccessPaths.of(arg).filter(path.get()::equals).isPresent());
  }

  private static boolean isObject(Expression v, Acquire a) {
    return AccessPaths.of(v).filter(a.object()::equals).isPresent();
  }

  private static boolean mentionsObject(Expression v, Acquire a) {
    return !a.object().isEmpty()
        && v.stream()
            .anyMatch(
                x ->
                    x instanceof Expression e
                        && AccessPaths.of(e).filter(a.object()::equals).isPresent());
  }

  /** The state along {@code n -> s}: the acquires tested at {@code n} settle. */
  private Set<Held> onEdge(CfgNode n, CfgNode s, Set<Held> held) {
    Optional<Expression> cond = BranchEdges.condition(n);
    if (cond.isEmpty()) {
      return held;
    }
    Optional<Boolean> value = BranchEdges.outcome(n, s);
    Set<Held> result = new LinkedHashSet<>();
    for (Held h : held) {
      Acquire a = h.acquire();
      if (value.isPresent() && !a.object().isEmpty() && impliesNull(cond.get(), value.get(), a)) {
        continue; // the object is NULL on this edge: nothing is held
      }
      if (value.isPresent() && !value.get() && guardedBySame(a, cond.get())) {
        continue; // `if (map_chg) get(); ... if (map_chg) put();`: not taken on this edge
      }
      if (!h.pendingKeeper().isEmpty() && value.isPresent()) {
        Optional<Boolean> kept = statusSucceeded(cond.get(), value.get(), h.pendingKeeper());
        if (kept.isPresent()) {
          if (!kept.get()) {
            result.add(new Held(a, h.confirmed()));
          }
          continue; // handed on when the keeper succeeded
        }
      }
      if (h.confirmed() || !mentions(cond.get(), a)) {
        result.add(h);
      } else if (value.isPresent() && impliesSuccess(cond.get(), value.get(), a)) {
        result.add(new Held(a, true));
      }
    }
    return result;
  }

  /**
   * True when {@code cond} is the same test (by text) as the {@code if} that guards the acquire
   * {@code a}, and not the test of its result: the acquire was not made on its false outcome.
   */
  private static boolean guardedBySame(Acquire a, Expression cond) {
    if (mentions(cond, a)) {
      return false; // a test of its result (`if (!page) { page = alloc(); if (!page) ...`)
    }
    String text = cond.compactText();
    for (Node p = a.call().parent().orElse(null); p != null; p = p.parent().orElse(null)) {
      if (p instanceof IfStatement i
          && i.thenStatement().isAncestorOrSelf(a.call())
          && i.condition().compactText().equals(text)) {
        return true;
      }
      if (p instanceof FunctionDefinition) {
        break;
      }
    }
    return false;
  }

  /**
   * Whether {@code cond} having {@code value} says the call whose status is in {@code var}
   * succeeded (0 or positive) or failed; empty when the condition does not test {@code var}.
   */
  private static Optional<Boolean> statusSucceeded(Expression cond, boolean value, String var) {
    Expression x = AccessPaths.strip(Matchers.stripBranchHints(cond));
    if (AccessPaths.of(x).filter(var::equals).isPresent()) {
      return Optional.of(!value);
    }
    if (x instanceof UnaryExpression u && u.operator().equals("!")) {
      return statusSucceeded(u.operand(), !value, var);
    }
    if (x instanceof BinaryExpression b
        && isZero(b.right())
        && AccessPaths.of(b.left()).filter(var::equals).isPresent()) {
      return switch (b.operator()) {
        case "<", "!=" -> Optional.of(!value);
        case ">=", "==" -> Optional.of(value);
        default -> Optional.empty();
      };
    }
    return Optional.empty();
  }

  private static boolean mentions(Expression cond, Acquire a) {
    if (cond.isAncestorOrSelf(a.call())) {
      return true;
    }
    String v = resultOf(a.call());
    return !v.isEmpty()
        && cond.stream()
            .anyMatch(
                x -> x instanceof Expression e && AccessPaths.of(e).filter(v::equals).isPresent());
  }

  private static boolean isResult(Expression x, Acquire a) {
    if (x == a.call()) {
      return true;
    }
    if (x instanceof AssignExpression as && AccessPaths.strip(as.value()) == a.call()) {
      return true;
    }
    String v = resultOf(a.call());
    return !v.isEmpty() && AccessPaths.of(x).filter(v::equals).isPresent();
  }

  /** True when {@code e} having {@code value} means the acquire {@code a} succeeded. */
  private static boolean impliesSuccess(Expression e, boolean value, Acquire a) {
    Expression x = AccessPaths.strip(Matchers.stripBranchHints(e));
    if (isResult(x, a)) {
      return a.pair().result() == Result.STATUS ? !value : value;
    }
    if (x instanceof UnaryExpression u && u.operator().equals("!")) {
      return impliesSuccess(u.operand(), !value, a);
    }
    if (x instanceof CallExpression c && c.arguments().size() == 1) {
      String name = c.calleeName().orElse("");
      if (name.equals("IS_ERR") || name.equals("IS_ERR_OR_NULL")) {
        return !value && isResult(AccessPaths.strip(c.arguments().get(0)), a);
      }
      if (name.matches("(VM_)?WARN_ON(_ONCE)?")) {
        return impliesSuccess(c.arguments().get(0), value, a);
      }
    }
    if (x instanceof BinaryExpression b) {
      switch (b.operator()) {
        case "==", "!=" -> {
          boolean eq = b.operator().equals("==");
          if (Matchers.isNull(b.right())) {
            return impliesSuccess(b.left(), eq != value, a);
          }
          return false;
        }
        case "<" -> {
          return isZero(b.right()) && isResult(AccessPaths.strip(b.left()), a) && !value;
        }
        case ">=" -> {
          return isZero(b.right()) && isResult(AccessPaths.strip(b.left()), a) && value;
        }
        case "&&" -> {
          return value && (impliesSuccess(b.left(), true, a) || impliesSuccess(b.right(), true, a));
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
    return false;
  }

  private static boolean isZero(Expression e) {
    return AccessPaths.strip(e) instanceof Literal l && l.value().equals("0");
  }

  /**
   * True when {@code e} having {@code value} means the object of {@code a} is NULL (or an error
   * pointer: {@code IS_ERR(obj)}).
   */
  private static boolean impliesNull(Expression e, boolean value, Acquire a) {
    if (!a.pair().objectIsResult()) {
      return false;
    }
    return Matchers.impliesNull(
        e,
        value,
        x -> {
          if (AccessPaths.of(x).filter(a.object()::equals).isPresent()) {
            return Optional.of(false);
          }
          boolean isErr =
              x instanceof CallExpression c
                  && c.calleeName()
                      .filter(nm -> nm.equals("IS_ERR") || nm.equals("IS_ERR_OR_NULL"))
                      .isPresent()
                  && c.argument(0).flatMap(AccessPaths::of).filter(a.object()::equals).isPresent();
          return isErr ? Optional.of(true) : Optional.empty();
        });
  }

  // ---- the gaps

  /**
   * The exits that leave with a confirmed acquire held, from which no undo of its pair is
   * reachable, while an undo of it is made on the way to another exit of the same kind: another
   * failure exit, or a {@code goto} to the same label. One gap per exit (its first acquire in
   * source order).
   */
  public List<Gap> gaps() {
    List<Gap> gaps = new ArrayList<>();
    if (acquires.isEmpty() || undos.isEmpty()) {
      return gaps;
    }
    Set<GotoStatement> backward = new HashSet<>(cfg.backwardGotos());
    for (CfgNode n : cfg.nodes()) {
      if (!(n.ast().orElse(null) instanceof Statement exit)
          || !(exit instanceof ReturnStatement || exit instanceof GotoStatement)
          || backward.contains(exit)) {
        continue;
      }
      boolean failure = ErrorExits.isFailureExit(exit);
      if (!failure && setsSuccess(exit)) {
        continue; // `ret = addr; goto out;`: the function succeeds here and keeps what it took
      }
      List<Acquire> held =
          out.getOrDefault(n, Set.of()).stream()
              .filter(Held::confirmed)
              .map(Held::acquire)
              .distinct()
              .sorted(Comparator.comparingInt(a -> a.call().range().beginOffset()))
              .toList();
      for (Acquire a : held) {
        List<Undo> ofPair = undos.stream().filter(u -> a.pair().undo().contains(u.api())).toList();
        if (ofPair.stream().anyMatch(u -> cfg.pathExists(exit, u.call()))) {
          continue; // given back on the way out (goto out_unacct; out_unacct: undo)
        }
        Optional<Gap> gap = witness(a, exit, failure, ofPair);
        if (gap.isPresent()) {
          gaps.add(gap.get());
          break;
        }
      }
    }
    return gaps;
  }

  /**
   * True when the block ending with the exit assigns a value that is not an error to a variable the
   * function returns: a success exit by a shared label.
   */
  private boolean setsSuccess(Statement exit) {
    if (!(exit.parent().orElse(null) instanceof Block b)) {
      return false;
    }
    Set<String> returned = new HashSet<>();
    for (ReturnStatement r : cfg.function().body().findAll(ReturnStatement.class)) {
      r.value().flatMap(AccessPaths::of).ifPresent(returned::add);
    }
    for (Statement st : b.statements()) {
      if (st instanceof ExpressionStatement es
          && es.expression().unparen() instanceof AssignExpression as
          && as.isSimple()
          && AccessPaths.of(as.target()).filter(returned::contains).isPresent()
          && ErrorExits.errorValue(as.value()).isEmpty()
          && !(AccessPaths.strip(as.value()) instanceof CallExpression)) {
        return true;
      }
    }
    return false;
  }

  /** An undo of {@code a} on the way to another exit of the same kind as {@code exit}. */
  private Optional<Gap> witness(Acquire a, Statement exit, boolean failure, List<Undo> ofPair) {
    for (Undo u : ofPair) {
      if (!undoes(u, a) || !cfg.pathExists(a.call(), u.call()) || !heldBefore(u, a)) {
        continue;
      }
      for (Statement sibling : nextExits(u.call())) {
        if (sibling != exit && sameKind(exit, failure, sibling)) {
          return Optional.of(new Gap(exit, a, u, sibling));
        }
      }
      // An undo at an error label: a failure goto with the acquire held reaches it.
      for (CfgNode g : cfg.nodes()) {
        if (g.ast().orElse(null) instanceof GotoStatement go
            && go != exit
            && ErrorExits.isFailureExit(go)
            && sameKind(exit, failure, go)
            && out.getOrDefault(g, Set.of()).stream().anyMatch(h -> h.acquire() == a)
            && cfg.pathExists(go, u.call())) {
          return Optional.of(new Gap(exit, a, u, go));
        }
      }
    }
    return Optional.empty();
  }

  /** True when {@code a} may be held just before the undo {@code u}. */
  private boolean heldBefore(Undo u, Acquire a) {
    return cfg.pointOf(u.call())
        .map(p -> in.getOrDefault(p, Set.of()).stream().anyMatch(h -> h.acquire() == a))
        .orElse(false);
  }

  private static boolean sameKind(Statement exit, boolean failure, Statement sibling) {
    if (exit instanceof GotoStatement g
        && sibling instanceof GotoStatement s
        && g.label().equals(s.label())) {
      return true;
    }
    return failure && ErrorExits.isFailureExit(sibling);
  }

  /** The first {@code return}s and {@code goto}s control reaches from {@code n}'s point. */
  private List<Statement> nextExits(Node n) {
    List<Statement> found = new ArrayList<>();
    Optional<CfgNode> start = cfg.pointOf(n);
    if (start.isEmpty()) {
      return found;
    }
    Set<CfgNode> seen = new HashSet<>();
    Deque<CfgNode> work = new ArrayDeque<>();
    work.add(start.get());
    while (!work.isEmpty()) {
      CfgNode p = work.poll();
      if (!seen.add(p)) {
        continue;
      }
      Node ast = p.ast().orElse(null);
      if (p != start.get() && (ast instanceof ReturnStatement || ast instanceof GotoStatement)) {
        found.add((Statement) ast);
        continue;
      }
      work.addAll(p.successors());
    }
    return found;
  }
}
