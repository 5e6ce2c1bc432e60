package org.mmreview.ast;

import java.util.List;
import java.util.stream.Collectors;
import org.mmreview.ast.expr.ArrayAccess;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.CastExpression;
import org.mmreview.ast.expr.CommaExpression;
import org.mmreview.ast.expr.CompoundLiteral;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Initializer;
import org.mmreview.ast.expr.InitializerList;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.MacroExpression;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.SizeofExpression;
import org.mmreview.ast.expr.StatementExpression;
import org.mmreview.ast.expr.TypeArgument;
import org.mmreview.ast.expr.UnaryExpression;

/** Formats expressions as C, adding parentheses where precedence requires them. */
final class ExpressionFormatter {
  static final int COMMA = 1;
  static final int ASSIGN = 2;
  static final int CONDITIONAL = 3;
  static final int UNARY = 14;
  static final int POSTFIX = 15;
  static final int PRIMARY = 16;

  private final int indent;

  ExpressionFormatter(int indent) {
    this.indent = indent;
  }

  /** Binding strength of a binary operator (higher binds tighter). */
  static int binaryPrecedence(String op) {
    return switch (op) {
      case "||" -> 4;
      case "&&" -> 5;
      case "|" -> 6;
      case "^" -> 7;
      case "&" -> 8;
      case "==", "!=" -> 9;
      case "<", ">", "<=", ">=" -> 10;
      case "<<", ">>" -> 11;
      case "+", "-" -> 12;
      case "*", "/", "%" -> 13;
      default -> 4;
    };
  }

  static int precedence(Expression e) {
    if (e instanceof CommaExpression) {
      return COMMA;
    }
    if (e instanceof AssignExpression) {
      return ASSIGN;
    }
    if (e instanceof ConditionalExpression) {
      return CONDITIONAL;
    }
    if (e instanceof BinaryExpression b) {
      return binaryPrecedence(b.operator());
    }
    if (e instanceof UnaryExpression u) {
      return u.isPostfix() ? POSTFIX : UNARY;
    }
    if (e instanceof CastExpression || e instanceof SizeofExpression) {
      return UNARY;
    }
    if (e instanceof CallExpression
        || e instanceof MemberAccess
        || e instanceof ArrayAccess
        || e instanceof CompoundLiteral) {
      return POSTFIX;
    }
    return PRIMARY;
  }

  /** {@code e} formatted, parenthesised when it binds less tightly than {@code minPrecedence}. */
  String format(Expression e, int minPrecedence) {
    String s = formatBare(e);
    return precedence(e) < minPrecedence ? "(" + s + ")" : s;
  }

  String format(Expression e) {
    return format(e, 0);
  }

  private String formatBare(Expression e) {
    if (e instanceof Identifier id) {
      return id.name();
    }
    if (e instanceof Literal l) {
      return l.value();
    }
    if (e instanceof ParenExpression p) {
      return "(" + format(p.inner()) + ")";
    }
    if (e instanceof CallExpression c) {
      return format(c.callee(), POSTFIX) + "(" + list(c.arguments()) + ")";
    }
    if (e instanceof MemberAccess m) {
      return format(m.object(), POSTFIX) + (m.isArrow() ? "->" : ".") + m.member();
    }
    if (e instanceof ArrayAccess a) {
      return format(a.array(), POSTFIX) + "[" + format(a.index()) + "]";
    }
    if (e instanceof UnaryExpression u) {
      return unary(u);
    }
    if (e instanceof BinaryExpression b) {
      int p = binaryPrecedence(b.operator());
      return format(b.left(), p) + " " + b.operator() + " " + format(b.right(), p + 1);
    }
    if (e instanceof AssignExpression a) {
      return format(a.target(), UNARY) + " " + a.operator() + " " + format(a.value(), ASSIGN);
    }
    if (e instanceof ConditionalExpression c) {
      String then = c.thenExpression().map(t -> " " + format(t) + " ").orElse("");
      return format(c.condition(), 4)
          + " ?"
          + then
          + ": "
          + format(c.elseExpression(), CONDITIONAL);
    }
    if (e instanceof CastExpression c) {
      return "(" + c.type().spelling() + ")" + format(c.expression(), UNARY);
    }
    if (e instanceof SizeofExpression s) {
      if (s.type().isPresent()) {
        return s.operator() + "(" + s.type().get().spelling() + ")";
      }
      Expression operand = s.expression().get();
      String arg = format(operand, UNARY);
      return s.operator() + (arg.startsWith("(") ? "" : " ") + arg;
    }
    if (e instanceof CommaExpression c) {
      return c.expressions().stream().map(x -> format(x, ASSIGN)).collect(Collectors.joining(", "));
    }
    if (e instanceof StatementExpression s) {
      PrintingVisitor v = new PrintingVisitor(indent, false);
      v.blockInline(s.block());
      return "(" + v.result() + ")";
    }
    if (e instanceof InitializerList l) {
      return initializerList(l);
    }
    if (e instanceof CompoundLiteral c) {
      return "(" + c.type().spelling() + ")" + initializerList(c.initializer());
    }
    if (e instanceof TypeArgument t) {
      return t.type().spelling();
    }
    if (e instanceof MacroExpression m) {
      return m.spelling();
    }
    throw new IllegalArgumentException("unknown expression " + e.kind());
  }

  private String unary(UnaryExpression u) {
    if (u.isPostfix()) {
      return format(u.operand(), POSTFIX) + u.operator();
    }
    String operand = format(u.operand(), UNARY);
    String op = u.operator();
    // Keep "- -x", "& &x", "+ ++x" from fusing into other tokens.
    boolean fuse =
        !operand.isEmpty()
            && "+-&".indexOf(operand.charAt(0)) >= 0
            && op.endsWith(operand.substring(0, 1));
    return op + (fuse ? " " : "") + operand;
  }

  private String list(List<Expression> args) {
    return args.stream().map(a -> format(a, ASSIGN)).collect(Collectors.joining(", "));
  }

  private String initializerList(InitializerList l) {
    if (l.initializers().isEmpty()) {
      return "{}";
    }
    return "{ "
        + l.initializers().stream().map(this::initializer).collect(Collectors.joining(", "))
        + " }";
  }

  private String initializer(Initializer i) {
    String value = format(i.value(), ASSIGN);
    return i.designators().isEmpty() ? value : String.join("", i.designators()) + " = " + value;
  }
}
