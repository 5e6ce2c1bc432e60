package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.kernel.LockApi;
import org.mmreview.kernel.LockApis;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * The NULL return of a {@code pte_offset_map*()} call reported with a hard errno. The mapping calls
 * are the conditional page-table maps of the lock table ({@code lock-apis.yaml}: the {@code try}
 * entries named {@code pte_offset_map*}). The failure branch is the branch the first NULL test of
 * the result takes on NULL; its errno is found, in order, as
 *
 * <ol>
 *   <li>a returned {@code -EFOO} or {@code ERR_PTR(-EFOO)} (a helper reporting it directly);
 *   <li>an errno assigned inside the branch ({@code err = -EFAULT; goto out;});
 *   <li>for a branch that only jumps ({@code goto out}, {@code return ret}), the errno preset in
 *       the variable the function returns ({@code ret = -EFAULT;} before the call), when every
 *       definition of it reaching the test is one.
 * </ol>
 *
 * Retry-like errnos ({@code -EAGAIN}, {@code -EBUSY}) are what the concern asks for; a return of 0,
 * a value that is not an errno, {@code continue}, {@code goto again} or {@code ACTION_AGAIN} treat
 * the vanished table as a race and stay silent.
 */
public final class PteMapFailureErrno extends NodeRule<CallExpression> {
  private static final Set<String> RETRY_ERRNOS = Set.of("EAGAIN", "EBUSY");
  private static final Pattern UPPER_LEVEL_TEST =
      Pattern.compile("(pgd|p4d|pud|pmd)_(none|present|bad|trans_huge|leaf|devmap)");
  private static final Set<String> UPPER_LEVEL_TYPES = Set.of("pgd_t", "p4d_t", "pud_t", "pmd_t");

  public PteMapFailureErrno() {
    super(CallExpression.class);
  }

  private static boolean isPteMap(CallExpression c) {
    String name = c.calleeName().orElse("");
    Optional<LockApi> api = LockApis.defaults().lookup(name);
    return api.isPresent()
        && api.get().kind() == LockApi.Kind.TRY
        && name.startsWith("pte_offset_map");
  }

  @Override
  protected void check(CallExpression call, RuleContext ctx) {
    if (!isPteMap(call)) {
      return;
    }
    FunctionAnalysis fa = ctx.unitAnalysis(call).enclosing(call).orElse(null);
    Optional<String> result = resultPath(call);
    if (fa == null || result.isEmpty()) {
      return;
    }
    Optional<Statement> failure = failureBranch(call, result.get(), fa);
    if (failure.isEmpty()) {
      return;
    }
    Optional<Expression> errno = errnoOf(failure.get(), fa);
    errno.ifPresent(
        e -> {
          String name = Matchers.errno(e).orElse("");
          if (!RETRY_ERRNOS.contains(name) && !upperLevelsSay(name, call, fa)) {
            ctx.at(call)
                .arg("call", call.calleeName().get())
                .arg("errno", "-" + name)
                .related(e, "-" + name + " reported for the vanished page table")
                .report();
          }
        });
  }

