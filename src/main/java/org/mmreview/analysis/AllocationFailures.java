package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.StatementExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.kernel.AllocatorTable;

/**
 * The branches a function takes when a memory allocation returned NULL, and the error each reports:
 * {@code p = kmalloc(...); if (!p) return -EINVAL;}, {@code if (!page) { err = -EFAULT; goto out;
 * }}, {@code return vmf_error(-EINVAL);} in a fault handler.
 *
 * <p>A variable counts as an allocation's result when every definition reaching the NULL test
 * assigns it an allocator's result ({@link AllocatorTable}), directly or through a same-file helper
 * all of whose returns are an allocator's result or NULL. The reported error is the constant the
 * branch returns ({@code -EFOO}, {@code ERR_PTR(-EFOO)}, {@code vmf_error(-EFOO)}, {@code
 * VM_FAULT_FOO}), or the constant it assigns to the returned or jumped-with variable before a
 * {@code return} or {@code goto}; a branch that does anything else is not judged.
 */
public final class AllocationFailures {
  private static final int MAX_HELPER_DEPTH = 3;

  private AllocationFailures() {}

  /**
   * One failure branch: the NULL test, the allocation call it tests (the first reaching one), the
   * tested variable, the error as written ({@code -EINVAL}, {@code VM_FAULT_SIGBUS}), the error's
   * name ({@code EINVAL}, {@code VM_FAULT_SIGBUS}) and the statement that reports it.
   */
  public record Failure(
      IfStatement test,
      CallExpression allocation,
      String variable,
      Expression error,
      String errorName,
      Node reportedAt) {}

  /** The allocation-failure branches of {@code fa}'s function, in source order. */
  public static List<Failure> of(FunctionAnalysis fa, AllocatorTable allocators) {
    return of(fa, allocators, name -> true);
  }

  /**
   * The allocation-failure branches of {@code fa}'s function whose error's name {@code judged}
   * accepts, in source order. The branch's error is read before the reaching definitions are asked
   * for: they need the function's def-use solution, which a branch that reports no constant error,
   * or one the caller does not judge ({@code -ENOMEM}, the usual one), does not pay for.
   */
  public static List<Failure> of(
      FunctionAnalysis fa, AllocatorTable allocators, Predicate<String> judged) {
    FunctionDefinition fn = fa.function();
    Set<String> names = allocators.names();
    List<Failure> out = new ArrayList<>();
    for (IfStatement i : fn.body().findAll(IfStatement.class)) {
      Optional<String> v = nullTestOnly(i.condition());
      if (v.isEmpty()) {
        continue;
      }
      Optional<Reported> e = reportedError(i.thenStatement()).filter(r -> judged.test(r.name()));
      if (e.isEmpty()) {
        continue;
      }
      Optional<CallExpression> alloc = allocationReaching(fa, v.get(), i.condition(), names);
      if (alloc.isEmpty()) {
        continue;
      }
      out.add(
          new Failure(
              i, alloc.get(), v.get(), e.get().error(), e.get().name(), e.get().reportedAt()));
    }
    return out;
  }

  /** {@code !p}, {@code p == NULL}, {@code unlikely(!p)}: the variable tested, nothing else. */
  private static Optional<String> nullTestOnly(Expression cond) {
    Expression x = Matchers.stripBranchHints(cond);
    boolean negated = x instanceof UnaryExpression u && u.operator().equals("!") && !u.isPostfix();
    boolean equalsNull =
        x instanceof BinaryExpression b
            && b.operator().equals("==")
            && (Matchers.isNull(b.left()) || Matchers.isNull(b.right()));
    return negated || equalsNull ? Matchers.nullTestedPath(x) : Optional.empty();
  }

  /** The allocation every definition of {@code v} reaching {@code at} makes, if all make one. */
  private static Optional<CallExpression> allocationReaching(
      FunctionAnalysis fa, String v, Expression at, Set<String> names) {
    List<Definition> defs = fa.defUse().reachingDefinitions(v, at);
    CallExpression first = null;
    for (Definition d : defs) {
      if (d.isPossible()) {
        continue;
      }
      Optional<CallExpression> c =
          d.value()
              .map(AccessPaths::strip)
              .filter(CallExpression.class::isInstance)
              .map(CallExpression.class::cast)
              .filter(call -> allocates(call, names, fa.helpers(), 0));
      if (c.isEmpty()) {
        return Optional.empty();
      }
      if (first == null) {
        first = c.get();
      }
    }
    return Optional.ofNullable(first);
  }

