package org.mmreview.analysis;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.type.TypeName;
import org.mmreview.kernel.ErrnoReturningCalls;

/**
 * Which calls return 0 or a negative errno, and which errnos: a same-file function whose every
 * returned value (its {@code return}s, and the values assigned to a returned local) is {@code 0},
 * {@code -EFOO} or such a call in turn, or a kernel function of {@link ErrnoReturningCalls}. A
 * function that may also return a count, a parameter or an unknown call's result is not one: its
 * non-zero result need not be an error.
 */
public final class ErrnoResults {
  /** Stands for "some negative errno" when the callee is known only from the kernel table. */
  public static final String SOME_ERRNO = "?";

  private static final int MAX_DEPTH = 3;
  private static final Set<String> INT_RESULTS =
      Set.of("int", "long", "ssize_t", "long long", "long int");

  private ErrnoResults() {}

  /** True for the integer return types that carry an errno ({@code int}, {@code long}, ...). */
  public static boolean carriesErrno(TypeName t) {
    return !t.isPointer() && INT_RESULTS.contains(t.baseName());
  }

  /**
   * The errno names ({@code ESRCH}, ...) {@code call} may fail with, or {@link #SOME_ERRNO} for a
   * table function; empty when the call is not known to return only 0 or a negative errno.
   */
  public static Optional<Set<String>> errnosOf(CallExpression call, SameFileHelpers helpers) {
    return errnosOf(call, helpers, 0);
  }

  private static Optional<Set<String>> errnosOf(
      CallExpression call, SameFileHelpers helpers, int depth) {
    Optional<String> name = call.calleeName();
    if (name.isEmpty() || depth > MAX_DEPTH) {
      return Optional.empty();
    }
    Optional<FunctionDefinition> def = helpers.resolve(call);
    if (def.isPresent()) {
      return errnosReturnedBy(def.get(), helpers, depth);
    }
    if (ErrnoReturningCalls.returnsErrno(name.get())) {
      return Optional.of(Set.of(SOME_ERRNO));
    }
    return Optional.empty();
  }

  private static Optional<Set<String>> errnosReturnedBy(
      FunctionDefinition f, SameFileHelpers helpers, int depth) {
    if (!carriesErrno(f.returnType())) {
      return Optional.empty();
    }
    Set<String> locals = localsOf(f);
    Set<String> errnos = new LinkedHashSet<>();
    for (Expression v : SameFileHelpers.returnedValues(f)) {
      Expression x = AccessPaths.strip(v);
      if (x instanceof Literal l && l.value().equals("0")) {
        continue;
      }
      if (x instanceof Identifier id && locals.contains(id.name())) {
        continue; // its assigned values are among the returned ones
      }
      Optional<String> e = Matchers.errno(x);
      if (e.isPresent()) {
        errnos.add(e.get());
        continue;
      }
      if (x instanceof CallExpression c) {
        Optional<Set<String>> inner = errnosOf(c, helpers, depth + 1);
        if (inner.isPresent()) {
          errnos.addAll(inner.get());
          continue;
        }
      }
      return Optional.empty();
    }
    return errnos.isEmpty() ? Optional.empty() : Optional.of(errnos);
  }

  /** How the errnos read in a message: {@code -ESRCH, -EINVAL}, or "a negative errno". */
  public static String describe(Set<String> errnos) {
    if (errnos.contains(SOME_ERRNO)) {
      return "a negative errno";
    }
    return String.join(", ", errnos.stream().map(e -> "-" + e).toList());
  }

  /** The locals a function declares in its body (not its parameters). */
  private static Set<String> localsOf(FunctionDefinition f) {
    Set<String> out = new LinkedHashSet<>();
    for (Declarator d : f.body().findAll(Declarator.class)) {
      out.add(d.name());
    }
    return out;
  }
}
