package org.mmreview.rules.checks;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.CountedEnums;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CastExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.rules.Fact;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * A value of a counted enum (mutually exclusive modes numbered 0, 1, 2, ...) OR-ed into a word,
 * {@code flags | mode} or {@code flags |= mode} (through casts and a shift into place), in a
 * function that clears nothing with {@code & ~MASK} first: a word that already held another mode
 * ends up with the union of two modes' bits, which is a third mode or none.
 */
public final class ModeOrWithoutClear extends FunctionRule {

  /** The tags of the counted enums the file defines. */
  private static final Fact<Set<String>> COUNTED =
      Fact.perFile(ctx -> CountedEnums.in(ctx.file().units()));

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    Set<String> counted = ctx.get(COUNTED);
    if (counted.isEmpty() || clearsSomething(fn)) {
      return;
    }
    Map<String, String> modes = modeVariables(fn, counted);
    if (modes.isEmpty()) {
      return;
    }
    for (BinaryExpression b :
        fn.body().findAll(BinaryExpression.class, x -> x.operator().equals("|"))) {
      for (int side = 0; side < 2; side++) {
        Expression mode = side == 0 ? b.right() : b.left();
        Expression word = side == 0 ? b.left() : b.right();
        if (report(ctx, b, word, mode, modes)) {
          break;
        }
      }
    }
    for (AssignExpression a :
        fn.body().findAll(AssignExpression.class, x -> x.operator().equals("|="))) {
      report(ctx, a, a.target(), a.value(), modes);
    }
  }

  private static boolean report(
      RuleContext ctx, Node at, Expression word, Expression mode, Map<String, String> modes) {
    Optional<String> var = modeName(mode);
    if (var.isEmpty() || !modes.containsKey(var.get()) || strip(word) instanceof Literal) {
      return false;
    }
    ctx.at(at)
        .arg("mode", var.get())
        .arg("enum", modes.get(var.get()))
        .arg("word", word.compactText())
        .report();
    return true;
  }

  /** The variable a mode operand names: {@code mode}, {@code (T) mode}, {@code mode << SHIFT}. */
  private static Optional<String> modeName(Expression e) {
    Expression x = strip(e);
    if (x instanceof BinaryExpression b && b.operator().equals("<<")) {
      x = strip(b.left());
    }
    return x instanceof Identifier id ? Optional.of(id.name()) : Optional.empty();
  }

  private static Expression strip(Expression e) {
    Expression x = e.unparen();
    while (x instanceof CastExpression c) {
      x = c.expression().unparen();
    }
    return x;
  }

  /** Parameters and locals declared {@code enum T} for a counted T: name to tag. */
  private static Map<String, String> modeVariables(FunctionDefinition fn, Set<String> counted) {
    Map<String, String> out = new HashMap<>();
    for (Parameter p : fn.parameters()) {
      enumTag(p.type().spelling(), counted).ifPresent(t -> p.name().ifPresent(n -> out.put(n, t)));
    }
    for (Declarator d : fn.body().findAll(Declarator.class)) {
      enumTag(d.type().spelling(), counted).ifPresent(t -> out.put(d.name(), t));
    }
    return out;
  }

  private static Optional<String> enumTag(String spelling, Set<String> counted) {
    String s = spelling.trim().replaceFirst("^const\\s+", "");
    if (!s.startsWith("enum ") || s.contains("*")) {
      return Optional.empty();
    }
    String tag = s.substring(5).trim();
    return counted.contains(tag) ? Optional.of(tag) : Optional.empty();
  }

  /** The function clears bits somewhere ({@code w & ~MASK}, {@code w &= ~MASK}). */
  private static boolean clearsSomething(FunctionDefinition fn) {
    return !fn.body().findAll(UnaryExpression.class, u -> u.operator().equals("~")).isEmpty();
  }
}
