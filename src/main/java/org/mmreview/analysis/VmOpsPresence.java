package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Initializer;
import org.mmreview.ast.expr.InitializerList;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.ExpressionStatement;

/**
 * Whether {@code vma->vm_ops} is known to be set where a node runs. Anonymous VMAs have {@code
 * vm_ops == NULL} ({@code vma_is_anonymous()} is that test); every other VMA has ops (a file
 * mapping whose ->mmap sets none keeps {@code vma_dummy_vm_ops} from {@code vma_init()}). Known
 * set, for the VMA access path {@code P}:
 *
 * <ul>
 *   <li>a condition governing the node, an operand of {@code &&}/{@code ||}/{@code ?:} before it,
 *       or a {@code BUG_ON()} dominating it requires {@code P->vm_ops}, {@code P->vm_ops->x},
 *       {@code P->vm_file} non-NULL, {@code !vma_is_anonymous(P)}, a predicate only file VMAs pass
 *       ({@link #FILE_ONLY}), or {@code P->vm_ops == &some_ops};
 *   <li>a dereference of {@code P->vm_ops} or {@code P->vm_file} dominates the node (that one is
 *       the place to judge);
 *   <li>{@code P} comes from a parameter of a function installed in a {@code struct
 *       vm_operations_struct} of the file (it runs through those ops);
 *   <li>{@code P} comes from a parameter and every same-file call passes a VMA known set there (a
 *       few calls deep): {@code do_fault()} is called only in the else of {@code
 *       vma_is_anonymous()}.
 * </ul>
 *
 * Locals are followed to the access path they were initialised from ({@code vma = vmf->vma}), and a
 * struct built with {@code .vma = vma} to its member.
 */
public final class VmOpsPresence {
  /**
   * Predicates that hold only for VMAs with ops: shmem and hugetlbfs install theirs, DAX needs a
   * file, the special-huge test requires {@code vm_file} or DAX.
   */
  public static final Set<String> FILE_ONLY =
      Set.of(
          "vma_is_shmem",
          "vma_is_anon_shmem",
          "is_vm_hugetlb_page",
          "vma_is_dax",
          "vma_is_fsdax",
          "vma_is_special_huge",
          "shmem_file");

  private static final int MAX_DEPTH = 6;

  private final UnitAnalysis ua;
  private final Map<String, Boolean> memo = new HashMap<>();
  private final Set<String> inProgress = new HashSet<>();

  public VmOpsPresence(UnitAnalysis ua) {
    this.ua = ua;
  }

  /** True when {@code vma}'s ops are known set where {@code at} runs in {@code fa}'s function. */
  public boolean known(FunctionAnalysis fa, String vma, Node at) {
    return known(fa, vma, at, 0);
  }

  private boolean known(FunctionAnalysis fa, String vma, Node at, int depth) {
    String p = canonical(fa, vma);
    List<Conjuncts.Atom> atoms = new ArrayList<>(ShortCircuit.atomsHolding(at, null));
    if (fa.cfg().pointOf(at).isPresent()) {
      for (GoverningConditions.Governing g : GoverningConditions.of(fa.cfg(), at)) {
        atoms.addAll(Conjuncts.required(g.condition(), g.holds()));
      }
      for (ExpressionStatement s : fa.function().findAll(ExpressionStatement.class)) {
        if (s.expression().unparen() instanceof CallExpression c
            && c.calleeName().filter(n -> n.contains("BUG_ON")).isPresent()
            && !c.arguments().isEmpty()
            && !s.isAncestorOrSelf(at)
            && fa.cfg().dominates(s, at)) {
          atoms.addAll(Conjuncts.required(c.arguments().get(0), false));
        }
      }
    }
    for (Conjuncts.Atom a : atoms) {
      if (implies(a, fa, p)) {
        return true;
      }
    }
    if (dereferencedBefore(fa, p, at)) {
      return true;
    }
    return fromCallers(fa, p, depth);
  }

  /** An atom that can only hold (or fail) when {@code p}'s ops are set. */
  private boolean implies(Conjuncts.Atom atom, FunctionAnalysis fa, String p) {
    for (String nonNull : MaybeNullFlow.nonNullPaths(atom)) {
      String c = canonical(fa, nonNull);
      if (c.equals(p + "->vm_ops")
          || c.equals(p + "->vm_file")
          || c.startsWith(p + "->vm_ops->")
          || c.startsWith(p + "->vm_file->")) {
        return true;
      }
    }
    Expression x = Matchers.stripBranchHints(atom.expression());
    if (x instanceof CallExpression call && call.arguments().size() >= 1) {
      String name = call.calleeName().orElse("");
      Optional<String> arg = call.argument(0).flatMap(AccessPaths::of).map(a -> canonical(fa, a));
      if (arg.isEmpty()) {
        return false;
      }
      if (name.equals("vma_is_anonymous") && !atom.holds() && arg.get().equals(p)) {
        return true;
      }
      return FILE_ONLY.contains(name)
          && atom.holds()
          && (arg.get().equals(p) || arg.get().equals(p + "->vm_file"));
    }
    if (x instanceof BinaryExpression b
        && (b.operator().equals("==") || b.operator().equals("!="))
        && b.operator().equals("==") == atom.holds()) {
      for (Expression[] side : new Expression[][] {{b.left(), b.right()}, {b.right(), b.left()}}) {
        if (AccessPaths.strip(side[1]) instanceof UnaryExpression u
            && u.operator().equals("&")
            && AccessPaths.of(side[0])
                .map(s -> canonical(fa, s))
                .filter((p + "->vm_ops")::equals)
                .isPresent()) {
          return true;
        }
      }
    }
    return false;
  }

