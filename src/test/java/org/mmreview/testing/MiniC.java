package org.mmreview.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.ArrayAccess;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.CastExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.SizeofExpression;
import org.mmreview.ast.expr.StatementExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.BreakStatement;
import org.mmreview.ast.stmt.CaseStatement;
import org.mmreview.ast.stmt.ContinueStatement;
import org.mmreview.ast.stmt.DeclarationStatement;
import org.mmreview.ast.stmt.DefaultStatement;
import org.mmreview.ast.stmt.DoWhileStatement;
import org.mmreview.ast.stmt.EmptyStatement;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.ForStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.ast.stmt.MacroLoopStatement;
import org.mmreview.ast.stmt.PreprocessorStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.ast.stmt.SwitchStatement;
import org.mmreview.ast.stmt.WhileStatement;
import org.mmreview.ast.type.TypeName;

/**
 * A deliberately small recursive-descent C reader for analysis tests: function definitions,
 * the usual statements and expressions, simple declarations. Not the product parser.
 */
public final class MiniC {
  private static final Set<String> TYPE_WORDS =
      Set.of("struct", "union", "enum", "int", "long", "short", "char", "void", "unsigned",
          "signed", "bool", "const", "volatile", "static", "inline", "size_t", "ssize_t", "pte_t",
          "pmd_t", "pud_t", "spinlock_t", "vm_fault_t", "swp_entry_t", "pgoff_t", "u64", "u32",
          "__u64", "vm_flags_t", "gfp_t", "uffd_flags_t");
  private static final String[] PUNCT = {
    "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=",
    "-=", "*=", "/=", "%=", "&=", "|=", "^=", "(", ")", "[", "]", "{", "}", ";", ",", ":", "?",
    "=", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", "."
  };

  private record Tok(String text, int begin, int end, boolean ident, boolean pp) {}

  private final String src;
  private final List<Tok> toks = new ArrayList<>();
  private final List<Comment> comments = new ArrayList<>();
  private int pos;

  private MiniC(String src) {
    this.src = src;
    lex();
  }

  /** Parses {@code src} as a file. */
  public static CompilationUnit parse(String src) {
    MiniC p = new MiniC(src);
    List<Node> items = new ArrayList<>();
    while (p.pos < p.toks.size()) {
      if (p.peek().pp) {
        items.add(p.ppLine());
      } else {
        items.add(p.function());
      }
    }
    return new CompilationUnit("test.c", src, items, p.comments);
  }