  private static boolean allocates(
      CallExpression call, Set<String> names, SameFileHelpers helpers, int depth) {
    if (call.calleeName().filter(names::contains).isPresent()) {
      return true;
    }
    if (depth >= MAX_HELPER_DEPTH) {
      return false;
    }
    Optional<FunctionDefinition> helper = helpers.resolve(call);
    if (helper.isEmpty()) {
      return false;
    }
    FunctionDefinition f = helper.get();
    boolean any = false;
    for (ReturnStatement r : f.body().findAll(ReturnStatement.class)) {
      if (r.findAncestor(StatementExpression.class).isPresent()) {
        continue;
      }
      if (r.value().isEmpty()) {
        return false;
      }
      Expression v = AccessPaths.strip(r.value().get());
      if (Matchers.isNull(v)) {
        // NULL only where the helper's own allocation failed, not for a parse or lookup failure.
        Optional<IfStatement> guard = r.findAncestor(IfStatement.class);
        Optional<String> tested = guard.flatMap(g -> nullTestOnly(g.condition()));
        if (tested.isEmpty()
            || !guard.get().thenStatement().isAncestorOrSelf(r)
            || !localAllocates(f, tested.get(), names, helpers, depth)) {
          return false;
        }
        continue;
      }
      boolean allocating =
          v instanceof CallExpression c
              ? allocates(c, names, helpers, depth + 1)
              : v instanceof Identifier id && localAllocates(f, id.name(), names, helpers, depth);
      if (!allocating) {
        return false;
      }
      any = true;
    }
    return any;
  }

  /**
   * True when every value {@code f} gives its local {@code name} (a NULL initialiser aside) is an
   * allocation.
   */
  private static boolean localAllocates(
      FunctionDefinition f, String name, Set<String> names, SameFileHelpers helpers, int depth) {
    boolean any = false;
    for (Declarator d : f.body().findAll(Declarator.class, d -> d.name().equals(name))) {
      if (d.initializer().isEmpty() || Matchers.isNull(d.initializer().get())) {
        continue;
      }
      if (!(AccessPaths.strip(d.initializer().get()) instanceof CallExpression c)
          || !allocates(c, names, helpers, depth + 1)) {
        return false;
      }
      any = true;
    }
    for (AssignExpression a : f.body().findAll(AssignExpression.class)) {
      if (AccessPaths.of(a.target()).filter(name::equals).isEmpty()) {
        continue;
      }
      if (!a.isSimple()
          || !(AccessPaths.strip(a.value()) instanceof CallExpression c)
          || !allocates(c, names, helpers, depth + 1)) {
        return false;
      }
      any = true;
    }
    return any;
  }

  private record Reported(Expression error, String name, Node reportedAt) {}

  /**
   * The constant error a failure branch reports: what it returns, or what it last assigns to the
   * variable it returns or to any variable before a {@code goto}.
   */
  private static Optional<Reported> reportedError(Statement branch) {
    List<Statement> seq = branch instanceof Block b ? b.statements() : List.of(branch);
    Reported assigned = null;
    for (Statement s : seq) {
      if (s instanceof ExpressionStatement es
          && es.expression() instanceof AssignExpression a
          && a.isSimple()
          && AccessPaths.strip(a.target()) instanceof Identifier) {
        Optional<String> e = constantError(a.value());
        assigned = e.map(n -> new Reported(a.value(), n, a)).orElse(null);
        continue;
      }
      if (s instanceof GotoStatement) {
        return Optional.ofNullable(assigned);
      }
      if (s instanceof ReturnStatement r) {
        if (r.value().isEmpty()) {
          return Optional.empty();
        }
        Expression v = AccessPaths.strip(r.value().get());
        if (v instanceof Identifier && assigned != null) {
          return Optional.of(assigned);
        }
        return constantError(v).map(n -> new Reported(r.value().get(), n, r));
      }
      if (!(s instanceof ExpressionStatement)) {
        return Optional.empty(); // a nested branch or loop: not a straight failure path
      }
    }
    return Optional.empty();
  }

  /** {@code EINVAL} of {@code -EINVAL}, {@code ERR_PTR(-EINVAL)}, {@code vmf_error(-EINVAL)}. */
  private static Optional<String> constantError(Expression value) {
    Expression x = AccessPaths.strip(value);
    Optional<String> e = Matchers.errno(x);
    if (e.isPresent()) {
      return e;
    }
    if (x instanceof CallExpression c
        && c.calleeName().filter(n -> n.equals("ERR_PTR") || n.equals("vmf_error")).isPresent()
        && c.arguments().size() == 1) {
      return Matchers.errno(c.arguments().get(0));
    }
    if (x instanceof Identifier id && id.name().startsWith("VM_FAULT_")) {
      return Optional.of(id.name());
    }
    return Optional.empty();
  }
}
