package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.DefUse;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.VisibleLocals;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * A local given a constant in its declaration ({@code int ret = 0;}) that no read can see: every
 * path assigns it again before reading it (reaching definitions over the CFG, {@link DefUse}). The
 * initialiser suggests a default that some path keeps, and it hides the compiler's warning when a
 * later change adds a path that forgets the assignment (Christophe Leroy: "Don't initialise
 * 'ret'"). Only constant initialisers (a literal, {@code -EFOO}, {@code NULL}, {@code true}/{@code
 * false}, an UPPER_CASE name) of locals whose every read is visible ({@link VisibleLocals}); not
 * static locals, and only when some later assignment exists (a local never assigned nor read is the
 * compiler's "unused variable").
 */
public final class DeadInitialiser extends FunctionRule {
  private static final Pattern UPPER_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    if (!ctx.file().showsWholeFunction(fn.range().beginLine(), fn.range().endLine())) {
      return; // reads past the hunk's end are not seen
    }
    DefUse du = null;
    for (Declarator d : fn.body().findAll(Declarator.class)) {
      Optional<Expression> init = d.initializer();
      if (init.isEmpty()
          || !ctx.file().isAdded(d.range().beginLine())
          || constant(init.get()).isEmpty()
          || d.type().isPointer() && !isNull(init.get())
          || d.findAncestor(Declaration.class).map(Declaration::isStatic).orElse(true)
          || !VisibleLocals.fullyVisible(fn, d.name())) {
        continue;
      }
      if (du == null) {
        du = fa.defUse();
      }
      Optional<Definition> def =
          du.definitionsOf(d.name()).stream().filter(x -> x.node() == d).findFirst();
      if (def.isEmpty() || !du.usesReachedBy(def.get()).isEmpty()) {
        continue;
      }
      List<Definition> later =
          du.definitionsOf(d.name()).stream()
              .filter(x -> x.kind() == Definition.Kind.ASSIGNMENT)
              .toList();
      if (later.isEmpty() || du.uses(d.name()).isEmpty()) {
        continue;
      }
      ctx.at(d)
          .arg("variable", d.name())
          .arg("value", constant(init.get()).get())
          .related(later.get(0).node(), "assigned again here before any read")
          .report();
    }
  }

  private static boolean isNull(Expression e) {
    return AccessPaths.strip(e) instanceof Identifier id && id.name().equals("NULL");
  }

  /** A literal, its negation, {@code -EFOO}, an UPPER_CASE name, {@code true}/{@code false}. */
  private static Optional<String> constant(Expression e) {
    Expression x = AccessPaths.strip(e);
    String sign = "";
    if (x instanceof UnaryExpression u && u.operator().equals("-") && !u.isPostfix()) {
      sign = "-";
      x = AccessPaths.strip(u.operand());
    }
    if (x instanceof Literal l
        && (l.literalKind() == Literal.Kind.INT || l.literalKind() == Literal.Kind.CHAR)) {
      return Optional.of(sign + l.value());
    }
    if (x instanceof Identifier id
        && (UPPER_NAME.matcher(id.name()).matches()
            || sign.isEmpty() && (id.name().equals("true") || id.name().equals("false")))) {
      return Optional.of(sign + id.name());
    }
    return Optional.empty();
  }
}
