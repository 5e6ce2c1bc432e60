package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.ErrnoResults;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.BreakStatement;
import org.mmreview.ast.stmt.DoWhileStatement;
import org.mmreview.ast.stmt.ForStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.MacroLoopStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.ast.stmt.SwitchStatement;
import org.mmreview.ast.stmt.WhileStatement;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * A pending signal that ends the work of a function returning an errno, reported with a code that
 * is not the interrupted-call family: {@code if (signal_pending(current)) return -EBUSY;}, or a
 * bare {@code break} out of the loop after which the function reports the loop's shortfall with
 * another errno ({@code return done < want ? -EAGAIN : nbytes;}). Userspace that sees -EAGAIN or
 * -EBUSY retries at once instead of handling its signal; -EINTR (or -ERESTARTSYS, which the syscall
 * exit turns into a restart or -EINTR) says what happened.
 */
public final class SignalPendingErrno extends FunctionRule {
  private static final Set<String> SIGNAL_TESTS = Set.of("signal_pending", "fatal_signal_pending");
  private static final Set<String> INTERRUPTED =
      Set.of("EINTR", "ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND", "ERESTART_RESTARTBLOCK");

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    if (!ErrnoResults.carriesErrno(fn.returnType())) {
      return;
    }
    for (IfStatement i : fn.body().findAll(IfStatement.class)) {
      Expression cond = Matchers.stripBranchHints(i.condition());
      if (!(cond instanceof CallExpression c)
          || c.calleeName().filter(SIGNAL_TESTS::contains).isEmpty()
          || i.elseStatement().isPresent()) {
        continue;
      }
      String test = c.calleeName().get();
      Optional<ReturnStatement> r = Matchers.earlyErrorReturn(i.thenStatement());
      if (r.isPresent()) {
        Optional<String> e = Matchers.errno(r.get().value().orElseThrow());
        if (e.isPresent() && !INTERRUPTED.contains(e.get())) {
          ctx.at(r.get())
              .arg("test", test)
              .arg("error", "-" + e.get())
              .arg("function", fn.name())
              .report();
        }
        continue;
      }
      if (!isBareBreak(i.thenStatement())) {
        continue;
      }
      Optional<Statement> loop = enclosingLoop(i);
      if (loop.isEmpty()) {
        continue;
      }
      Optional<String> after = errnoReportedAfter(loop.get());
      if (after.isPresent()) {
        ctx.at(i.thenStatement().findAll(BreakStatement.class).get(0))
            .variant("break")
            .arg("test", test)
            .arg("error", "-" + after.get())
            .arg("function", fn.name())
            .report();
      }
    }
  }

  /** {@code break;} or a block that assigns nothing and ends with {@code break;}. */
  private static boolean isBareBreak(Statement s) {
    if (s instanceof BreakStatement) {
      return true;
    }
    if (!(s instanceof Block b) || b.statements().isEmpty()) {
      return false;
    }
    return b.statements().get(b.statements().size() - 1) instanceof BreakStatement
        && b.findAll(AssignExpression.class).isEmpty()
        && b.findAll(UnaryExpression.class, u -> u.operator().matches("\\+\\+|--")).isEmpty();
  }

  /** The loop a {@code break} in {@code n} leaves; empty when a {@code switch} is nearer. */
  private static Optional<Statement> enclosingLoop(Node n) {
    Node p = n.parent().orElse(null);
    while (p != null && !(p instanceof FunctionDefinition)) {
      if (p instanceof SwitchStatement) {
        return Optional.empty();
      }
      if (p instanceof WhileStatement
          || p instanceof ForStatement
          || p instanceof DoWhileStatement
          || p instanceof MacroLoopStatement) {
        return Optional.of((Statement) p);
      }
      p = p.parent().orElse(null);
    }
    return Optional.empty();
  }

  /**
   * The errno the function reports right after the loop, when it is not the interrupted-call
   * family: the first statement after it that returns (a {@code return} whose value, or one arm of
   * whose conditional, is {@code -EFOO}), or an {@code if} right after it that returns one.
   */
  private static Optional<String> errnoReportedAfter(Statement loop) {
    if (!(loop.parent().orElse(null) instanceof Block b)) {
      return Optional.empty();
    }
    List<Statement> rest = b.statements();
    int at = rest.indexOf(loop);
    for (int k = at + 1; k < rest.size(); k++) {
      Statement s = rest.get(k);
      if (s instanceof ReturnStatement r) {
        return r.value().flatMap(SignalPendingErrno::errnoArm);
      }
      if (s instanceof IfStatement i) {
        Optional<ReturnStatement> r = Matchers.earlyErrorReturn(i.thenStatement());
        if (r.isPresent()) {
          return r.get().value().flatMap(SignalPendingErrno::errnoArm);
        }
      }
      if (!s.findAll(ReturnStatement.class).isEmpty()
          || !s.findAll(
                  CallExpression.class,
                  c -> c.calleeName().filter(SIGNAL_TESTS::contains).isPresent())
              .isEmpty()) {
        return Optional.empty(); // a later test of the signal, or a return we do not read
      }
    }
    return Optional.empty();
  }

  private static Optional<String> errnoArm(Expression v) {
    Expression x = AccessPaths.strip(v);
    Optional<String> e = Matchers.errno(x);
    if (e.isEmpty() && x instanceof ConditionalExpression c) {
      e = c.thenExpression().flatMap(Matchers::errno);
      if (e.isEmpty()) {
        e = Matchers.errno(c.elseExpression());
      }
    }
    return e.filter(name -> !INTERRUPTED.contains(name));
  }
}
