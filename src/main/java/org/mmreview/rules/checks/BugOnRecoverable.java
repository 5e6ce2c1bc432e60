package org.mmreview.rules.checks;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.KernelAsserts;
import org.mmreview.analysis.KernelAsserts.CrashAssert;
import org.mmreview.analysis.LockEvent;
import org.mmreview.analysis.Matchers;
import org.mmreview.analysis.PmdAsserts;
import org.mmreview.analysis.Use;
import org.mmreview.analysis.UserArguments;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.type.TypeName;
import org.mmreview.kernel.LockGroup;
import org.mmreview.report.Severity;
import org.mmreview.rules.Fact;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.checks.bugon.CallerValidation;
import org.mmreview.rules.checks.bugon.EntryMoments;
import org.mmreview.rules.checks.bugon.HugeLeafAssert;
import org.mmreview.rules.checks.bugon.ResultSign;

/**
 * A crashing assert ({@code BUG_ON()}, {@code VM_BUG_ON*()}, a {@code BUG()} under an {@code if})
 * whose condition the path could handle. These kinds are reported, in this order:
 *
 * <ol>
 *   <li><b>error</b>: the condition compares page-table entries read at different moments ({@link
 *       EntryMoments}): the hardware sets accessed/dirty bits even under the page-table lock.
 *   <li><b>error</b>: {@code !pmd_trans_huge()} asserted after {@code pmd_trans_huge_lock()}, which
 *       also admits migration and devmap entries ({@link HugeLeafAssert}).
 *   <li><b>error</b>: the condition reads a value straight from the ioctl's arguments ({@link
 *       UserArguments}: a {@code copy_from_user()}ed struct's field, a start/len/mode parameter of
 *       an ioctl backend, a same-file helper's parameter passed one, a local copy of one), and
 *       nothing the function computed itself. User space chooses it, so the crash is a local denial
 *       of service; a <b>warning</b> when the function or every caller on the way from the ioctl
 *       (same file, same patch) validates that argument first ({@link CallerValidation}).
 *   <li><b>warning</b>: the condition reads page-table state (a value from {@code ptep_get()},
 *       {@code pmdp_get_lockless()}, or computed from one) where the page-table lock is not held,
 *       and this function shows it (it dropped the PTL before, or holds only the mmap read lock): a
 *       racing zap or fault can make it true.
 *   <li><b>warning</b>: an argument sanity check: every value the condition reads is an unmodified
 *       parameter (or a field of one), at least one a scalar (address, length, flags), in a
 *       function that already has an error return to use instead.
 *   <li><b>warning</b>: the sign of the value a signed function returns ({@code VM_BUG_ON(add < 0);
 *       return add;}) where the function also returns a negative errno, or where the patch adds the
 *       assert without changing how the value is computed ({@link ResultSign}).
 * </ol>
 *
 * Not reported: lock-state invariants ({@code spin_is_locked()}, {@code folio_test_locked()});
 * other asserts on results and loop cursors the function computed itself ("impossible by
 * construction"); object-state invariants of pointer parameters alone; asserts on a live PMD, which
 * {@code unstable-pmd-assert} reports (one finding per line); {@code BUILD_BUG_ON()} and {@code
 * WARN_ON*()}. A {@code BUG()} not taken by an {@code if} (a switch default) is not judged.
 */
public final class BugOnRecoverable extends NodeRule<CallExpression> {
  /** The values of a unit that come from user space. */
  private static final Fact<UserArguments> USER_ARGUMENTS = Fact.perUnit(UserArguments::of);

  public BugOnRecoverable() {
    super(CallExpression.class);
  }

