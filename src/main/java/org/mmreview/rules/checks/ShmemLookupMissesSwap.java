package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Conjuncts;
import org.mmreview.analysis.FollowingStatements;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.GoverningConditions;
import org.mmreview.analysis.Matchers;
import org.mmreview.analysis.PageCacheLookups;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.kernel.ShmemPageCache;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * A page-only page-cache lookup ({@code find_lock_page()}, {@code filemap_get_folio()}, ...) on a
 * mapping the code knows is shmem's, whose "no page" answer is then taken for "no page at this
 * index". shmem keeps a swapped-out page as a swap entry in the same slot, which these lookups do
 * not return, so a page that is merely on swap is treated as absent (an UFFDIO_CONTINUE that fails
 * with -EFAULT, a page silently skipped). Hugh Dickins: "find_lock_page() is not allowing for swap
 * ... You will need to use shmem_getpage(SGP_CACHE) instead".
 *
 * <p>The mapping is known to be shmem's when the function is one of shmem's ({@code shmem_*()}), a
 * {@code vma_is_shmem()}/{@code shmem_mapping()}/{@code shmem_file()} test (or an {@code is_shmem}
 * flag) governs the lookup, or the file is one where a file-backed vma can only be shmem's (mm/
 * shmem.c; mm/userfaultfd.c for a mapping reached from a vma's {@code vm_file}, outside the
 * hugetlbfs routines). Not reported: a function that also calls a swap-aware way in ({@code
 * shmem_get_folio()}, {@code shmem_read_mapping_page()}, {@code xa_is_value()}, ...), where the
 * lookup is a fast path with a fallback; lookups in the swap cache; results never tested for
 * absence.
 */
public final class ShmemLookupMissesSwap extends NodeRule<CallExpression> {

  public ShmemLookupMissesSwap() {
    super(CallExpression.class);
  }

  @Override
  protected void check(CallExpression call, RuleContext ctx) {
    String name = call.calleeName().orElse("");
    if (!ShmemPageCache.isPageOnlyLookup(name) || PageCacheLookups.asksForEntries(call)) {
      return;
    }
    Optional<Expression> mapping = call.argument(0);
    if (mapping.isEmpty() || mapping.get().text().contains("swap")) {
      return; // the swap cache's own address space, not a file's page cache
    }
    Optional<FunctionDefinition> fn = call.findAncestor(FunctionDefinition.class);
    Node scope = fn.<Node>map(FunctionDefinition::body).orElseGet(() -> outermost(call));
    if (scope.findFirst(CallExpression.class, ShmemLookupMissesSwap::swapAware).isPresent()) {
      return;
    }
    Optional<String> evidence = shmemEvidence(call, fn, mapping.get(), ctx);
    if (evidence.isEmpty()) {
      return;
    }
    Optional<Node> absent = absentBranch(call);
    if (absent.isEmpty()) {
      return;
    }
    ctx.at(call)
        .arg("lookup", name)
        .arg("mapping", mapping.get().text().strip())
        .arg("evidence", evidence.get())
        .related(absent.get(), "a page on swap takes this path as absent")
        .report();
  }

  private static boolean swapAware(CallExpression c) {
    return c.calleeName().filter(ShmemPageCache::isSwapAware).isPresent();
  }

  /** The top of a hunk parsed without its function: the unit, or the outermost node. */
  private static Node outermost(Node n) {
    Node cur = n;
    while (cur.parent().isPresent() && !(cur instanceof CompilationUnit)) {
      cur = cur.parent().get();
    }
    return cur;
  }

  /** Why the mapping looked in is shmem's, as the message says it; empty when nothing says so. */
  private static Optional<String> shmemEvidence(
      CallExpression call, Optional<FunctionDefinition> fn, Expression mapping, RuleContext ctx) {
    String fnName = fn.map(FunctionDefinition::name).orElse("");
    if (fnName.startsWith("shmem_")) {
      return Optional.of("in shmem's own `" + fnName + "()`");
    }
    Optional<FunctionAnalysis> fa = ctx.unitAnalysis(call).enclosing(call);
    if (fa.isPresent()) {
      for (GoverningConditions.Governing g : GoverningConditions.of(fa.get().cfg(), call)) {
        for (Conjuncts.Atom atom : Conjuncts.required(g.condition(), g.holds())) {
          if (atom.holds() && shmemTest(atom.expression())) {
            return Optional.of("under `" + atom.expression().text().strip() + "`");
          }
        }
      }
    }
    String path = ctx.file().path();
    if (!ShmemPageCache.fileMappingsAreShmem(path) || fnName.contains("hugetlb")) {
      return Optional.empty();
    }
    Node scope = fn.<Node>map(FunctionDefinition::body).orElseGet(() -> outermost(call));
    if (scope
        .findFirst(
            CallExpression.class,
            c ->
                c.calleeName()
                    .filter(n -> n.contains("hugetlb") || n.contains("huge_page"))
                    .isPresent())
        .isPresent()) {
      return Optional.empty();
    }
    if (path.endsWith("shmem.c")) {
      return Optional.of("a mapping of mm/shmem.c");
    }
    return fromVmFile(mapping, scope, 0)
        ? Optional.of(
            "a vma's file on userfaultfd's fill path, which takes only anonymous, shmem and"
                + " hugetlbfs vmas")
        : Optional.empty();
  }

