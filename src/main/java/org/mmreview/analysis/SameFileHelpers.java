package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.StatementExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.ReturnStatement;

/**
 * Resolution of calls to functions defined in the same file, and what such a helper compares
 * ({@code static bool same_vma(a, b) { return a->vm_file == b->vm_file && ...; }}).
 */
public final class SameFileHelpers {
  private static final int MAX_DEPTH = 4;

  private final Map<String, FunctionDefinition> byName = new HashMap<>();

  public SameFileHelpers(CompilationUnit unit) {
    for (FunctionDefinition f : unit.functions()) {
      byName.putIfAbsent(f.name(), f);
    }
  }

  /** The definition in this file of the called function, when the callee is a plain name. */
  public Optional<FunctionDefinition> resolve(CallExpression call) {
    return call.calleeName().map(byName::get);
  }

  /** The definition in this file of the named function. */
  public Optional<FunctionDefinition> resolve(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * True when the value of {@code e} comes from a call to one of {@code names}: directly ({@code
   * vma_uffd_ops(vma)}), or through a same-file helper that returns such a call or a local assigned
   * from one (transitively, a few helpers deep).
   */
  public boolean valueComesFrom(Expression e, Set<String> names) {
    return valueComesFrom(e, names, 0);
  }

  private boolean valueComesFrom(Expression e, Set<String> names, int depth) {
    if (depth > MAX_DEPTH || !(AccessPaths.strip(e) instanceof CallExpression call)) {
      return false;
    }
    if (call.calleeName().filter(names::contains).isPresent()) {
      return true;
    }
    Optional<FunctionDefinition> helper = resolve(call);
    return helper.isPresent()
        && returnedValues(helper.get()).stream().anyMatch(v -> valueComesFrom(v, names, depth + 1));
  }

  /**
   * The expressions a function may return: each {@code return} value, and for a returned local the
   * values assigned to it or its initialiser.
   */
  public static List<Expression> returnedValues(FunctionDefinition f) {
    List<Expression> out = new ArrayList<>();
    for (ReturnStatement r : f.body().findAll(ReturnStatement.class)) {
      if (r.value().isEmpty() || r.findAncestor(StatementExpression.class).isPresent()) {
        continue;
      }
      Expression v = AccessPaths.strip(r.value().get());
      out.add(v);
      if (v instanceof Identifier id) {
        for (Declarator d : f.body().findAll(Declarator.class, d -> d.name().equals(id.name()))) {
          d.initializer().ifPresent(out::add);
        }
        for (AssignExpression a : f.body().findAll(AssignExpression.class)) {
          if (AccessPaths.of(a.target()).filter(id.name()::equals).isPresent()) {
            out.add(a.value());
          }
        }
      }
    }
    return out;
  }

  /**
   * The properties the helper called by {@code call} compares with {@code ==}/{@code !=} (directly
   * or through further same-file helpers), with helper parameters replaced by the call's argument
   * texts. Empty when the callee is not defined in this file.
   */
  public List<ComparedProperty> comparedProperties(CallExpression call) {
    return comparedProperties(call, 0);
  }

  private List<ComparedProperty> comparedProperties(CallExpression call, int depth) {
    Optional<FunctionDefinition> helper = resolve(call);
    if (helper.isEmpty() || depth > MAX_DEPTH) {
      return List.of();
    }
    FunctionDefinition f = helper.get();
    Map<String, String> binding = new LinkedHashMap<>();
    for (int i = 0; i < f.parameters().size() && i < call.arguments().size(); i++) {
      int index = i;
      f.parameters()
          .get(i)
          .name()
          .ifPresent(n -> binding.put(n, call.arguments().get(index).text()));
    }
    List<ComparedProperty> out = new ArrayList<>();
    for (ComparedProperty p : comparisonsIn(f.body())) {
      out.add(p.rebind(binding, call));
    }
    for (CallExpression inner : f.body().findAll(CallExpression.class)) {
      if (resolve(inner).filter(g -> g != f).isPresent()) {
        for (ComparedProperty p : comparedProperties(inner, depth + 1)) {
          out.add(p.rebind(binding, call));
        }
      }
    }
    return out;
  }

  /**
   * The comparisons ({@code ==}, {@code !=}) written inside {@code scope}, each with the compared
   * property: the member path relative to its variable ({@code vm_file}, {@code vm_ops->uffd_ops}),
   * or for a comparison of calls such as {@code vma_test(a, X) != vma_test(b, X)} the callee name
   * and its other arguments.
   */
  public static List<ComparedProperty> comparisonsIn(Node scope) {
    List<ComparedProperty> out = new ArrayList<>();
    for (CallExpression c : scope.findAll(CallExpression.class, SameFileHelpers::isSameCall)) {
      out.add(sameCall(c));
    }
    for (BinaryExpression b : scope.findAll(BinaryExpression.class)) {
      if (!b.operator().equals("==") && !b.operator().equals("!=")) {
        continue;
      }
      List<String> paths = new ArrayList<>();
      String property = null;
      for (Expression side : List.of(b.left(), b.right())) {
        Expression s = AccessPaths.strip(side);
        Optional<String> path = AccessPaths.of(s);
        if (path.isPresent()) {
          paths.add(path.get());
          if (s instanceof MemberAccess && property == null) {
            property = AccessPaths.relative(path.get());
          }
        } else if (s instanceof CallExpression c && c.calleeName().isPresent()) {
          paths.add(c.text());
          if (property == null) {
            property = callProperty(c);
          }
        } else {
          paths.add(s.text());
        }
      }
      if (property == null) {
        property = paths.stream().filter(p -> !p.isEmpty()).findFirst().orElse(b.text());
      }
      out.add(new ComparedProperty(property, paths, b));
    }
    return out;
  }

  private static final Pattern SAME_CALL =
      Pattern.compile("\\w*_same(_\\w+)?|\\w*equal\\w*|memcmp");

  /** Equality predicates such as {@code pte_same(a, b)}, {@code vma_flags_same_pair(&a, &b)}. */
  private static boolean isSameCall(CallExpression c) {
    return c.arguments().size() >= 2
        && c.calleeName().filter(n -> SAME_CALL.matcher(n).matches()).isPresent();
  }

  /**
   * A comparison made by an equality predicate: the property is the member compared by the first
   * argument ({@code flags} for {@code &s->flags}), else the predicate name.
   */
  private static ComparedProperty sameCall(CallExpression c) {
    List<String> sides = new ArrayList<>();
    String property = null;
    for (int i = 0; i < 2; i++) {
      Expression arg = AccessPaths.strip(c.arguments().get(i));
      if (arg instanceof UnaryExpression u && u.operator().equals("&")) {
        arg = AccessPaths.strip(u.operand());
      }
      Optional<String> path = AccessPaths.of(arg);
      sides.add(path.orElse(arg.text()));
      if (property == null && path.isPresent() && arg instanceof MemberAccess) {
        property = AccessPaths.relative(path.get());
      }
    }
    return new ComparedProperty(
        property != null ? property : c.calleeName().orElseThrow() + "()", sides, c);
  }

  /** {@code vma_test(VMA_SHARED_BIT)} for {@code vma_test(vma, VMA_SHARED_BIT)}. */
  private static String callProperty(CallExpression c) {
    List<String> rest = new ArrayList<>();
    for (int i = 1; i < c.arguments().size(); i++) {
      rest.add(c.arguments().get(i).text());
    }
    return c.calleeName().orElseThrow() + "(" + String.join(", ", rest) + ")";
  }
}