  @Override
  protected void check(CallExpression call, RuleContext ctx) {
    KernelAsserts table = KernelAsserts.defaults();
    Optional<CrashAssert> found = table.crashAssert(call);
    if (found.isEmpty() || found.get().condition().isEmpty()) {
      return;
    }
    CrashAssert a = found.get();
    FunctionAnalysis fa = ctx.unitAnalysis(call).enclosing(call).orElse(null);
    if (fa == null || testsLockState(a, table)) {
      return;
    }
    // Both shapes hold with the page-table lock taken, so they come before the lock-based ones.
    Optional<EntryMoments.Comparison> moments = EntryMoments.in(a, fa);
    if (moments.isPresent()) {
      finding(ctx, call, a)
          .variant("entries_across_time")
          .arg("fresh", moments.get().fresh())
          .arg("earlier", moments.get().earlier())
          .severity(Severity.ERROR)
          .report();
      return;
    }
    Optional<HugeLeafAssert.Found> hugeLeaf = HugeLeafAssert.in(a, fa);
    if (hugeLeaf.isPresent()) {
      finding(ctx, call, a)
          .variant("huge_leaf_lock")
          .arg("test", "`" + hugeLeaf.get().test().compactText() + "`")
          .arg("lock", hugeLeaf.get().lock().calleeName().orElse(""))
          .related(hugeLeaf.get().lock(), "taken for migration and devmap entries too")
          .severity(Severity.ERROR)
          .report();
      return;
    }
    if (PmdAsserts.unstable(a, fa).isPresent()) {
      return;
    }
    UserArguments users = ctx.get(USER_ARGUMENTS, call);
    for (Expression e : a.condition()) {
      Optional<UserArguments.UserValue> v = users.userValueIn(e, fa);
      if (v.isPresent() && onlyArguments(a, fa, users)) {
        String path = v.get().path().replace("`", "");
        Optional<String> validated = new CallerValidation(ctx).validation(fa, path, call);
        if (validated.isPresent()) {
          finding(ctx, call, a)
              .variant("user_value_validated")
              .arg("value", v.get().path())
              .arg("origin", v.get().origin())
              .arg("validation", validated.get())
              .report();
        } else {
          finding(ctx, call, a)
              .arg("value", v.get().path())
              .arg("origin", v.get().origin())
              .severity(Severity.ERROR)
              .report();
        }
        return;
      }
    }
    Optional<PageTableRead> pageTable = pageTableState(a, fa);
    if (pageTable.isPresent()) {
      RuleContext.FindingBuilder f = finding(ctx, call, a).arg("entry", pageTable.get().entry());
      pageTable
          .get()
          .unlock()
          .ifPresentOrElse(
              unlock -> f.variant("page_table_unlocked").arg("unlock", unlock),
              () -> f.variant("page_table_read_locked"));
      f.report();
      return;
    }
    Optional<Set<String>> args = argumentCheck(a, fa);
    if (args.isPresent()) {
      finding(ctx, call, a)
          .variant(args.get().size() == 1 ? "argument_check" : "arguments_check")
          .arg("arguments", String.join(", ", args.get()))
          .arg("function", fa.function().name())
          .report();
      return;
    }
    Optional<ResultSign.Found> sign = ResultSign.in(a, fa, ctx.file());
    if (sign.isPresent()) {
      RuleContext.FindingBuilder f =
          finding(ctx, call, a)
              .arg("value", sign.get().value())
              .arg("function", fa.function().name());
      sign.get()
          .errno()
          .ifPresentOrElse(
              r ->
                  f.variant("result_with_errno")
                      .arg("errno", r.value().map(Expression::compactText).orElse(""))
                      .related(r, "the function's error return"),
              () ->
                  f.variant("result_unchanged").arg("type", fa.function().returnType().spelling()));
      f.report();
    }
  }

  private static RuleContext.FindingBuilder finding(
      RuleContext ctx, CallExpression call, CrashAssert a) {
    return ctx.at(call).arg("macro", a.macro()).arg("condition", a.conditionText());
  }

  /**
   * Page-table state the condition reads without the page-table lock: the local or call it is read
   * through, and the unlock that dropped the lock before (empty when only the mmap read lock is
   * held).
   */
  private record PageTableRead(String entry, Optional<String> unlock) {}

  private static boolean testsLockState(CrashAssert a, KernelAsserts table) {
    return a.condition().stream()
        .anyMatch(
            e ->
                e.findAll(CallExpression.class).stream()
                    .anyMatch(c -> table.isLockStateTest(c.calleeName().orElse(""))));
  }

  /**
   * True when every value the condition reads is a user value or an unmodified parameter: an
   * argument check. A condition that also reads a value computed here (the loop cursor of {@code
   * BUG_ON(dst_addr >= dst_start + len)}, a call's result) asserts an invariant of the computation,
   * which holds by construction whatever user space passed.
   */
  private static boolean onlyArguments(CrashAssert a, FunctionAnalysis fa, UserArguments users) {
    for (Expression e : a.condition()) {
      for (Use u : fa.defUse().uses()) {
        if (!e.isAncestorOrSelf(u.expression())
            || insidePath(u)
            || users.userValueIn(u.expression(), fa).isPresent()) {
          continue;
        }
        List<Definition> defs = fa.defUse().reachingDefinitions(u.variable(), u.expression());
        if (parameter(fa, u.variable()).isEmpty()
            || defs.isEmpty()
            || defs.stream().anyMatch(d -> d.kind() != Definition.Kind.PARAMETER)) {
          return false;
        }
      }
    }
    return true;
  }

