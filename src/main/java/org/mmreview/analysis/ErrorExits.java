package org.mmreview.analysis;

import java.util.Optional;
import java.util.regex.Pattern;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.BreakStatement;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;

/**
 * Branches that bail out with a failure: {@code return NULL;}, {@code return -EFOO;}, {@code return
 * ERR_PTR(-EFOO);}, and the kernel's {@code ret = -EFOO; goto out;} form (an error value assigned,
 * then a jump or a return of it).
 */
public final class ErrorExits {
  private ErrorExits() {}

  /** True when {@code s} is, or ends with, a NULL or error exit. */
  public static boolean isErrorExit(Statement s) {
    if (Matchers.isEarlyReturnOfNullOrError(s)) {
      return true;
    }
    if (!(s instanceof Block b) || b.statements().isEmpty()) {
      return false;
    }
    Statement last = b.statements().get(b.statements().size() - 1);
    boolean jumps =
        last instanceof GotoStatement
            || last instanceof BreakStatement
            || last instanceof ReturnStatement;
    return jumps && b.statements().stream().anyMatch(ErrorExits::assignsError);
  }

  private static boolean assignsError(Statement s) {
    if (!(s instanceof ExpressionStatement es)
        || !(es.expression().unparen() instanceof AssignExpression a)
        || !a.operator().equals("=")) {
      return false;
    }
    Expression v = AccessPaths.strip(a.value());
    return Matchers.errno(v).isPresent()
        || Matchers.isNull(v)
        || (v instanceof CallExpression c && c.calleeName().filter("ERR_PTR"::equals).isPresent());
  }

  /**
   * True when the exit {@code s} (a {@code return} or {@code goto}) leaves by a failure: it returns
   * NULL, an errno, an {@code ERR_PTR}, a {@code VM_FAULT_*} error or {@code vmf_error()}, or it
   * ends a branch that assigns an error ({@code err = -EFOO; goto out;}) or that a failure test
   * guards ({@code if (!page) goto out;}, {@code if (err) return err;}, {@code if (IS_ERR(p))}).
   * {@code return 0;} is never one.
   */
  public static boolean isFailureExit(Statement s) {
    if (s instanceof ReturnStatement r && r.value().isPresent()) {
      Expression v = AccessPaths.strip(r.value().get());
      if (v.text().strip().equals("0") || v.text().strip().equals("true")) {
        return false;
      }
      if (errorValue(v).isPresent() || isFaultError(v)) {
        return true;
      }
      if (v instanceof Literal
          || v instanceof Identifier id && id.name().matches("[A-Z][A-Z0-9_]+")) {
        return false; // a constant that is not an error: SHRINK_STOP, VM_FAULT_NOPAGE, 1
      }
    }
    Statement branch = s;
    Node p = s.parent().orElse(null);
    if (p instanceof Block b
        && !b.statements().isEmpty()
        && b.statements().get(b.statements().size() - 1) == s) {
      branch = b;
      p = b.parent().orElse(null);
    }
    if (!(p instanceof IfStatement i) || i.thenStatement() != branch) {
      return false;
    }
    return assignsErrorValue(branch) || isFailureTest(i.condition());
  }

  /** A branch ending with a jump that stores an errno, an {@code ERR_PTR} or {@code NULL}. */
  private static boolean assignsErrorValue(Statement branch) {
    if (Matchers.isEarlyReturnOfNullOrError(branch)) {
      return true;
    }
    if (!(branch instanceof Block b)) {
      return false;
    }
    return b.statements().stream()
        .anyMatch(
            st ->
                st instanceof ExpressionStatement es
                    && es.expression().unparen() instanceof AssignExpression a
                    && a.operator().equals("=")
                    && errorValue(a.value()).filter(v -> !(v instanceof Literal)).isPresent());
  }

