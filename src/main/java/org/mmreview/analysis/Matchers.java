package org.mmreview.analysis;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;

/**
 * Small reusable predicates over the AST shared by all rules: calls by name, NULL tests, assertion
 * contexts, early returns. Flag tests are in {@link FlagTests}.
 */
public final class Matchers {
  private static final Pattern ASSERTION =
      Pattern.compile("(VM_)?(WARN|BUG)(_ON)?(_ONCE)?(_(VMA|FOLIO|PAGE|MM|PGFLAGS))?(_ONCE)?");
  private static final Set<String> BRANCH_HINTS = Set.of("likely", "unlikely");

  private Matchers() {}

  // ---- calls

  /** True when {@code n} is a call to one of {@code names}. */
  public static boolean isCallTo(Node n, Set<String> names) {
    return n instanceof CallExpression c && c.calleeName().filter(names::contains).isPresent();
  }

  /** True when {@code n} is a call to {@code name}. */
  public static boolean isCallTo(Node n, String name) {
    return isCallTo(n, Set.of(name));
  }

  // ---- NULL tests

  /** True for {@code NULL}, {@code 0}, {@code (void *)0}. */
  public static boolean isNull(Expression e) {
    Expression x = AccessPaths.strip(e);
    return (x instanceof Identifier id && id.name().equals("NULL"))
        || (x instanceof Literal l && l.value().equals("0"));
  }

  /**
   * True when {@code e} having the truth {@code value} means an object is NULL, read through {@code
   * !}, {@code == NULL}, {@code != NULL}, {@code &&} and {@code ||}. {@code nullWhenTrue} judges
   * the leaves: {@code Optional.of(false)} for the object itself (true: not NULL), {@code
   * Optional.of(true)} for a test that is true when the object is not there ({@code IS_ERR(obj)}),
   * empty for anything else.
   */
  public static boolean impliesNull(
      Expression e, boolean value, Function<Expression, Optional<Boolean>> nullWhenTrue) {
    Expression x = AccessPaths.strip(stripBranchHints(e));
    Optional<Boolean> leaf = nullWhenTrue.apply(x);
    if (leaf.isPresent()) {
      return leaf.get() == value;
    }
    if (x instanceof UnaryExpression u && u.operator().equals("!")) {
      return impliesNull(u.operand(), !value, nullWhenTrue);
    }
    if (x instanceof BinaryExpression b) {
      boolean eq = b.operator().equals("==");
      if ((eq || b.operator().equals("!=")) && isNull(b.right())) {
        return impliesNull(b.left(), eq != value, nullWhenTrue);
      }
      if (b.operator().equals("&&") && value || b.operator().equals("||") && !value) {
        return impliesNull(b.left(), value, nullWhenTrue)
            || impliesNull(b.right(), value, nullWhenTrue);
      }
    }
    return false;
  }

  /** {@code e} without {@code likely()}/{@code unlikely()} wrappers and parentheses. */
  public static Expression stripBranchHints(Expression e) {
    Expression x = e.unparen();
    while (x instanceof CallExpression c
        && c.calleeName().filter(BRANCH_HINTS::contains).isPresent()
        && c.arguments().size() == 1) {
      x = c.arguments().get(0).unparen();
    }
    return x;
  }

  /**
   * The access path a condition tests for NULL or non-NULL: {@code !v}, {@code v == NULL}, {@code
   * NULL != v}, a bare {@code v}; through {@code likely}/{@code unlikely}.
   */
  public static Optional<String> nullTestedPath(Expression cond) {
    Expression x = stripBranchHints(cond);
    if (x instanceof UnaryExpression u && u.operator().equals("!") && !u.isPostfix()) {
      return nullTestedPath(u.operand());
    }
    if (x instanceof BinaryExpression b
        && (b.operator().equals("==") || b.operator().equals("!="))) {
      if (isNull(b.right())) {
        return AccessPaths.of(b.left());
      }
      if (isNull(b.left())) {
        return AccessPaths.of(b.right());
      }
      return Optional.empty();
    }
    return AccessPaths.of(x);
  }

