package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mmreview.analysis.ConditionText;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.BreakStatement;
import org.mmreview.ast.stmt.ContinueStatement;
import org.mmreview.ast.stmt.DoWhileStatement;
import org.mmreview.ast.stmt.EmptyStatement;
import org.mmreview.ast.stmt.ForStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.MacroLoopStatement;
import org.mmreview.ast.stmt.PreprocessorStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.ast.stmt.SwitchStatement;
import org.mmreview.ast.stmt.WhileStatement;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * A long body nested under a condition that could be inverted into an early exit, saving an
 * indentation level for all of it (Mike Rapoport: "You can revert the condition here and reduce the
 * nesting"; Kirill A. Shutemov: "Reversing the condition would save you an indentation level"). Two
 * shapes:
 *
 * <ul>
 *   <li>{@code if (c) { long } else { short; return; }}: the {@code else} leaves (return, goto,
 *       continue, break) and the long branch falls through; {@code if (!c) { short; return; }} then
 *       the long branch, one level out.
 *   <li>{@code if (c) { long }} with no {@code else}, the last statement of a function body
 *       (possibly followed by {@code return X;} whose value the body does not change) or of a loop
 *       body: {@code if (!c) return X;} or {@code if (!c) continue;}, then the body one level out.
 * </ul>
 *
 * <p>"Long" is at least {@value #LONG} statements counted through nested blocks, over six lines and
 * holding a test, loop or switch of its own under a trailing {@code if} (the short exit branch at
 * most {@value #SHORT}, and shorter than the long one). Left alone: {@code else if} chains,
 * branches with preprocessor lines, code after the {@code if} that both paths share (cleanup, an
 * unlock, a return of a value the body computes), and in a hunk-only review a trailing {@code if}
 * whose function the hunk does not show whole (what follows it is unknown).
 */
public final class NestingInvertibleCondition extends NodeRule<IfStatement> {
  /** Statements (through nested blocks) from which a nested body is worth un-nesting. */
  static final int LONG = 4;

  /** The most statements the exit branch of the if/else shape may hold. */
  static final int SHORT = 3;

  private static final Pattern CONSTANT_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

  public NestingInvertibleCondition() {
    super(IfStatement.class);
  }

  @Override
  protected void check(IfStatement s, RuleContext ctx) {
    Node parent = s.parent().orElse(null);
    if (!(parent instanceof Block || parent instanceof CompilationUnit)
        || !s.findAll(PreprocessorStatement.class).isEmpty()) {
      return;
    }
    if (s.elseStatement().isPresent()) {
      checkElseExits(s, s.elseStatement().get(), ctx);
    } else if (parent instanceof Block b) {
      checkTrailing(s, b, ctx);
    }
  }

  private static void checkElseExits(IfStatement s, Statement otherwise, RuleContext ctx) {
    if (otherwise instanceof IfStatement) {
      return;
    }
    Optional<Statement> exit = last(otherwise).filter(NestingInvertibleCondition::isJump);
    int longer = weight(s.thenStatement());
    int shorter = weight(otherwise);
    if (exit.isEmpty()
        || last(s.thenStatement()).filter(NestingInvertibleCondition::isJump).isPresent()
        || longer < LONG - 1
        || shorter > SHORT
        || shorter >= longer) {
      return;
    }
    ctx.at(s.condition())
        .variant("else_exits")
        .related(exit.get(), "the else branch leaves here")
        .arg("condition", s.condition().compactText())
        .arg("inverted", ConditionText.negated(s.condition()))
        .arg("statements", String.valueOf(longer))
        .arg("exit", exit.get().compactText())
        .report();
  }

  private static void checkTrailing(IfStatement s, Block parent, RuleContext ctx) {
    List<Node> items = parent.items();
    int at = indexOf(items, s);
    Node owner = parent.parent().orElse(null);
    boolean functionBody = owner instanceof FunctionDefinition;
    boolean loopBody =
        owner instanceof ForStatement
            || owner instanceof WhileStatement
            || owner instanceof DoWhileStatement
            || owner instanceof MacroLoopStatement;
    String exit;
    if (at == items.size() - 1) {
      if (functionBody) {
        exit = "return;";
      } else if (loopBody) {
        exit = "continue;";
      } else {
        return;
      }
    } else if (at == items.size() - 2
        && functionBody
        && items.get(at + 1) instanceof ReturnStatement r
        && r.value().isPresent()
        && unchangedBy(r.value().get(), s.thenStatement())) {
      exit = r.compactText();
    } else {
      return;
    }
    int body = weight(s.thenStatement());
    if (body < LONG
        || s.thenStatement().range().endLine() - s.range().beginLine() < LONG + 1
        || !nests(s.thenStatement())
        || last(s.thenStatement()).filter(NestingInvertibleCondition::isJump).isPresent()) {
      return;
    }
    ctx.at(s.condition())
        .arg("condition", s.condition().compactText())
        .arg("inverted", ConditionText.negated(s.condition()))
        .arg("statements", String.valueOf(body))
        .arg("exit", exit)
        .report();
  }

  /**
   * True when {@code value} is a constant, or a variable that {@code body} does not assign: the
   * early exit can return it as well.
   */
  private static boolean unchangedBy(Expression value, Statement body) {
    Expression x = value.unparen();
    if (x instanceof UnaryExpression u && u.operator().equals("-") && !u.isPostfix()) {
      x = u.operand().unparen();
    }
    if (x instanceof Literal) {
      return true;
    }
    if (!(x instanceof Identifier id)) {
      return false;
    }
    if (CONSTANT_NAME.matcher(id.name()).matches()
        || id.name().equals("true")
        || id.name().equals("false")) {
      return true;
    }
    String name = id.name();
    boolean assigned =
        !body.findAll(
                AssignExpression.class,
                a -> a.target().unparen() instanceof Identifier t && t.name().equals(name))
            .isEmpty();
    boolean stepped =
        !body.findAll(
                UnaryExpression.class,
                u ->
                    (u.operator().equals("++")
                            || u.operator().equals("--")
                            || u.operator().equals("&"))
                        && u.operand().unparen() instanceof Identifier t
                        && t.name().equals(name))
            .isEmpty();
    return !assigned && !stepped;
  }

  private static int indexOf(List<Node> items, Node n) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == n) {
        return i;
      }
    }
    return -1;
  }

  /** The last statement of {@code s}: itself, or the last item of its block. */
  private static Optional<Statement> last(Statement s) {
    if (s instanceof Block b) {
      List<Statement> st = b.statements();
      return st.isEmpty() ? Optional.empty() : last(st.get(st.size() - 1));
    }
    return Optional.of(s);
  }

  /** A statement that never falls through: a jump, or an if/else whose both branches end in one. */
  private static boolean isJump(Statement s) {
    if (s instanceof IfStatement i && i.elseStatement().isPresent()) {
      return last(i.thenStatement()).filter(NestingInvertibleCondition::isJump).isPresent()
          && last(i.elseStatement().get()).filter(NestingInvertibleCondition::isJump).isPresent();
    }
    return s instanceof ReturnStatement
        || s instanceof GotoStatement
        || s instanceof ContinueStatement
        || s instanceof BreakStatement;
  }

  /**
   * True when {@code body} holds a test, loop or switch of its own: un-nesting then saves a level
   * where the code is already two deep, not only on a flat list of calls.
   */
  private static boolean nests(Statement body) {
    return body.findFirst(
            Statement.class,
            x ->
                x != body
                    && (x instanceof IfStatement
                        || x instanceof ForStatement
                        || x instanceof WhileStatement
                        || x instanceof DoWhileStatement
                        || x instanceof MacroLoopStatement
                        || x instanceof SwitchStatement))
        .isPresent();
  }

  /**
   * The statements in {@code s}, through nested blocks (blocks and empty statements not counted).
   */
  static int weight(Statement s) {
    return s.findAll(Statement.class, x -> !(x instanceof Block) && !(x instanceof EmptyStatement))
        .size();
  }
}
