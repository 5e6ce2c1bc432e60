package org.mmreview.rules.checks;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.DefUse;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.ErrnoResults;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * {@code return ret;} where {@code ret} can only hold one error code: every definition of it that
 * reaches the return (the initializer, an assignment) sets the same {@code -EFOO}, and nothing else
 * (an increment, its address passed to a call) may have changed it. The reader has to trace the
 * variable back to learn what the early return reports; {@code return -EINVAL;} says it.
 *
 * <p>One finding per variable and function, on the first such return the patch adds. Not reported:
 * a return under or after a label (the shared exit of a {@code goto} ladder, which sets the code
 * before each jump on purpose), a local the function never assigns a value to, parameters and
 * globals, and functions that do not return an int-like errno.
 */
public final class ReturnKnownErrno extends FunctionRule {

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    if (!ErrnoResults.carriesErrno(fn.returnType())) {
      return;
    }
    DefUse du = null;
    Set<String> reported = new HashSet<>();
    for (ReturnStatement r : fn.body().findAll(ReturnStatement.class)) {
      Optional<Expression> v = r.value().map(AccessPaths::strip);
      if (v.isEmpty()
          || !(v.get() instanceof Identifier id)
          || reported.contains(id.name())
          || !ctx.file().isAdded(r.range().beginLine())
          || afterLabel(r)) {
        continue;
      }
      if (du == null) {
        du = fa.defUse();
      }
      if (!du.isVariable(id.name())) {
        continue;
      }
      List<Definition> defs = du.reachingDefinitions(id.name(), r);
      Optional<String> errno = singleErrno(defs);
      if (errno.isEmpty()) {
        continue;
      }
      Definition first = defs.get(0);
      reported.add(id.name()); // one finding per variable: the later returns are the same case
      ctx.at(r)
          .context(first.node(), "set here")
          .arg("var", id.name())
          .arg("value", "-" + errno.get())
          .arg("line", String.valueOf(first.node().range().beginLine()))
          .report();
    }
  }

  /**
   * True when a label comes before the return in its block (or labels it): the return is then the
   * shared exit that gotos reach, with the code set before each jump.
   */
  private static boolean afterLabel(ReturnStatement r) {
    Node n = r;
    while (n.parent().orElse(null) instanceof LabeledStatement l) {
      n = l;
    }
    if (n != r) {
      return true;
    }
    if (!(r.parent().orElse(null) instanceof Block b)) {
      return false;
    }
    for (Statement s : b.statements()) {
      if (s == r) {
        return false;
      }
      if (s instanceof LabeledStatement) {
        return true;
      }
    }
    return false;
  }

  /** The one errno every definition sets, when all of them are plain sets of the same one. */
  private static Optional<String> singleErrno(List<Definition> defs) {
    if (defs.isEmpty()) {
      return Optional.empty();
    }
    String seen = null;
    for (Definition d : defs) {
      if (d.kind() != Definition.Kind.DECLARATION && d.kind() != Definition.Kind.ASSIGNMENT) {
        return Optional.empty();
      }
      Optional<String> e = d.value().flatMap(Matchers::errno);
      if (e.isEmpty() || (seen != null && !seen.equals(e.get()))) {
        return Optional.empty();
      }
      seen = e.get();
    }
    return Optional.ofNullable(seen);
  }
}
