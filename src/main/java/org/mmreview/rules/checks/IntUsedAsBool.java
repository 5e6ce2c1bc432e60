package org.mmreview.rules.checks;

import java.util.List;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.RecordDecl;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.DoWhileStatement;
import org.mmreview.ast.stmt.ForStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.WhileStatement;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * A local {@code int} that is a flag in all but type: every value it is given is 0, 1, a
 * comparison, a logical expression or a flag test ({@code vma->vm_flags & VM_WRITE}), and every
 * read of it is a condition ({@code if (x)}, {@code !x}, {@code x && y}, {@code x ? a : b}). Such a
 * variable reads as a count or an error code; {@code bool} says what it is, and makes {@code x =
 * flags & HIGH_BIT} keep the bit instead of truncating it away.
 */
public final class IntUsedAsBool extends FunctionRule {
  private static final Set<String> COMPARISONS =
      Set.of("==", "!=", "<", ">", "<=", ">=", "&&", "||");
  private static final Set<String> BRANCH_HINTS = Set.of("likely", "unlikely");

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    for (Declarator d : fn.body().findAll(Declarator.class)) {
      if (d.findAncestor(RecordDecl.class).isPresent()
          || d.type().isPointer()
          || d.type().isArray()
          || !d.type().baseName().equals("int")
          || d.type().text().contains("const")) {
        continue;
      }
      String name = d.name();
      if (fn.body().findAll(Declarator.class, o -> o.name().equals(name)).size() != 1
          || fn.parameters().stream().anyMatch(p -> p.name().filter(name::equals).isPresent())) {
        continue;
      }
      if (d.initializer().isPresent() && !isBoolValued(d.initializer().get())) {
        continue;
      }
      List<Identifier> refs =
          fn.body().findAll(Identifier.class, id -> id.name().equals(name) && !isCallee(id));
      int reads = 0;
      boolean flagOnly = true;
      for (Identifier id : refs) {
        Node p = id.parent().orElse(null);
        if (p instanceof AssignExpression a && a.target() == id) {
          if (!a.operator().equals("=") || !isBoolValued(a.value())) {
            flagOnly = false;
            break;
          }
          continue;
        }
        if (!isCondition(id)) {
          flagOnly = false;
          break;
        }
        reads++;
      }
      if (flagOnly && reads > 0) {
        ctx.at(d).arg("variable", name).report();
      }
    }
  }

  private static boolean isCallee(Identifier id) {
    return id.parent().orElse(null) instanceof CallExpression c && c.callee() == id;
  }

  /** True when the value read at {@code e} is only tested for truth. */
  private static boolean isCondition(Expression e) {
    Node child = e;
    Node p = e.parent().orElse(null);
    while (p instanceof ParenExpression
        || p instanceof CallExpression c
            && c.calleeName().filter(BRANCH_HINTS::contains).isPresent()
            && c.arguments().size() == 1) {
      child = p;
      p = p.parent().orElse(null);
    }
    if (p instanceof UnaryExpression u) {
      return u.operator().equals("!") && !u.isPostfix();
    }
    if (p instanceof BinaryExpression b) {
      return b.operator().equals("&&") || b.operator().equals("||");
    }
    if (p instanceof ConditionalExpression c) {
      return c.condition() == child;
    }
    if (p instanceof IfStatement i) {
      return i.condition() == child;
    }
    if (p instanceof WhileStatement w) {
      return w.condition() == child;
    }
    if (p instanceof DoWhileStatement w) {
      return w.condition() == child;
    }
    if (p instanceof ForStatement f) {
      Node tested = child;
      return f.condition().filter(c -> c == tested).isPresent();
    }
    return false;
  }

  /**
   * 0, 1, true, false, a comparison, {@code !x}, {@code a && b}, {@code flags & FLAG}, or {@code c
   * ? a : b} of two such values.
   */
  private static boolean isBoolValued(Expression v) {
    Expression x = AccessPaths.strip(v);
    if (x instanceof Literal l) {
      return l.value().equals("0") || l.value().equals("1");
    }
    if (x instanceof Identifier id) {
      return id.name().equals("true") || id.name().equals("false");
    }
    if (x instanceof UnaryExpression u) {
      return u.operator().equals("!") && !u.isPostfix();
    }
    if (x instanceof ConditionalExpression c) {
      return c.thenExpression().filter(IntUsedAsBool::isBoolValued).isPresent()
          && isBoolValued(c.elseExpression());
    }
    if (x instanceof BinaryExpression b) {
      if (COMPARISONS.contains(b.operator())) {
        return true;
      }
      return b.operator().equals("&") && (isFlagName(b.right()) || isFlagName(b.left()));
    }
    return false;
  }

  private static boolean isFlagName(Expression e) {
    return AccessPaths.strip(e) instanceof Identifier id && id.name().matches("[A-Z][A-Z0-9_]+");
  }
}