  /** {@code VM_FAULT_OOM}, {@code VM_FAULT_SIGBUS}, ... and {@code vmf_error(err)}. */
  private static boolean isFaultError(Expression v) {
    if (v instanceof Identifier id) {
      return id.name().matches("VM_FAULT_(OOM|SIGBUS|SIGSEGV|HWPOISON|HWPOISON_LARGE)");
    }
    return v instanceof CallExpression c && c.calleeName().filter("vmf_error"::equals).isPresent();
  }

  /**
   * True when {@code cond} holding means something failed: {@code !p}, {@code p == NULL}, {@code
   * IS_ERR(p)}, {@code err}, {@code ret < 0}, {@code WARN_ON(...)}, {@code fatal_signal_pending()},
   * or a {@code ||}/{@code &&} with such a part.
   */
  public static boolean isFailureTest(Expression cond) {
    Expression x = AccessPaths.strip(Matchers.stripBranchHints(cond));
    if (x instanceof UnaryExpression u && u.operator().equals("!") && !u.isPostfix()) {
      Expression o = AccessPaths.strip(u.operand());
      return !isErrorVariable(o)
          && (o instanceof Identifier || o instanceof CallExpression || o instanceof MemberAccess);
    }
    if (x instanceof Identifier id) {
      return ERROR_VARIABLE.matcher(id.name()).matches();
    }
    if (x instanceof BinaryExpression b) {
      switch (b.operator()) {
        case "||" -> {
          return isFailureTest(b.left()) || isFailureTest(b.right());
        }
        case "&&" -> {
          // `!err && ...` holds on success, whatever the rest tests.
          return (isFailureTest(b.left()) || isFailureTest(b.right()))
              && !isSuccessTest(b.left())
              && !isSuccessTest(b.right());
        }
        case "==" -> {
          return Matchers.isNull(b.right()) && !isZeroLiteral(b.right())
              || Matchers.errno(b.right()).isPresent();
        }
        case "!=" -> {
          return isZeroLiteral(b.right()) && isErrorVariable(b.left());
        }
        case "<" -> {
          return isZeroLiteral(b.right());
        }
        default -> {
          return false;
        }
      }
    }
    if (x instanceof CallExpression c) {
      String name = c.calleeName().orElse("");
      return name.equals("IS_ERR")
          || name.equals("IS_ERR_OR_NULL")
          || name.equals("fatal_signal_pending")
          || name.equals("signal_pending")
          || name.matches("(VM_)?WARN_ON(_ONCE)?");
    }
    return false;
  }

  /** {@code !err}, {@code err == 0}, {@code ret >= 0}: the error variable says success. */
  private static boolean isSuccessTest(Expression cond) {
    Expression x = AccessPaths.strip(Matchers.stripBranchHints(cond));
    if (x instanceof UnaryExpression u && u.operator().equals("!") && !u.isPostfix()) {
      return isErrorVariable(u.operand());
    }
    return x instanceof BinaryExpression b
        && (b.operator().equals("==") || b.operator().equals(">="))
        && isZeroLiteral(b.right())
        && isErrorVariable(b.left());
  }

  private static final Pattern ERROR_VARIABLE =
      Pattern.compile("(err|error|ret|retval|rc|status|res|result)");

  private static boolean isErrorVariable(Expression e) {
    return AccessPaths.strip(e) instanceof Identifier id
        && ERROR_VARIABLE.matcher(id.name()).matches();
  }

  private static boolean isZeroLiteral(Expression e) {
    return AccessPaths.strip(e) instanceof Literal l && l.value().equals("0");
  }

  /** The value a ternary arm gives when it is NULL or an error. */
  public static Optional<Expression> errorValue(Expression arm) {
    Expression v = AccessPaths.strip(arm);
    if (Matchers.isNull(v)
        || Matchers.errno(v).isPresent()
        || (v instanceof CallExpression c
            && c.calleeName().filter("ERR_PTR"::equals).isPresent())) {
      return Optional.of(v);
    }
    return Optional.empty();
  }
}
