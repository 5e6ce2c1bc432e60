package org.mmreview.rules.checks.bugon;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.Use;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.rules.RuleContext;

/**
 * Whether a user-supplied value is validated before it reaches a point: in the function itself, or
 * by every caller on the way from the ioctl (callers in the same file and in the other files of the
 * patch, following parameters up to {@link #MAX_DEPTH} calls). A value is validated where an {@code
 * if} that reads it leaves the function (return or goto) on every path before the point, or where a
 * validation helper ({@code validate_range()}, {@code check_*()}) is passed it and its result is
 * tested before the point. A parameter with no visible caller is not validated: the ioctl may pass
 * anything.
 */
public final class CallerValidation {
  private static final int MAX_DEPTH = 3;

  /** Helpers whose job is to refuse a bad argument, by name (validate_range, check_range, ...). */
  private static final Pattern VALIDATOR =
      Pattern.compile("(?i).*(valid|check|verify|sanit|sane).*");

  private final RuleContext ctx;

  public CallerValidation(RuleContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Where {@code path} (read at {@code at} in {@code fa}) is validated first, as a reader would
   * name it ({@code `validate_range()` in userfaultfd_copy()}); empty when some way there does not
   * validate it.
   */
  public Optional<String> validation(FunctionAnalysis fa, String path, Node at) {
    return validation(fa, path, at, MAX_DEPTH);
  }

  private Optional<String> validation(FunctionAnalysis fa, String path, Node at, int depth) {
    for (String p : sources(fa, path, at, 2)) {
      Optional<String> here = checkedBefore(fa, p, at);
      if (here.isPresent()) {
        return here;
      }
    }
    if (depth == 0) {
      return Optional.empty();
    }
    String root = AccessPaths.root(path);
    int index = parameterIndex(fa.function(), root);
    List<Definition> defs = fa.defUse().reachingDefinitions(root, at);
    if (index < 0
        || defs.isEmpty()
        || defs.stream().anyMatch(d -> d.kind() != Definition.Kind.PARAMETER)) {
      return Optional.empty();
    }
    String name = fa.function().name();
    String rest = path.substring(root.length());
    Optional<String> found = Optional.empty();
    int callers = 0;
    for (CompilationUnit unit : units()) {
      for (CallExpression call :
          unit.findAll(
              CallExpression.class, c -> c.calleeName().filter(name::equals).isPresent())) {
        Optional<FunctionDefinition> caller = call.findAncestor(FunctionDefinition.class);
        if (caller.isEmpty() || caller.get() == fa.function() || index >= call.arguments().size()) {
          continue;
        }
        callers++;
        Optional<String> passed = AccessPaths.of(AccessPaths.strip(call.arguments().get(index)));
        if (passed.isEmpty()) {
          return Optional.empty();
        }
        FunctionAnalysis ga = ctx.analysis(caller.get());
        Optional<String> v = validation(ga, passed.get() + rest, call, depth - 1);
        if (v.isEmpty()) {
          return Optional.empty();
        }
        found = found.or(() -> v);
      }
    }
    return callers > 0 ? found : Optional.empty();
  }

  /** This file's unit first, then every other parsed file of the patch. */
  private List<CompilationUnit> units() {
    Set<CompilationUnit> out = new LinkedHashSet<>(ctx.file().units());
    out.addAll(ctx.file().patch().units().get());
    return new ArrayList<>(out);
  }

  /** {@code path} and the values it is a plain copy of ({@code range.len = uffdio.len}). */
  private static Set<String> sources(FunctionAnalysis fa, String path, Node at, int depth) {
    Set<String> out = new LinkedHashSet<>();
    out.add(path);
    if (depth == 0) {
      return out;
    }
    for (Definition d : fa.defUse().reachingDefinitions(path, at)) {
      if (d.value().isPresent()
          && !(d.node() instanceof AssignExpression a && !a.isSimple())
          && d.kind() != Definition.Kind.PARAMETER) {
        AccessPaths.of(AccessPaths.strip(d.value().get()))
            .ifPresent(p -> out.addAll(sources(fa, p, d.node(), depth - 1)));
      }
    }
    return out;
  }

  /** A test of {@code path} that leaves the function on every path before {@code at}. */
  private static Optional<String> checkedBefore(FunctionAnalysis fa, String path, Node at) {
    for (IfStatement test : fa.function().body().findAll(IfStatement.class)) {
      if (!leaves(test.thenStatement())
          || test.isAncestorOrSelf(at)
          || !fa.cfg().dominates(test.condition(), at)) {
        continue;
      }
      if (reads(fa, test.condition(), path)) {
        return Optional.of(
            "the test `if ("
                + test.condition().compactText()
                + ")` in "
                + fa.function().name()
                + "()");
      }
      for (CallExpression c : validatorsIn(test.condition())) {
        if (passes(c, path)) {
          return Optional.of(validator(c, fa));
        }
      }
      // ret = validate_range(...); if (ret) goto out;
      for (Use u : fa.defUse().uses()) {
        if (!test.condition().isAncestorOrSelf(u.expression())) {
          continue;
        }
        for (Definition d : fa.defUse().reachingDefinitions(u.path(), u.expression())) {
          if (d.value().isEmpty()) {
            continue;
          }
          for (CallExpression c : validatorsIn(d.value().get())) {
            if (passes(c, path)) {
              return Optional.of(validator(c, fa));
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private static String validator(CallExpression c, FunctionAnalysis fa) {
    return "`" + c.calleeName().orElse("") + "()` in " + fa.function().name() + "()";
  }

  private static List<CallExpression> validatorsIn(Expression e) {
    return e.findAll(
        CallExpression.class,
        c -> c.calleeName().filter(n -> VALIDATOR.matcher(n).matches()).isPresent());
  }

  private static boolean passes(CallExpression c, String path) {
    return c.arguments().stream()
        .anyMatch(a -> AccessPaths.of(AccessPaths.strip(a)).filter(path::equals).isPresent());
  }

  /** True when {@code cond} reads {@code path} (or a longer path through it). */
  private static boolean reads(FunctionAnalysis fa, Expression cond, String path) {
    return fa.defUse().uses().stream()
        .anyMatch(
            u ->
                cond.isAncestorOrSelf(u.expression())
                    && (u.path().equals(path) || AccessPaths.extendsPath(u.path(), path)));
  }

  /** True when {@code s} is, or ends with, a return or a goto: the function stops here. */
  private static boolean leaves(Statement s) {
    Statement last = s;
    while (last instanceof Block b && !b.statements().isEmpty()) {
      last = b.statements().get(b.statements().size() - 1);
    }
    return last instanceof ReturnStatement || last instanceof GotoStatement;
  }

  private static int parameterIndex(FunctionDefinition f, String name) {
    List<Parameter> ps = f.parameters();
    for (int i = 0; i < ps.size(); i++) {
      if (ps.get(i).name().filter(name::equals).isPresent()) {
        return i;
      }
    }
    return -1;
  }
}
