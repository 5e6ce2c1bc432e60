package org.mmreview.rules.checks.uffdops;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.Matchers;
import org.mmreview.analysis.UnitAnalysis;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.stmt.ReturnStatement;

/**
 * Userfaultfd ops values and the registration path. A value is uffd ops when it is {@code
 * vma_uffd_ops(vma)}, {@code vma->vm_ops->uffd_ops}, a local defined from one, or the result of a
 * same-file helper some of whose returns are (transitively). The registration path ({@code
 * vma_can_userfault()} and what it calls) is where async write-protect admits a VMA without ops, so
 * a NULL test there is real.
 */
public final class UffdOps {
  /** include/linux/userfaultfd_k.h: the accessor giving a VMA's uffd ops. */
  private static final Set<String> ACCESSORS = Set.of("vma_uffd_ops");

  /** The member of vm_operations_struct holding them. */
  private static final String MEMBER = "uffd_ops";

  /**
   * Registration entry points (fs/userfaultfd.c, mm/userfaultfd.c): they and the same-file
   * functions they call may meet VMAs registered for async write-protect alone.
   */
  private static final Set<String> REGISTRATION_ENTRIES =
      Set.of(
          "vma_can_userfault",
          "userfaultfd_register",
          "userfaultfd_register_range",
          "userfaultfd_unregister");

  /** Spellings of the async write-protect mode, whose test marks a registration decision. */
  private static final Set<String> ASYNC_WP =
      Set.of("wp_async", "UFFD_FEATURE_WP_ASYNC", "userfaultfd_wp_async");

  private final Function<Node, UnitAnalysis> analyses;
  private final Map<String, FunctionDefinition> functions = new HashMap<>();
  private final SameFileCallers callers;
  /*
   * Per-function memos (one UffdOps serves one file). The rule asks onRegistrationPath() for
   * every if and ?: of a function, and each answer walks the whole function and all its
   * transitive callers; both answers depend only on the (frozen) trees, so compute them once.
   */
  private final Map<FunctionDefinition, Boolean> onRegistrationPath = new IdentityHashMap<>();
  private final Map<FunctionDefinition, Boolean> testsAsyncWp = new IdentityHashMap<>();

  /**
   * @param units the parsed file: one unit, or one per hunk (helpers are looked up across them)
   * @param analyses the shared analyses of the unit holding a node
   */
  public UffdOps(List<CompilationUnit> units, Function<Node, UnitAnalysis> analyses) {
    this.analyses = analyses;
    units.forEach(u -> u.functions().forEach(f -> functions.putIfAbsent(f.name(), f)));
    this.callers = new SameFileCallers(units);
  }

  /** True when {@code e}, evaluated at its place, is a uffd ops value. */
  public boolean isOps(Expression e) {
    return isOps(e, new Visited());
  }

  /**
   * What one {@link #isOps} question has already looked into: helpers by name and definitions by
   * identity. Definitions feed each other around a loop ({@code copy = len; len -= copy;}), and
   * helpers may call each other, so both searches are graphs with cycles. A second visit can only
   * come after the first answered false (a true ends the whole search), so skipping it changes no
   * answer and bounds the work by the function's definitions and the file's helpers.
   */
  private static final class Visited {
    final Set<String> helpers = new HashSet<>();
    final Set<Definition> definitions = Collections.newSetFromMap(new IdentityHashMap<>());
  }

  private boolean isOps(Expression e, Visited visiting) {
    Expression x = AccessPaths.strip(e);
    if (AccessPaths.of(x).filter(p -> AccessPaths.lastMember(p).equals(MEMBER)).isPresent()) {
      return true;
    }
    if (x instanceof CallExpression c) {
      if (Matchers.isCallTo(c, ACCESSORS)) {
        return true;
      }
      Optional<FunctionDefinition> helper = c.calleeName().map(functions::get);
      return helper.isPresent()
          && visiting.helpers.add(helper.get().name())
          && returnsOps(helper.get(), visiting);
    }
    // A variable or a field (state->ops) holding a value defined on some path to here.
    Optional<String> path = AccessPaths.of(x);
    if (path.isPresent()) {
      Optional<FunctionAnalysis> fa = analyses.apply(x).enclosing(x);
      if (fa.isEmpty()) {
        return false;
      }
      for (Definition d : fa.get().defUse().reachingDefinitions(path.get(), x)) {
        if (visiting.definitions.add(d) && d.value().filter(v -> isOps(v, visiting)).isPresent()) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean returnsOps(FunctionDefinition f, Visited visiting) {
    for (ReturnStatement r : f.body().findAll(ReturnStatement.class)) {
      if (r.value().filter(v -> isOps(v, visiting)).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when {@code f} is on the registration path: a registration entry point or called by one in
   * this file, or deciding on async write-protect itself.
   */
  public boolean onRegistrationPath(FunctionDefinition f) {
    Boolean known = onRegistrationPath.get(f);
    if (known == null) {
      known =
          REGISTRATION_ENTRIES.contains(f.name())
              || decidesAsyncWp(f)
              || callers.transitiveCallers(f.name()).stream()
                  .anyMatch(c -> REGISTRATION_ENTRIES.contains(c.name()) || decidesAsyncWp(c));
      onRegistrationPath.put(f, known);
    }
    return known;
  }

  private boolean decidesAsyncWp(FunctionDefinition f) {
    return testsAsyncWp.computeIfAbsent(f, UffdOps::testsAsyncWp);
  }

  private static boolean testsAsyncWp(Node f) {
    return f.stream()
        .anyMatch(
            n ->
                (n instanceof Identifier id && ASYNC_WP.contains(id.name()))
                    || Matchers.isCallTo(n, ASYNC_WP)
                    || (n instanceof MemberAccess m && ASYNC_WP.contains(m.member())));
  }
}
