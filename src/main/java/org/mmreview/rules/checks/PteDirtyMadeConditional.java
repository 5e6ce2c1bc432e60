package org.mmreview.rules.checks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mmreview.analysis.EnclosingChoice;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.intake.LineMap;
import org.mmreview.kernel.DirtyMarkers;
import org.mmreview.rules.Fact;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * A dirty marker ({@code pte_mkdirty()}, {@code set_page_dirty()}, ...) that the patch's removed
 * code applied on every path and that its added code applies only under a condition. The paths the
 * condition now leaves out map the page clean (or leave the folio clean), so whether the data the
 * kernel put there survives reclaim rests on someone else dirtying it later. The old call may sit
 * in another function: code moved into a new helper is the usual way this happens.
 *
 * <p>Only a patch can show it: in a whole-file review there is no removed code, and a conditional
 * dirty bit on its own is normal (do_anonymous_page() dirties only writable entries of a zeroed
 * page).
 */
public final class PteDirtyMadeConditional extends NodeRule<CallExpression> {

  /** The first removed, unconditional call of each dirty marker in the pre-image, by name. */
  private static final Fact<Map<String, CallExpression>> REMOVED_UNCONDITIONAL =
      Fact.perFile(PteDirtyMadeConditional::removedUnconditional);

  public PteDirtyMadeConditional() {
    super(CallExpression.class);
  }

  @Override
  protected void check(CallExpression call, RuleContext ctx) {
    Optional<String> name = call.calleeName().filter(DirtyMarkers::marksDirty);
    if (name.isEmpty()
        || ctx.file().change().isEmpty()
        || !ctx.file().isAdded(call.range().beginLine())) {
      return;
    }
    Optional<Expression> choice = EnclosingChoice.of(call);
    // A hunk that starts inside a function reaches the rules as loose statements: judge those
    // against the rest of the hunk.
    Node scope =
        call.findAncestor(FunctionDefinition.class).map(Node.class::cast).orElse(call.root());
    if (choice.isEmpty() || unconditionalIn(scope, name.get())) {
      return;
    }
    CallExpression old = ctx.get(REMOVED_UNCONDITIONAL).get(name.get());
    if (old == null) {
      return;
    }
    ctx.at(call)
        .arg("call", name.get())
        .arg("condition", choice.get().compactText())
        .arg("line", Integer.toString(old.range().beginLine()))
        .related(old, "applied on every path before the patch")
        .report();
  }

  /** The function still applies the marker on every path somewhere (moved, not narrowed). */
  private static boolean unconditionalIn(Node scope, String name) {
    return scope
        .findAll(
            CallExpression.class,
            c ->
                c.calleeName().filter(name::equals).isPresent()
                    && !EnclosingChoice.isConditional(c))
        .stream()
        .findAny()
        .isPresent();
  }

  private static Map<String, CallExpression> removedUnconditional(RuleContext ctx) {
    Map<String, CallExpression> out = new LinkedHashMap<>();
    if (ctx.file().change().isEmpty()) {
      return out;
    }
    LineMap lines = ctx.file().change().get().lineMap();
    if (lines.removedOldLines().isEmpty()) {
      return out;
    }
    for (CompilationUnit u : ctx.file().preImage().get()) {
      for (CallExpression c : u.findAll(CallExpression.class)) {
        Optional<String> name = c.calleeName().filter(DirtyMarkers::marksDirty);
        if (name.isPresent()
            && lines.removedOldLines().contains(c.range().beginLine())
            && !EnclosingChoice.isConditional(c)
            && (c.findAncestor(FunctionDefinition.class).isPresent() || atBodyLevel(c))) {
          out.putIfAbsent(name.get(), c);
        }
      }
    }
    return out;
  }

  /**
   * For the old side of a hunk that starts inside a function (no definition around the call): the
   * statement starts one tab in, at the function body's own level in kernel style, so no {@code if}
   * the hunk did not show can hold it.
   */
  private static boolean atBodyLevel(CallExpression c) {
    Optional<Statement> st = c.findAncestor(Statement.class);
    Optional<CompilationUnit> unit = c.compilationUnit();
    if (st.isEmpty() || unit.isEmpty()) {
      return false;
    }
    String src = unit.get().source();
    int at = st.get().range().beginOffset();
    return at >= 1
        && at <= src.length()
        && src.charAt(at - 1) == '\t'
        && (at == 1 || src.charAt(at - 2) == '\n');
  }
}