  private void lex() {
    int i = 0;
    boolean lineStart = true;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '\n') {
        lineStart = true;
        i++;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (src.startsWith("/*", i)) {
        int e = src.indexOf("*/", i) + 2;
        comments.add(new Comment(Range.of(src, i, e), src.substring(i, e)));
        i = e;
      } else if (src.startsWith("//", i)) {
        int e = src.indexOf('\n', i);
        e = e < 0 ? src.length() : e;
        comments.add(new Comment(Range.of(src, i, e), src.substring(i, e)));
        i = e;
      } else if (c == '#' && lineStart) {
        int e = i;
        while (e < src.length() && (src.charAt(e) != '\n' || src.charAt(e - 1) == '\\')) {
          e++;
        }
        toks.add(new Tok(src.substring(i, e), i, e, false, true));
        i = e;
      } else if (Character.isJavaIdentifierStart(c) || Character.isDigit(c)) {
        int e = i;
        while (e < src.length() && Character.isJavaIdentifierPart(src.charAt(e))) {
          e++;
        }
        toks.add(new Tok(src.substring(i, e), i, e, !Character.isDigit(c), false));
        i = e;
        lineStart = false;
      } else if (c == '"' || c == '\'') {
        int e = i + 1;
        while (src.charAt(e) != c) {
          e += src.charAt(e) == '\\' ? 2 : 1;
        }
        toks.add(new Tok(src.substring(i, e + 1), i, e + 1, false, false));
        i = e + 1;
        lineStart = false;
      } else {
        String p = null;
        for (String cand : PUNCT) {
          if (src.startsWith(cand, i)) {
            p = cand;
            break;
          }
        }
        if (p == null) {
          throw new IllegalArgumentException("bad char " + c + " at " + i);
        }
        toks.add(new Tok(p, i, i + p.length(), false, false));
        i += p.length();
        lineStart = false;
      }
    }
  }

  private Tok peek() {
    return toks.get(pos);
  }

  private Tok peek(int k) {
    return pos + k < toks.size() ? toks.get(pos + k) : new Tok("<eof>", src.length(), src.length(), false, false);
  }

  private boolean at(String t) {
    return pos < toks.size() && peek().text.equals(t);
  }

  private Tok expect(String t) {
    if (!at(t)) {
      throw new IllegalArgumentException("expected " + t + " at " + (pos < toks.size() ? peek() : "eof"));
    }
    return toks.get(pos++);
  }

  private boolean accept(String t) {
    if (at(t)) {
      pos++;
      return true;
    }
    return false;
  }

  private Range from(int beginTok) {
    return Range.of(src, toks.get(beginTok).begin, toks.get(pos - 1).end);
  }

  private PreprocessorLine ppLine() {
    Tok t = toks.get(pos++);
    return PreprocessorLine.parse(Range.of(src, t.begin, t.end), t.text);
  }

  private boolean isTypeStart(int k) {
    Tok t = peek(k);
    return TYPE_WORDS.contains(t.text) || (t.ident && t.text.endsWith("_t") && peek(k + 1).ident)
        || (t.ident && peek(k + 1).text.equals("*") && peek(k + 2).ident && peek(k + 3).text.matches("[=;,)]"));
  }

  /** Specifiers and base type; returns [specifiers..., type text, beginTok]. */
  private List<String> specifiers = new ArrayList<>();

  private TypeName baseType() {
    specifiers = new ArrayList<>();
    int b = pos;
    StringBuilder type = new StringBuilder();
    while (true) {
      String t = peek().text;
      if (t.equals("static") || t.equals("inline") || t.equals("extern") || t.equals("typedef")) {
        specifiers.add(t);
        pos++;
        b = pos;
      } else if (t.equals("struct") || t.equals("union") || t.equals("enum")) {
        pos++;
        type.append(t).append(' ').append(toks.get(pos++).text).append(' ');
      } else if (TYPE_WORDS.contains(t) || (type.length() == 0 && peek().ident)) {
        type.append(t).append(' ');
        pos++;
        if (!TYPE_WORDS.contains(t)) {
          break;
        }
        if (!isTypeWordNext()) {
          break;
        }
      } else {
        break;
      }
    }
    return new TypeName(from(b), type.toString());
  }

  private boolean isTypeWordNext() {
    String t = peek().text;
    return TYPE_WORDS.contains(t) && !t.equals("static");
  }

  private FunctionDefinition function() {
    int b = pos;
    TypeName base = baseType();
    List<String> specs = specifiers;
    int stars = 0;
    while (accept("*")) {
      stars++;
    }
    TypeName ret = new TypeName(from(b), base.spelling() + " " + "*".repeat(stars));
    String name = toks.get(pos++).text;
    expect("(");
    List<Parameter> params = new ArrayList<>();
    boolean variadic = false;
    if (at("void") && peek(1).text.equals(")")) {
      pos++;
    }
    while (!at(")")) {
      if (accept("...")) {
        variadic = true;
        break;
      }
      int pb = pos;
      TypeName pt = baseType();
      int ps = 0;
      while (accept("*")) {
        ps++;
      }
      String pn = peek().ident ? toks.get(pos++).text : null;
      params.add(new Parameter(from(pb), new TypeName(from(pb), pt.spelling() + " " + "*".repeat(ps)), pn));
      accept(",");
    }
    expect(")");
    Block body = block();
    return new FunctionDefinition(from(b), specs, List.of(), ret, name, params, variadic, body);
  }

  private Block block() {
    int b = pos;
    expect("{");
    List<Statement> items = new ArrayList<>();
    while (!at("}")) {
      items.add(statement());
    }
    expect("}");
    return new Block(from(b), items);
  }

  private Statement statement() {
    int b = pos;
    Tok t = peek();
    if (t.pp) {
      PreprocessorLine l = ppLine();
      return new PreprocessorStatement(l.range(), l);
    }
    switch (t.text) {
      case "{":
        return block();
      case ";":
        pos++;
        return new EmptyStatement(from(b));
      case "if": {
        pos++;
        expect("(");
        Expression c = expression();
        expect(")");
        Statement then = statement();
        Statement els = accept("else") ? statement() : null;
        return new IfStatement(from(b), c, then, els);
      }
      case "while": {
        pos++;
        expect("(");
        Expression c = expression();
        expect(")");
        Statement body = statement();
        return new WhileStatement(from(b), c, body);
      }
      case "do": {
        pos++;
        Statement body = statement();
        expect("while");
        expect("(");
        Expression c = expression();
        expect(")");
        expect(";");
        return new DoWhileStatement(from(b), body, c);
      }
      case "for": {
        pos++;
        expect("(");
        Node init = null;
        if (!at(";")) {
          init = isTypeStart(0) ? declaration() : expression();
        }
        if (!(init instanceof Declaration)) {
          expect(";");
        }
        Expression cond = at(";") ? null : expression();
        expect(";");
        Expression upd = at(")") ? null : expression();
        expect(")");
        Statement body = statement();
        return new ForStatement(from(b), init, cond, upd, body);
      }
      case "switch": {
        pos++;
        expect("(");
        Expression c = expression();
        expect(")");
        return new SwitchStatement(from(b), c, statement());
      }
      case "case": {
        pos++;
        Expression v = conditional();
        Expression hi = accept("...") ? conditional() : null;
        expect(":");
        return new CaseStatement(from(b), v, hi, at("}") ? new EmptyStatement(from(pos - 1)) : statement());
      }
      case "default": {
        pos++;
        expect(":");
        return new DefaultStatement(from(b), at("}") ? new EmptyStatement(from(pos - 1)) : statement());
      }
      case "goto": {
        pos++;
        String l = toks.get(pos++).text;
        expect(";");
        return new GotoStatement(from(b), l);
      }
      case "return": {
        pos++;
        Expression v = at(";") ? null : expression();
        expect(";");
        return new ReturnStatement(from(b), v);
      }
      case "break":
        pos += 2;
        return new BreakStatement(from(b));
      case "continue":
        pos += 2;
        return new ContinueStatement(from(b));
      default:
        break;
    }
    if (t.ident && peek(1).text.equals(":")) {
      pos += 2;
      Statement body = at("}") ? new EmptyStatement(from(pos - 1)) : statement();
      return new LabeledStatement(from(b), t.text, body);
    }
    if (isTypeStart(0)) {
      Declaration d = declaration();
      return new DeclarationStatement(d.range(), d);
    }
    if (t.ident && (t.text.contains("for_each") || t.text.startsWith("scoped_guard")) && peek(1).text.equals("(")) {
      pos++;
      expect("(");
      List<Expression> args = new ArrayList<>();
      while (!at(")")) {
        args.add(assignment());
        accept(",");
      }
      expect(")");
      Statement body = statement();
      return new MacroLoopStatement(from(b), t.text, args, body);
    }
    Expression e = expression();
    expect(";");
    return new ExpressionStatement(from(b), e);
  }

  /** A declaration including its semicolon. */
  private Declaration declaration() {
    int b = pos;
    TypeName base = baseType();
    List<String> specs = specifiers;
    List<Declarator> ds = new ArrayList<>();
    while (!at(";")) {
      int db = pos;
      int stars = 0;
      while (accept("*")) {
        stars++;
      }
      String name = toks.get(pos++).text;
      TypeName full = new TypeName(from(db), base.spelling() + " " + "*".repeat(stars));
      Expression init = accept("=") ? assignment() : null;
      ds.add(new Declarator(from(db), name, full, init));
      accept(",");
    }
    expect(";");
    return new Declaration(from(b), specs, base, null, ds);
  }

  private Expression expression() {
    int b = pos;
    Expression e = assignment();
    if (at(",")) {
      List<Expression> list = new ArrayList<>(List.of(e));
      while (accept(",")) {
        list.add(assignment());
      }
      return new org.mmreview.ast.expr.CommaExpression(from(b), list);
    }
    return e;
  }

  private static final Set<String> ASSIGN_OPS =
      Set.of("=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=");

  private Expression assignment() {
    int b = pos;
    Expression lhs = conditional();
    if (pos < toks.size() && ASSIGN_OPS.contains(peek().text)) {
      String op = toks.get(pos++).text;
      Expression rhs = assignment();
      return new AssignExpression(from(b), lhs, op, rhs);
    }
    return lhs;
  }

  private Expression conditional() {
    int b = pos;
    Expression c = binary(4);
    if (accept("?")) {
      Expression then = at(":") ? null : expression();
      expect(":");
      Expression els = conditional();
      return new ConditionalExpression(from(b), c, then, els);
    }
    return c;
  }

  private static int prec(String op) {
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
      default -> -1;
    };
  }

  private Expression binary(int min) {
    int b = pos;
    Expression left = unary();
    while (pos < toks.size() && prec(peek().text) >= min) {
      String op = toks.get(pos++).text;
      Expression right = binary(prec(op) + 1);
      left = new BinaryExpression(from(b), left, op, right);
    }
    return left;
  }

  private Expression unary() {
    int b = pos;
    String t = peek().text;
    if (Set.of("!", "-", "~", "*", "&", "+", "++", "--").contains(t)) {
      pos++;
      Expression operand = unary();
      return new UnaryExpression(from(b), t, operand, false);
    }
    if (t.equals("sizeof")) {
      pos++;
      if (at("(") && isTypeStart(1)) {
        pos++;
        TypeName ty = typeName();
        expect(")");
        return new SizeofExpression(from(b), "sizeof", ty, null);
      }
      return new SizeofExpression(from(b), "sizeof", null, unary());
    }
    if (t.equals("(") && isTypeStart(1) && !peek(1).text.equals("{")) {
      pos++;
      TypeName ty = typeName();
      expect(")");
      Expression e = unary();
      return new CastExpression(from(b), ty, e);
    }
    return postfix();
  }

  private TypeName typeName() {
    int b = pos;
    TypeName base = baseType();
    int stars = 0;
    while (accept("*")) {
      stars++;
    }
    return new TypeName(from(b), base.spelling() + " " + "*".repeat(stars));
  }

  private Expression postfix() {
    int b = pos;
    Expression e = primary();
    while (pos < toks.size()) {
      if (accept("(")) {
        List<Expression> args = new ArrayList<>();
        while (!at(")")) {
          args.add(assignment());
          accept(",");
        }
        expect(")");
        e = new CallExpression(from(b), e, args);
      } else if (at("->") || at(".")) {
        boolean arrow = toks.get(pos++).text.equals("->");
        String m = toks.get(pos++).text;
        e = new MemberAccess(from(b), e, m, arrow);
      } else if (accept("[")) {
        Expression i = expression();
        expect("]");
        e = new ArrayAccess(from(b), e, i);
      } else if (at("++") || at("--")) {
        String op = toks.get(pos++).text;
        e = new UnaryExpression(from(b), op, e, true);
      } else {
        break;
      }
    }
    return e;
  }

  private Expression primary() {
    int b = pos;
    Tok t = toks.get(pos++);
    if (t.text.equals("(")) {
      if (at("{")) {
        Block blk = block();
        expect(")");
        return new StatementExpression(from(b), blk);
      }
      Expression inner = expression();
      expect(")");
      return new ParenExpression(from(b), inner);
    }
    if (t.ident) {
      return new Identifier(from(b), t.text);
    }
    Literal.Kind k = t.text.startsWith("\"") ? Literal.Kind.STRING
        : t.text.startsWith("'") ? Literal.Kind.CHAR : Literal.Kind.INT;
    if (!Character.isDigit(t.text.charAt(0)) && k == Literal.Kind.INT) {
      throw new IllegalArgumentException("unexpected " + t);
    }
    return new Literal(from(b), k, t.text);
  }
}
