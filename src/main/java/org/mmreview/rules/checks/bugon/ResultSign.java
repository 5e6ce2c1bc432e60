package org.mmreview.rules.checks.bugon;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.KernelAsserts.CrashAssert;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.type.TypeName;
import org.mmreview.review.ReviewedFile;

/**
 * {@code VM_BUG_ON(add < 0); return add;}: a crash on the sign of the value a function returns, in
 * a function whose signed result already carries failures to its callers. Two kinds:
 *
 * <ul>
 *   <li>the function itself returns a negative errno ({@code return -ENOMEM;}): its callers must
 *       handle a negative result anyway, so the assert turns what they could handle into a crash,
 *       and it contradicts the function's own contract. Reported when the assert or that errno
 *       return is added, so a patch that adds an error path under an old assert is told.
 *   <li>a patch adds the assert on a value whose computation it leaves unchanged (every definition
 *       reaching the assert is an unchanged line, none a call's result): the patch gives no reason
 *       the value could turn negative now. Patch reviews only.
 * </ul>
 *
 * Not this shape: an assert on a call's result right after the call in a function without an errno
 * return of its own ({@code ret = region_add(...); VM_BUG_ON(ret < 0);}, "range 1 never fails"): an
 * invariant of that call, commented where mm has it.
 */
public final class ResultSign {
  /** Signed integer result types: a negative value of one is how kernel functions fail. */
  private static final Set<String> SIGNED =
      Set.of("int", "long", "long int", "long long", "ssize_t", "loff_t", "s32", "s64");

  private ResultSign() {}

  /**
   * The value asserted, the return it reaches, and the errno return of the function (empty for the
   * unchanged-computation kind).
   */
  public record Found(String value, ReturnStatement returned, Optional<ReturnStatement> errno) {}

  public static Optional<Found> in(CrashAssert a, FunctionAnalysis fa, ReviewedFile file) {
    if (a.condition().size() != 1 || !signedResult(fa.function().returnType())) {
      return Optional.empty();
    }
    Optional<Identifier> tested = negativeTestOf(a.condition().get(0));
    if (tested.isEmpty()) {
      return Optional.empty();
    }
    String v = tested.get().name();
    List<Definition> defs = fa.defUse().reachingDefinitions(v, tested.get());
    if (defs.isEmpty() || defs.stream().anyMatch(d -> d.kind() == Definition.Kind.PARAMETER)) {
      return Optional.empty();
    }
    Optional<ReturnStatement> returned = returnOfSameValue(a, fa, v, defs);
    if (returned.isEmpty()) {
      return Optional.empty();
    }
    Optional<ReturnStatement> errno = errnoReturn(fa, file);
    if (errno.isPresent()) {
      return Optional.of(new Found(v, returned.get(), errno));
    }
    // The second kind reads the diff: in a whole-file review nothing tells old lines from new.
    if (!file.diffAware() || !file.isAdded(a.call().range().beginLine())) {
      return Optional.empty();
    }
    for (Definition d : defs) {
      if (file.isAdded(d.node().range().beginLine())
          || d.isPossible()
          || d.value().map(x -> !x.findAll(CallExpression.class).isEmpty()).orElse(false)) {
        return Optional.empty();
      }
    }
    return Optional.of(new Found(v, returned.get(), Optional.empty()));
  }

  private static boolean signedResult(TypeName t) {
    if (t.isPointer() || t.isArray() || t.isRecord()) {
      return false;
    }
    String s = t.spelling().replaceAll("\\b(static|inline|extern|const|signed)\\b", " ");
    return SIGNED.contains(s.trim().replaceAll("\\s+", " "));
  }

  /** {@code v} of {@code v < 0} or {@code 0 > v}, {@code v} a plain variable. */
  private static Optional<Identifier> negativeTestOf(Expression cond) {
    Expression x = AccessPaths.strip(Matchers.stripBranchHints(cond));
    if (!(x instanceof BinaryExpression b)) {
      return Optional.empty();
    }
    Expression l = AccessPaths.strip(b.left());
    Expression r = AccessPaths.strip(b.right());
    if (b.operator().equals("<") && zero(r) && l instanceof Identifier id) {
      return Optional.of(id);
    }
    if (b.operator().equals(">") && zero(l) && r instanceof Identifier id) {
      return Optional.of(id);
    }
    return Optional.empty();
  }

  private static boolean zero(Expression e) {
    return e instanceof Literal l && l.value().equals("0");
  }

  /** A {@code return v;} the assert reaches with the value it tested. */
  private static Optional<ReturnStatement> returnOfSameValue(
      CrashAssert a, FunctionAnalysis fa, String v, List<Definition> asserted) {
    Set<Definition> same = new HashSet<>(asserted);
    for (ReturnStatement r : fa.function().body().findAll(ReturnStatement.class)) {
      if (r.value().isPresent()
          && AccessPaths.strip(r.value().get()) instanceof Identifier id
          && id.name().equals(v)
          && fa.cfg().pathExists(a.call(), r)
          && same.containsAll(fa.defUse().reachingDefinitions(v, id))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The function's {@code return -EFOO;}, an added one first. */
  private static Optional<ReturnStatement> errnoReturn(FunctionAnalysis fa, ReviewedFile file) {
    Optional<ReturnStatement> first = Optional.empty();
    for (ReturnStatement r : fa.function().body().findAll(ReturnStatement.class)) {
      if (Matchers.returnKind(r) != Matchers.ReturnKind.ERRNO) {
        continue;
      }
      if (file.diffAware() && file.isAdded(r.range().beginLine())) {
        return Optional.of(r);
      }
      if (first.isEmpty()) {
        first = Optional.of(r);
      }
    }
    return first;
  }
}