  /** {@code vma_is_shmem(v)}, {@code shmem_mapping(m)}, {@code shmem_file(f)}, {@code is_shmem}. */
  private static boolean shmemTest(Expression e) {
    Expression x = Matchers.stripBranchHints(e);
    if (x instanceof CallExpression c) {
      return c.calleeName().filter(ShmemPageCache::isShmemPredicate).isPresent();
    }
    return x instanceof Identifier id
        && (id.name().equals("is_shmem") || id.name().equals("shmem"));
  }

  /**
   * True when {@code e} reads a vma's {@code vm_file}, directly or through the locals it was
   * computed from ({@code mapping = inode->i_mapping}, {@code inode = file_inode(vma->vm_file)}).
   */
  private static boolean fromVmFile(Expression e, Node scope, int depth) {
    if (e.text().contains("vm_file")) {
      return true;
    }
    if (depth >= 3) {
      return false;
    }
    List<String> roots = new ArrayList<>();
    e.stream()
        .filter(x -> x instanceof Identifier)
        .forEach(x -> roots.add(((Identifier) x).name()));
    for (String root : roots) {
      for (Expression value : valuesOf(root, scope)) {
        if (fromVmFile(value, scope, depth + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The values a local is initialised or assigned with in {@code scope}. */
  private static List<Expression> valuesOf(String variable, Node scope) {
    List<Expression> out = new ArrayList<>();
    Node fnScope = scope.findAncestor(FunctionDefinition.class).<Node>map(f -> f).orElse(scope);
    for (Declarator d : fnScope.findAll(Declarator.class)) {
      if (d.name().equals(variable)) {
        d.initializer().ifPresent(out::add);
      }
    }
    for (AssignExpression a : scope.findAll(AssignExpression.class)) {
      if (a.operator().equals("=")
          && AccessPaths.of(a.target()).filter(variable::equals).isPresent()) {
        out.add(a.value());
      }
    }
    return out;
  }

  /**
   * The statement run when the lookup found no page: the branch of the first {@code if} after it
   * that tests its result for NULL or an error pointer.
   */
  private static Optional<Node> absentBranch(CallExpression call) {
    Optional<String> variable = AccessPaths.assignedTo(call);
    Expression top = Conjuncts.topCondition(call);
    if (variable.isEmpty()) {
      if (top.parent().orElse(null) instanceof IfStatement i && i.condition() == top) {
        return Optional.of(branch(i, absentWhenTrue(top, call)));
      }
      return Optional.empty();
    }
    Statement holder = call.findAncestor(Statement.class).orElse(null);
    if (holder == null) {
      return Optional.empty();
    }
    for (Node next : FollowingStatements.after(holder)) {
      if (next instanceof IfStatement i && testsAbsence(i.condition(), variable.get())) {
        return Optional.of(branch(i, absentWhenTrue(i.condition(), null)));
      }
      if (next.stream()
          .anyMatch(
              x ->
                  x instanceof AssignExpression a
                      && AccessPaths.of(a.target()).filter(variable.get()::equals).isPresent())) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** {@code !v}, {@code v == NULL}, {@code IS_ERR(v)}, {@code IS_ERR_OR_NULL(v)}, {@code v}. */
  private static boolean testsAbsence(Expression cond, String v) {
    if (Matchers.isNullTestOf(cond, v)) {
      return true;
    }
    Expression x = Matchers.stripBranchHints(cond);
    if (x instanceof UnaryExpression u && u.operator().equals("!")) {
      x = Matchers.stripBranchHints(u.operand());
    }
    return x instanceof CallExpression c
        && c.calleeName().filter("IS_ERR"::equals).isPresent()
        && c.argument(0).flatMap(AccessPaths::of).filter(v::equals).isPresent();
  }

  /**
   * True when the condition holds for a missing page: {@code !v}, {@code v == NULL}, {@code
   * IS_ERR(v)}; false for {@code v}, {@code v != NULL}, {@code !IS_ERR(v)} (and for a bare call,
   * {@code call} given: {@code if (find_get_page(...))}).
   */
  private static boolean absentWhenTrue(Expression cond, CallExpression call) {
    Expression x = Matchers.stripBranchHints(cond);
    boolean negated = false;
    while (x instanceof UnaryExpression u && u.operator().equals("!")) {
      negated = !negated;
      x = Matchers.stripBranchHints(u.operand());
    }
    boolean absent;
    if (x instanceof BinaryExpression b && b.operator().equals("==")) {
      absent = true;
    } else if (x instanceof CallExpression c
        && c != call
        && c.calleeName()
            .filter(n -> n.equals("IS_ERR") || n.equals("IS_ERR_OR_NULL"))
            .isPresent()) {
      absent = true;
    } else {
      absent = false;
    }
    return absent != negated;
  }

  /** The first statement of the then or else branch, or the {@code if} when there is no else. */
  private static Node branch(IfStatement i, boolean then) {
    Statement s = then ? i.thenStatement() : i.elseStatement().orElse(null);
    if (s == null) {
      return i;
    }
    while (s instanceof Block b && !b.statements().isEmpty()) {
      s = b.statements().get(0);
    }
    return s;
  }
}