  /**
   * True when {@code e} tests {@code path} (a variable or access path such as {@code vma->vm_ops})
   * for NULL: {@code !v}, {@code v == NULL}, {@code NULL == v}, {@code v != NULL}, {@code v &&
   * ...}, {@code v || ...}, {@code v ? a : b}, {@code v ?: b}, {@code IS_ERR_OR_NULL(v)}, anywhere
   * inside {@code e}'s operands of {@code &&}/{@code ||}/{@code !}.
   */
  public static boolean isNullTestOf(Expression e, String path) {
    Expression x = stripBranchHints(e);
    if (nullTestedPath(x).filter(path::equals).isPresent()) {
      return true;
    }
    if (x instanceof UnaryExpression u && u.operator().equals("!")) {
      return isNullTestOf(u.operand(), path);
    }
    if (x instanceof BinaryExpression b
        && (b.operator().equals("&&") || b.operator().equals("||"))) {
      return isNullTestOf(b.left(), path) || isNullTestOf(b.right(), path);
    }
    if (x instanceof ConditionalExpression c) {
      return isNullTestOf(c.condition(), path);
    }
    if (x instanceof CallExpression c
        && c.calleeName().filter("IS_ERR_OR_NULL"::equals).isPresent()) {
      return c.argument(0).flatMap(AccessPaths::of).filter(path::equals).isPresent();
    }
    return false;
  }

  // ---- context

  /**
   * True for the names of assertion macros: WARN_ON, WARN_ON_ONCE, VM_WARN_ON_ONCE, BUG_ON,
   * VM_BUG_ON_VMA ...
   */
  public static boolean isAssertionName(String name) {
    return ASSERTION.matcher(name).matches();
  }

  /**
   * The assertion macro call ({@code WARN_ON()}, {@code VM_BUG_ON()} ...) whose arguments contain
   * {@code n}.
   */
  public static Optional<CallExpression> enclosingAssertion(Node n) {
    for (Node cur = n; cur != null; cur = cur.parent().orElse(null)) {
      Node parent = cur.parent().orElse(null);
      if (parent instanceof CallExpression c
          && c.callee() != cur
          && c.calleeName().filter(Matchers::isAssertionName).isPresent()) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** True when {@code n} is inside the argument of an assertion macro. */
  public static boolean insideAssertion(Node n) {
    return enclosingAssertion(n).isPresent();
  }

  // ---- returns

  /** What a return statement gives back. */
  public enum ReturnKind {
    /** {@code return;} */
    VOID,
    /** {@code return NULL;} or {@code return 0} in a pointer function. */
    NULL,
    /** {@code return -EFOO;} */
    ERRNO,
    /** {@code return ERR_PTR(-EFOO);} */
    ERR_PTR,
    /** Anything else. */
    OTHER
  }

  /** Classifies the value of a return statement. */
  public static ReturnKind returnKind(ReturnStatement r) {
    if (r.value().isEmpty()) {
      return ReturnKind.VOID;
    }
    Expression v = AccessPaths.strip(r.value().get());
    if (v instanceof Identifier id && id.name().equals("NULL")) {
      return ReturnKind.NULL;
    }
    if (errno(v).isPresent()) {
      return ReturnKind.ERRNO;
    }
    if (v instanceof CallExpression c && c.calleeName().filter("ERR_PTR"::equals).isPresent()) {
      return ReturnKind.ERR_PTR;
    }
    return ReturnKind.OTHER;
  }

  /** {@code EFOO} for {@code -EFOO}. */
  public static Optional<String> errno(Expression e) {
    Expression x = AccessPaths.strip(e);
    if (x instanceof UnaryExpression u
        && u.operator().equals("-")
        && AccessPaths.strip(u.operand()) instanceof Identifier id
        && id.name().matches("E[A-Z0-9]+")) {
      return Optional.of(id.name());
    }
    return Optional.empty();
  }

  /**
   * The early return of NULL or an error a statement makes: {@code return NULL;}, {@code return
   * -EINVAL;}, {@code return ERR_PTR(-ENOENT);}, or a block ending with one.
   */
  public static Optional<ReturnStatement> earlyErrorReturn(Statement s) {
    Statement last = s;
    while (last instanceof Block b && !b.statements().isEmpty()) {
      last = b.statements().get(b.statements().size() - 1);
    }
    if (last instanceof ReturnStatement r) {
      ReturnKind k = returnKind(r);
      if (k == ReturnKind.NULL || k == ReturnKind.ERRNO || k == ReturnKind.ERR_PTR) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** True when {@code s} is (or ends with) a return of NULL or an error. */
  public static boolean isEarlyReturnOfNullOrError(Statement s) {
    return earlyErrorReturn(s).isPresent();
  }
}
