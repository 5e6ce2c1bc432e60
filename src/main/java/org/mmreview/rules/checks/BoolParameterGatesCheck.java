package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Conjuncts;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.DeclarationStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A static function's {@code bool} parameter whose only use is to switch one early check of the
 * function on or off: it is read once, as a conjunct beside another test in an {@code if} that is
 * the body's first statement (after declarations only) and whose branch returns ({@code if
 * (is_syscall && !allowed(flags)) return -EPERM;}), and every call passes a bare {@code
 * true}/{@code false} or forwards a bool parameter of its own. The function then does two things
 * under one name, and the flag's only meaning is "the caller wants this check": reviewers ask to
 * make the check in the caller that needs it and drop the flag (for a predicate, the flag makes it
 * return a constant for one of its values). Judged only when every call is in view (a whole file,
 * or a function whose name the patch's old side never shows), and in a patch only for a parameter
 * the patch adds.
 */
public final class BoolParameterGatesCheck extends FileRule {
  private static final Set<String> LITERALS = Set.of("true", "false");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    for (CompilationUnit u : file.units()) {
      for (FunctionDefinition fn : u.functions()) {
        if (!fn.isStatic() || fn.parameters().size() < 2 || !allCallsInView(file, fn)) {
          continue;
        }
        for (int i = 0; i < fn.parameters().size(); i++) {
          Parameter p = fn.parameters().get(i);
          if (p.name().isPresent() && isBool(p) && file.isAdded(p.range().beginLine())) {
            judge(file, fn, i, p.name().get(), ctx);
          }
        }
      }
    }
  }

  private static void judge(
      ReviewedFile file, FunctionDefinition fn, int index, String name, RuleContext ctx) {
    List<Identifier> reads = reads(fn, name);
    if (reads.size() != 1) {
      return;
    }
    Identifier read = reads.get(0);
    Optional<IfStatement> gate = gate(fn, read);
    if (gate.isEmpty()) {
      return;
    }
    Optional<List<CallExpression>> calls = calls(file, fn, index);
    if (calls.isEmpty() || calls.get().isEmpty()) {
      return;
    }
    boolean whenTrue =
        Conjuncts.required(gate.get().condition(), true).stream()
            .anyMatch(a -> a.expression() == read && a.holds());
    ctx.at(fn.parameters().get(index))
        .arg("function", fn.name())
        .arg("parameter", name)
        .arg("value", whenTrue ? "true" : "false")
        .arg("line", String.valueOf(gate.get().range().beginLine()))
        .related(gate.get().condition(), "the only use of `" + name + "`")
        .related(calls.get().get(0), "called here")
        .report();
  }

  /**
   * The reads of the parameter in the body; empty when the body assigns it or takes its address.
   */
  private static List<Identifier> reads(FunctionDefinition fn, String name) {
    List<Identifier> out = new ArrayList<>();
    for (Identifier id : fn.body().findAll(Identifier.class, x -> x.name().equals(name))) {
      Node parent = id.parent().orElse(null);
      if (parent instanceof MemberAccess m && m.object() != id) {
        continue; // a member of that name
      }
      if (parent instanceof AssignExpression a && a.target() == id
          || parent instanceof UnaryExpression u
              && (u.operator().equals("&")
                  || u.operator().equals("++")
                  || u.operator().equals("--"))) {
        return List.of();
      }
      out.add(id);
    }
    return out;
  }

  /**
   * The {@code if} the read gates: a statement of the body's top level, without {@code else}, whose
   * condition requires the parameter (true or false) to enter a branch that returns or jumps out.
   */
  private static Optional<IfStatement> gate(FunctionDefinition fn, Identifier read) {
    Expression top = Conjuncts.topCondition(read);
    if (!(top.parent().orElse(null) instanceof IfStatement i)
        || i.condition() != top
        || i.elseStatement().isPresent()
        || i.parent().orElse(null) != fn.body()) {
      return Optional.empty();
    }
    List<Conjuncts.Atom> atoms = Conjuncts.required(top, true);
    // The flag beside the check it gates (`flag && !allowed(...)`): a bare `if (flag) return;`
    // is a mode that ends the function early, not a test a caller could make instead.
    boolean required = atoms.size() >= 2 && atoms.stream().anyMatch(a -> a.expression() == read);
    if (!firstStatement(fn, i)) {
      return Optional.empty();
    }
    // The gated branch must return: a check that refuses, not work the flag selects (a `goto`
    // to a label that goes on working is a skipped step, as in MGLRU's inc_min_seq()).
    boolean exits = !i.thenStatement().findAll(ReturnStatement.class).isEmpty();
    return required && exits ? Optional.of(i) : Optional.empty();
  }

  /**
   * True when only declarations come before {@code i} in the body: nothing has happened yet that
   * the check depends on, so the caller can make it before the call.
   */
  private static boolean firstStatement(FunctionDefinition fn, IfStatement i) {
    for (Statement st : fn.body().statements()) {
      if (st == i) {
        return true;
      }
      if (!(st instanceof DeclarationStatement)) {
        return false;
      }
    }
    return false;
  }

  /**
   * The calls of the function, when each passes a bare true/false at {@code index} or forwards a
   * bool parameter of its caller; empty when one passes something else or the name is used as a
   * value (a callback's signature is a contract).
   */
  private static Optional<List<CallExpression>> calls(
      ReviewedFile file, FunctionDefinition fn, int index) {
    List<CallExpression> out = new ArrayList<>();
    for (CompilationUnit u : file.units()) {
      for (Identifier id : u.findAll(Identifier.class, x -> x.name().equals(fn.name()))) {
        if (!(id.parent().orElse(null) instanceof CallExpression c) || c.callee() != id) {
          return Optional.empty();
        }
        Optional<Expression> arg = c.argument(index);
        if (arg.isEmpty() || !(AccessPaths.strip(arg.get()) instanceof Identifier a)) {
          return Optional.empty();
        }
        boolean forwarded =
            c.findAncestor(FunctionDefinition.class)
                .flatMap(
                    caller ->
                        caller.parameters().stream()
                            .filter(p -> p.name().filter(a.name()::equals).isPresent())
                            .findFirst())
                .filter(BoolParameterGatesCheck::isBool)
                .isPresent();
        if (!LITERALS.contains(a.name()) && !forwarded) {
          return Optional.empty();
        }
        out.add(c);
      }
    }
    return Optional.of(out);
  }

  private static boolean isBool(Parameter p) {
    String t = p.type().text().replace("const", "").trim();
    return t.equals("bool") || t.equals("_Bool");
  }

  /**
   * True when every call must be among the units: the whole file is parsed, or the function's name
   * was nowhere in the pre-image the patch shows (so each call of this static function is a line
   * the patch adds, even when the body is old code under a new head).
   */
  private static boolean allCallsInView(ReviewedFile file, FunctionDefinition fn) {
    return !file.partial() || !file.preImageMayContain(fn.name());
  }
}