  /**
   * True when the function reports the same errno for an absent upper-level table ({@code
   * p4d_none()}, {@code !pmd_present()}, a NULL {@code mm_find_pmd()}): then the errno is this
   * walker's "nothing mapped here", and a vanished PTE table is just one more case of it (as in
   * {@code get_gate_page()}). Such walkers are left alone.
   */
  private static boolean upperLevelsSay(String errno, CallExpression call, FunctionAnalysis fa) {
    for (IfStatement i : fa.function().body().findAll(IfStatement.class)) {
      if (i.condition().isAncestorOrSelf(call) || !testsUpperLevel(i.condition(), fa)) {
        continue;
      }
      Optional<Expression> e = errnoOf(i.thenStatement(), fa);
      if (e.flatMap(Matchers::errno).filter(errno::equals).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static boolean testsUpperLevel(Expression cond, FunctionAnalysis fa) {
    for (CallExpression c : cond.findAll(CallExpression.class)) {
      if (c.calleeName().filter(n -> UPPER_LEVEL_TEST.matcher(n).matches()).isPresent()) {
        return true;
      }
    }
    Optional<String> tested = Matchers.nullTestedPath(cond);
    return tested
        .map(t -> fa.variables().get(t))
        .filter(t -> t.isPointer() && UPPER_LEVEL_TYPES.contains(t.baseName()))
        .isPresent();
  }

  /** The variable or access path the mapped PTE pointer is stored in. */
  private static Optional<String> resultPath(CallExpression call) {
    Node p = call.parent().orElse(null);
    // Through parentheses and the arms of `mm == &init_mm ? pte_offset_kernel() :
    // pte_offset_map_lock()`.
    while ((p instanceof Expression e && e.unparen() != e) || p instanceof ConditionalExpression) {
      p = p.parent().orElse(null);
    }
    if (p instanceof AssignExpression a && a.isSimple()) {
      return AccessPaths.of(a.target());
    }
    if (p instanceof Declarator d) {
      return Optional.of(d.name());
    }
    return Optional.empty();
  }

  /** The statement run when the first NULL test of {@code path} after {@code call} sees NULL. */
  private static Optional<Statement> failureBranch(
      CallExpression call, String path, FunctionAnalysis fa) {
    for (IfStatement i : fa.function().body().findAll(IfStatement.class)) {
      if (!call.range().isBefore(i.range()) || !fa.cfg().pathExists(call, i.condition())) {
        continue;
      }
      Expression c = Matchers.stripBranchHints(i.condition());
      if (!Matchers.isNullTestOf(c, path)) {
        continue;
      }
      if (isTrueOnNull(c, path)) {
        return Optional.of(i.thenStatement());
      }
      return i.elseStatement();
    }
    return Optional.empty();
  }

  private static boolean isTrueOnNull(Expression cond, String path) {
    Expression x = Matchers.stripBranchHints(cond);
    if (x instanceof UnaryExpression u && u.operator().equals("!")) {
      return Matchers.nullTestedPath(u.operand()).filter(path::equals).isPresent();
    }
    if (x instanceof BinaryExpression b) {
      if (b.operator().equals("==")) {
        return true;
      }
      if (b.operator().equals("||")) {
        return isTrueOnNull(b.left(), path) || isTrueOnNull(b.right(), path);
      }
    }
    return false;
  }

  /** The errno expression the failure branch reports, if it reports one. */
  private static Optional<Expression> errnoOf(Statement branch, FunctionAnalysis fa) {
    Optional<ReturnStatement> early = Matchers.earlyErrorReturn(branch);
    if (early.isPresent()) {
      Expression v = AccessPaths.strip(early.get().value().get());
      if (v instanceof CallExpression c && c.calleeName().filter("ERR_PTR"::equals).isPresent()) {
        v = c.arguments().get(0);
      }
      return Matchers.errno(v).isPresent() ? Optional.of(v) : Optional.empty();
    }
    List<AssignExpression> assigned =
        branch.findAll(
            AssignExpression.class, a -> a.isSimple() && Matchers.errno(a.value()).isPresent());
    if (!assigned.isEmpty()) {
      return Optional.of(assigned.get(assigned.size() - 1).value());
    }
    Statement last = branch;
    while (last instanceof Block b && !b.statements().isEmpty()) {
      last = b.statements().get(b.statements().size() - 1);
    }
    Optional<String> returned = Optional.empty();
    if (last instanceof ReturnStatement r && r.value().isPresent()) {
      returned = AccessPaths.of(r.value().get()).filter(p -> p.equals(AccessPaths.root(p)));
    } else if (last instanceof GotoStatement g) {
      returned = returnedAfter(g, fa);
    }
    if (returned.isEmpty() || !fa.defUse().isVariable(returned.get())) {
      return Optional.empty();
    }
    List<Definition> defs = fa.defUse().reachingDefinitions(returned.get(), last);
    if (defs.isEmpty()
        || !defs.stream().allMatch(d -> d.value().flatMap(Matchers::errno).isPresent())) {
      return Optional.empty();
    }
    return defs.get(defs.size() - 1).value();
  }

  /** The variable returned by the first return statement reached after the goto's label. */
  private static Optional<String> returnedAfter(GotoStatement g, FunctionAnalysis fa) {
    Optional<LabeledStatement> label = fa.cfg().target(g);
    if (label.isEmpty()) {
      return Optional.empty();
    }
    for (ReturnStatement r : fa.function().body().findAll(ReturnStatement.class)) {
      if (label.get().range().beginOffset() <= r.range().beginOffset() && r.value().isPresent()) {
        Expression v = AccessPaths.strip(r.value().get());
        return v instanceof Identifier id ? Optional.of(id.name()) : Optional.empty();
      }
    }
    return Optional.empty();
  }
}