  /** A dereference of {@code p->vm_ops} or {@code p->vm_file} in another statement dominates. */
  private static boolean dereferencedBefore(FunctionAnalysis fa, String p, Node at) {
    Optional<CfgNode> here = fa.cfg().pointOf(at);
    if (here.isEmpty()) {
      return false;
    }
    for (MemberAccess m : fa.function().findAll(MemberAccess.class, MemberAccess::isArrow)) {
      Optional<String> obj = AccessPaths.of(m.object());
      if (obj.isEmpty()) {
        continue;
      }
      String o = obj.get();
      if (!o.endsWith("->vm_ops") && !o.endsWith("->vm_file")) {
        continue;
      }
      String c = canonicalIn(fa, o);
      // Only a dereference evaluated whenever its statement runs: not the guarded right side of
      // `vma->vm_ops && vma->vm_ops->x`.
      if ((c.equals(p + "->vm_ops") || c.equals(p + "->vm_file"))
          && ShortCircuit.atomsHolding(m, null).isEmpty()
          && fa.cfg().pointOf(m).filter(x -> x != here.get()).isPresent()
          && fa.cfg().dominates(m, at)) {
        return true;
      }
    }
    return false;
  }

  /** Through the function's parameter: an ops callback, or every same-file caller knows. */
  private boolean fromCallers(FunctionAnalysis fa, String p, int depth) {
    FunctionDefinition fn = fa.function();
    String root = AccessPaths.root(p);
    List<Parameter> params = fn.parameters();
    int index = -1;
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).name().filter(root::equals).isPresent()) {
        index = i;
      }
    }
    if (index < 0 || depth >= MAX_DEPTH) {
      return false;
    }
    if (isOpsCallback(fn)) {
      return true;
    }
    String key = fn.name() + "|" + p;
    Boolean cached = memo.get(key);
    if (cached != null) {
      return cached;
    }
    if (!inProgress.add(key)) {
      return false; // recursion: no proof along this cycle
    }
    boolean result = callersKnow(fn, index, p.substring(root.length()), depth);
    inProgress.remove(key);
    memo.put(key, result);
    return result;
  }

  private boolean callersKnow(FunctionDefinition fn, int index, String rest, int depth) {
    List<CallExpression> calls = new ArrayList<>();
    for (Identifier id : ua.unit().findAll(Identifier.class, i -> i.name().equals(fn.name()))) {
      if (id.parent().orElse(null) instanceof CallExpression c && c.callee() == id) {
        calls.add(c);
      } else if (!fn.isAncestorOrSelf(id)) {
        return false; // its address is taken: callers beyond this file's calls
      }
    }
    if (calls.isEmpty()) {
      return false;
    }
    for (CallExpression c : calls) {
      Optional<FunctionAnalysis> caller = ua.enclosing(c);
      Optional<Expression> arg = c.argument(index);
      if (caller.isEmpty() || arg.isEmpty()) {
        return false;
      }
      Expression a = AccessPaths.strip(arg.get());
      String path;
      if (a instanceof UnaryExpression u && u.operator().equals("&")) {
        Optional<String> base = AccessPaths.of(u.operand());
        if (base.isEmpty()) {
          return false;
        }
        path = base.get() + (rest.startsWith("->") ? "." + rest.substring(2) : rest);
      } else {
        Optional<String> base = AccessPaths.of(a);
        if (base.isEmpty()) {
          return false;
        }
        path = base.get() + rest;
      }
      if (!known(caller.get(), path, c, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  /** True when the function is installed in a {@code struct vm_operations_struct} of the file. */
  private boolean isOpsCallback(FunctionDefinition fn) {
    for (Declaration d : ua.unit().findAll(Declaration.class)) {
      if (!d.baseType().text().contains("vm_operations_struct")) {
        continue;
      }
      for (InitializerList list : d.findAll(InitializerList.class)) {
        for (Initializer i : list.initializers()) {
          if (AccessPaths.strip(i.value()) instanceof Identifier id
              && id.name().equals(fn.name())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The path with locals replaced by the access path they were set from, where unique. */
  public static String canonical(FunctionAnalysis fa, String path) {
    return canonicalIn(fa, path);
  }

  private static String canonicalIn(FunctionAnalysis fa, String path) {
    String p = path;
    for (int i = 0; i < 4; i++) {
      String root = AccessPaths.root(p);
      if (root.isEmpty() || p.startsWith("*") || isParameter(fa, root)) {
        return p;
      }
      List<Definition> defs =
          fa.defUse().definitionsOf(root).stream().filter(d -> !d.isPossible()).toList();
      if (defs.size() != 1 || defs.get(0).value().isEmpty()) {
        return p;
      }
      Expression v = AccessPaths.strip(defs.get(0).value().get());
      String rest = p.substring(root.length());
      Optional<String> replaced = Optional.empty();
      if (v instanceof InitializerList list && rest.startsWith(".")) {
        String member = AccessPaths.root(rest.substring(1));
        for (Initializer init : list.initializers()) {
          if (init.designators().contains("." + member)) {
            replaced =
                AccessPaths.of(init.value()).map(x -> x + rest.substring(1 + member.length()));
          }
        }
      } else {
        replaced = AccessPaths.of(v).map(x -> x + rest);
      }
      if (replaced.isEmpty() || replaced.get().equals(p)) {
        return p;
      }
      p = replaced.get();
    }
    return p;
  }

  private static boolean isParameter(FunctionAnalysis fa, String name) {
    return fa.function().parameters().stream()
        .anyMatch(x -> x.name().filter(name::equals).isPresent());
  }
}
