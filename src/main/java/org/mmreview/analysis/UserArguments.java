package org.mmreview.analysis;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.type.TypeName;

/**
 * Which values of a file's functions come straight from user space (an ioctl's arguments), by
 * def-use through locals and struct fields:
 *
 * <ul>
 *   <li>objects filled by {@code copy_from_user(&x, ...)}, {@code get_user(x, ...)} and their
 *       fields ({@code uffdio_copy.len});
 *   <li>parameters of an ioctl backend: a function taking an ioctl context ({@code struct
 *       userfaultfd_ctx *}), a uapi argument struct ({@code struct uffdio_*}) or a uapi scalar
 *       ({@code __u64 mode}) gets the ioctl's arguments in its scalar parameters ({@code unsigned
 *       long start, len});
 *   <li>parameters of same-file functions that some call site passes such a value;
 *   <li>locals every reaching definition of which is a plain copy of such a value.
 * </ul>
 *
 * Values computed from them (a loop cursor {@code dst_addr += PAGE_SIZE}, a call's result) are not
 * "the user's argument" any more: asserts on them are loop or result invariants. The tables are in
 * {@code kernel-asserts.yaml}.
 */
public final class UserArguments {
  private final UnitAnalysis unit;
  private final KernelAsserts table = KernelAsserts.defaults();
  private final Map<FunctionDefinition, Map<String, String>> userParams = new IdentityHashMap<>();

  private UserArguments(UnitAnalysis unit) {
    this.unit = unit;
    for (FunctionDefinition f : unit.unit().functions()) {
      userParams.put(f, new LinkedHashMap<>(backendParams(f)));
    }
    propagate();
  }

  /** The user-argument facts of a file. */
  public static UserArguments of(UnitAnalysis unit) {
    return new UserArguments(unit);
  }

  /** A user-supplied value read by an expression: the path read and where it came from. */
  public record UserValue(String path, String origin) {}

  private Map<String, String> backendParams(FunctionDefinition f) {
    boolean backend =
        f.parameters().stream()
            .map(Parameter::type)
            .anyMatch(
                t -> table.isIoctlContext(t) || table.isUapiRecord(t) || table.isUapiScalar(t));
    Map<String, String> out = new LinkedHashMap<>();
    if (!backend) {
      return out;
    }
    for (Parameter p : f.parameters()) {
      TypeName t = p.type();
      boolean scalar = !t.isPointer() && !t.isRecord() && !t.isArray();
      if (p.name().isPresent() && (scalar || table.isUapiRecord(t))) {
        out.put(p.name().get(), "an argument of the ioctl backend " + f.name() + "()");
      }
    }
    return out;
  }

  /** A same-file callee's parameter is user-derived when some call passes it a user value. */
  private void propagate() {
    for (int round = 0; round < 6; round++) {
      boolean changed = false;
      for (FunctionDefinition g : unit.unit().functions()) {
        FunctionAnalysis ga = unit.of(g);
        for (CallExpression call : g.body().findAll(CallExpression.class)) {
          Optional<FunctionDefinition> callee = unit.helpers().resolve(call);
          if (callee.isEmpty() || callee.get() == g) {
            continue;
          }
          List<Parameter> params = callee.get().parameters();
          Map<String, String> known = userParams.get(callee.get());
          for (int i = 0; i < params.size() && i < call.arguments().size(); i++) {
            Optional<String> name = params.get(i).name();
            if (name.isEmpty() || known.containsKey(name.get())) {
              continue;
            }
            Optional<UserValue> v = userValueIn(call.arguments().get(i), ga);
            if (v.isPresent()) {
              known.put(
                  name.get(),
                  "passed " + v.get().path() + " by " + g.name() + "(), " + v.get().origin());
              changed = true;
            }
          }
        }
      }
      if (!changed) {
        return;
      }
    }
  }

  /** The first user-supplied value {@code e} reads directly (not through a computation). */
  public Optional<UserValue> userValueIn(Expression e, FunctionAnalysis fa) {
    return userValueIn(e, fa, new HashSet<>(), 3);
  }

  private Optional<UserValue> userValueIn(
      Expression e, FunctionAnalysis fa, Set<Node> seen, int depth) {
    DefUse du = fa.defUse();
    for (Use u : du.uses()) {
      if (!e.isAncestorOrSelf(u.expression()) || !seen.add(u.expression())) {
        continue;
      }
      Optional<UserValue> v = userValueAt(u, fa, seen, depth);
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  private Optional<UserValue> userValueAt(Use u, FunctionAnalysis fa, Set<Node> seen, int depth) {
    String root = u.variable();
    Optional<String> copied = copiedFromUser(root, u.expression(), fa);
    if (copied.isPresent()) {
      return Optional.of(new UserValue("`" + u.path() + "`", copied.get()));
    }
    List<Definition> defs = fa.defUse().reachingDefinitions(root, u.expression());
    Map<String, String> params = userParams.getOrDefault(fa.function(), Map.of());
    if (params.containsKey(root)
        && !defs.isEmpty()
        && defs.stream().allMatch(d -> d.kind() == Definition.Kind.PARAMETER)) {
      return Optional.of(new UserValue("`" + u.path() + "`", params.get(root)));
    }
    // A local that only ever holds a plain copy of a user value ("range.len = uffdio.len").
    List<Definition> pathDefs = fa.defUse().reachingDefinitions(u.path(), u.expression());
    if (depth > 0
        && !pathDefs.isEmpty()
        && pathDefs.stream()
            .allMatch(d -> isPlainCopy(d) && d.kind() != Definition.Kind.PARAMETER)) {
      for (Definition d : pathDefs) {
        Optional<UserValue> v = userValueIn(d.value().get(), fa, seen, depth - 1);
        if (v.isEmpty()) {
          return Optional.empty();
        }
        if (d == pathDefs.get(pathDefs.size() - 1)) {
          return Optional.of(
              new UserValue(
                  "`" + u.path() + "`", "a copy of " + v.get().path() + ", " + v.get().origin()));
        }
      }
    }
    return Optional.empty();
  }

  /** A definition whose value is just another variable or access path. */
  private static boolean isPlainCopy(Definition d) {
    if (d.value().isEmpty()) {
      return false;
    }
    if (d.node() instanceof AssignExpression a && !a.isSimple()) {
      return false;
    }
    return AccessPaths.of(d.value().get()).isPresent();
  }

  /** Where {@code root} was filled from user space before {@code at}, if it was. */
  private Optional<String> copiedFromUser(String root, Node at, FunctionAnalysis fa) {
    for (CallExpression c : fa.function().body().findAll(CallExpression.class)) {
      String name = c.calleeName().orElse("");
      Integer dest = table.userCopies().get(name);
      if (dest == null || !fa.cfg().pathExists(c, at)) {
        continue;
      }
      Optional<String> target = Optional.empty();
      if (dest >= 0) {
        target =
            c.argument(dest)
                .map(AccessPaths::strip)
                .flatMap(
                    a ->
                        a instanceof UnaryExpression u && u.operator().equals("&")
                            ? AccessPaths.of(u.operand())
                            : AccessPaths.of(a));
      } else {
        Node p = c.parent().orElse(null);
        if (p instanceof AssignExpression a) {
          target = AccessPaths.of(a.target());
        } else if (p instanceof Declarator d) {
          target = Optional.of(d.name());
        }
      }
      if (target.map(AccessPaths::root).filter(root::equals).isPresent()) {
        return Optional.of("copied from user space by " + name + "()");
      }
    }
    return Optional.empty();
  }
}