  /** True for the {@code range} of a read of {@code range.len}: the longer path is what is read. */
  private static boolean insidePath(Use u) {
    return u.expression()
        .parent()
        .filter(p -> p instanceof MemberAccess m && m.object() == u.expression())
        .isPresent();
  }

  /**
   * The page-table state the condition reads outside the PTL, when this function shows the race.
   */
  private static Optional<PageTableRead> pageTableState(CrashAssert a, FunctionAnalysis fa) {
    Node at = a.call();
    if (fa.locks().heldAt(at, LockGroup.PTL)) {
      return Optional.empty();
    }
    Optional<String> read = Optional.empty();
    for (Expression e : a.condition()) {
      read = readsEntry(e, at, fa, 3);
      if (read.isPresent()) {
        break;
      }
    }
    if (read.isEmpty()) {
      return Optional.empty();
    }
    for (LockEvent r : fa.locks().releases()) {
      if (r.group() == LockGroup.PTL && fa.cfg().pathExists(r.call(), at)) {
        return Optional.of(new PageTableRead(read.get(), Optional.of(r.api())));
      }
    }
    // Only where this function shows the race: a map without the lock alone is not enough
    // (callers often hold the PMD lock, or the table is a private, just-withdrawn deposit).
    return PmdAsserts.mmapReadLockedOnly(at, fa)
        ? Optional.of(new PageTableRead(read.get(), Optional.empty()))
        : Optional.empty();
  }

  /** The local or call through which {@code e} reads a page-table entry, if it does. */
  private static Optional<String> readsEntry(
      Expression e, Node at, FunctionAnalysis fa, int depth) {
    for (CallExpression c : e.findAll(CallExpression.class)) {
      if (KernelAsserts.readsLiveEntry(c.calleeName().orElse(""))) {
        return Optional.of("`" + c.text() + "`");
      }
    }
    if (depth == 0) {
      return Optional.empty();
    }
    for (Use u : fa.defUse().uses()) {
      if (!e.isAncestorOrSelf(u.expression())) {
        continue;
      }
      for (Definition d : fa.defUse().reachingDefinitions(u.path(), u.expression())) {
        if (d.value().isPresent()
            && readsEntry(d.value().get(), d.node(), fa, depth - 1).isPresent()) {
          return Optional.of("`" + u.path() + "`");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The arguments read (quoted), when every value read is an unmodified parameter, one a scalar.
   */
  private static Optional<Set<String>> argumentCheck(CrashAssert a, FunctionAnalysis fa) {
    Set<String> roots = new LinkedHashSet<>();
    boolean scalar = false;
    for (Expression e : a.condition()) {
      for (Use u : fa.defUse().uses()) {
        if (!e.isAncestorOrSelf(u.expression())) {
          continue;
        }
        Optional<Parameter> p = parameter(fa, u.variable());
        List<Definition> defs = fa.defUse().reachingDefinitions(u.variable(), u.expression());
        if (p.isEmpty()
            || defs.isEmpty()
            || defs.stream().anyMatch(d -> d.kind() != Definition.Kind.PARAMETER)) {
          return Optional.empty();
        }
        TypeName t = p.get().type();
        scalar |=
            !t.isPointer()
                && !t.isRecord()
                && !t.isArray()
                && AccessPaths.root(u.path()).equals(u.path());
        roots.add("`" + u.variable() + "`");
      }
    }
    if (!scalar || !hasErrorReturn(fa)) {
      return Optional.empty();
    }
    return Optional.of(roots);
  }

  private static Optional<Parameter> parameter(FunctionAnalysis fa, String name) {
    return fa.function().parameters().stream()
        .filter(p -> p.name().filter(name::equals).isPresent())
        .findFirst();
  }

  /**
   * True when the function reports errors: returns an errno, ERR_PTR() or NULL, or sets an errno.
   */
  private static boolean hasErrorReturn(FunctionAnalysis fa) {
    for (ReturnStatement r : fa.function().body().findAll(ReturnStatement.class)) {
      Matchers.ReturnKind k = Matchers.returnKind(r);
      if (k == Matchers.ReturnKind.ERRNO
          || k == Matchers.ReturnKind.ERR_PTR
          || k == Matchers.ReturnKind.NULL) {
        return true;
      }
    }
    return fa.function().body().findAll(AssignExpression.class).stream()
        .anyMatch(x -> Matchers.errno(x.value()).isPresent());
  }
}
