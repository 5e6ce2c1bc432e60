package org.mmreview.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.EnumDecl;
import org.mmreview.ast.decl.Enumerator;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.MacroDeclaration;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.decl.RecordDecl;
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
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.AsmStatement;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.BreakStatement;
import org.mmreview.ast.stmt.CaseStatement;
import org.mmreview.ast.stmt.ContinueStatement;
import org.mmreview.ast.stmt.DeclarationStatement;
import org.mmreview.ast.stmt.DefaultStatement;
import org.mmreview.ast.stmt.DoWhileStatement;
import org.mmreview.ast.stmt.EmptyStatement;
import org.mmreview.ast.stmt.ErrorStatement;
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
 * The statement and declaration half of {@link AstPrinter}; expressions go to {@link
 * ExpressionFormatter}.
 */
final class PrintingVisitor implements Visitor<Void> {
  private final StringBuilder out = new StringBuilder();
  private int indent;
  private boolean atLineStart = true;

  PrintingVisitor(int indent) {
    this(indent, true);
  }

  /** {@code atLineStart} false when the output continues a line already indented by the caller. */
  PrintingVisitor(int indent, boolean atLineStart) {
    this.indent = indent;
    this.atLineStart = atLineStart;
  }

  String result() {
    String s = out.toString();
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  private PrintingVisitor write(String s) {
    if (atLineStart && !s.isEmpty()) {
      out.append("\t".repeat(Math.max(0, indent)));
      atLineStart = false;
    }
    out.append(s);
    return this;
  }

  private void newline() {
    out.append('\n');
    atLineStart = true;
  }

  private void line(String s) {
    write(s);
    newline();
  }

  private String expr(Expression e) {
    return new ExpressionFormatter(indent).format(e);
  }

  private String exprNoComma(Expression e) {
    return new ExpressionFormatter(indent).format(e, ExpressionFormatter.ASSIGN);
  }

  /** Prints a block's braces and items starting on the current line, without a final newline. */
  void blockInline(Block b) {
    write("{");
    newline();
    indent++;
    b.items().forEach(i -> i.accept(this));
    indent--;
    write("}");
  }

  /** Prints {@code s} as the body of a control statement whose header is already written. */
  private void body(Statement s) {
    if (s instanceof Block b) {
      write(" ");
      blockInline(b);
      newline();
    } else {
      newline();
      indent++;
      s.accept(this);
      indent--;
    }
  }

  // ---- declarations

  @Override
  public Void visit(CompilationUnit n) {
    Node previous = null;
    for (Node item : n.items()) {
      if (previous instanceof FunctionDefinition
          || (previous != null && item instanceof FunctionDefinition)) {
        newline();
      }
      item.accept(this);
      previous = item;
    }
    return null;
  }

  @Override
  public Void visit(FunctionDefinition n) {
    List<String> head = new ArrayList<>(n.specifiers());
    List<String> params =
        n.parameters().stream().map(PrintingVisitor::parameter).collect(Collectors.toList());
    if (n.isVariadic()) {
      params.add("...");
    }
    if (params.isEmpty()) {
      params.add("void");
    }
    // Attributes go between the return type and the name, where the kernel writes __init & co.;
    // before a pointer return type, where "void *__init f" would read as a qualified pointer.
    // When the tree has its source, each attribute keeps its side of the return type.
    List<String> named = new ArrayList<>();
    String header = n.sourceText().map(t -> header(t, n.name())).orElse(null);
    String[] typeWords = n.returnType().baseName().split(" ");
    String typeWord = typeWords[typeWords.length - 1];
    for (String a : n.attributes()) {
      int at = header == null ? -1 : header.indexOf(a);
      int type = header == null ? -1 : header.indexOf(typeWord);
      boolean before = at >= 0 && type >= 0 ? at < type : n.returnType().isPointer();
      (before ? head : named).add(a);
    }
    named.add(n.name() + "(" + String.join(", ", params) + ")");
    head.add(n.returnType().declare(String.join(" ", named)));
    write(String.join(" ", head));
    newline();
    blockInline(n.body());
    newline();
    return null;
  }

  /** The text of a function definition before its name. */
  private static String header(String text, String name) {
    int at = Words.callIndexOf(text, name, 0);
    return at >= 0 ? text.substring(0, at) : null;
  }

  private static String parameter(Parameter p) {
    return p.name().map(name -> p.type().declare(name)).orElse(p.type().spelling());
  }

  @Override
  public Void visit(Parameter n) {
    write(parameter(n));
    return null;
  }

  @Override
  public Void visit(Declaration n) {
    write(declaration(n) + ";");
    newline();
    return null;
  }

  /** A declaration without its semicolon. */
  private String declaration(Declaration n) {
    List<String> parts = new ArrayList<>(n.specifiers());
    String base =
        n.definedType()
            .map(t -> qualifiersBefore(n.baseType().spelling()) + definedType(t))
            .orElse(n.baseType().spelling());
    parts.add(base);
    List<String> decls = new ArrayList<>();
    for (Declarator d : n.declarators()) {
      decls.add(declarator(d, n.baseType()));
    }
    String head = String.join(" ", parts);
    if (decls.isEmpty()) {
      return head;
    }
    return head + " " + String.join(", ", decls);
  }

  /**
   * The qualifiers written before {@code struct}/{@code union}/{@code enum}: "const " in "const
   * struct x".
   */
  private static String qualifiersBefore(String spelling) {
    Matcher m = Pattern.compile("\\b(struct|union|enum)\\b").matcher(spelling);
    return m.find() ? spelling.substring(0, m.start()) : "";
  }

  private String definedType(Node t) {
    PrintingVisitor v = new PrintingVisitor(indent, false);
    t.accept(v);
    return v.result();
  }

  /** The declarator part of a declaration ({@code *p = x}) relative to the base type. */
  private String declarator(Declarator d, TypeName base) {
    String full = d.type().declare(d.name());
    String prefix = base.spelling();
    String text = full.startsWith(prefix) ? full.substring(prefix.length()).strip() : full;
    if (d.type().isMacroDeclaring(d.name()) && full.equals(prefix)) {
      text = "";
    }
    StringBuilder b = new StringBuilder(text);
    d.bitWidth().ifPresent(w -> b.append(" : ").append(exprNoComma(w)));
    d.initializer().ifPresent(i -> b.append(" = ").append(exprNoComma(i)));
    return b.toString().strip();
  }

  @Override
  public Void visit(Declarator n) {
    write(n.type().declare(n.name()));
    n.initializer().ifPresent(i -> write(" = " + exprNoComma(i)));
    return null;
  }

  @Override
  public Void visit(RecordDecl n) {
    write((n.isUnion() ? "union" : "struct") + n.tag().map(t -> " " + t).orElse(""));
    if (n.hasBody()) {
      write(" {");
      newline();
      indent++;
      n.fields().forEach(f -> f.accept(this));
      indent--;
      write("}");
    }
    return null;
  }

  @Override
  public Void visit(EnumDecl n) {
    write("enum" + n.tag().map(t -> " " + t).orElse("") + " {");
    newline();
    indent++;
    for (Enumerator e : n.enumerators()) {
      e.accept(this);
      write(",");
      newline();
    }
    indent--;
    write("}");
    return null;
  }

  @Override
  public Void visit(Enumerator n) {
    write(n.name() + n.value().map(v -> " = " + exprNoComma(v)).orElse(""));
    return null;
  }

  @Override
  public Void visit(MacroDeclaration n) {
    line(
        n.sourceText()
            .orElseGet(() -> n.name() + "(" + String.join(", ", n.argumentTexts()) + ");"));
    return null;
  }

  @Override
  public Void visit(ErrorNode n) {
    line(n.sourceText().orElseGet(() -> "/* unparsed: " + n.reason() + " */"));
    return null;
  }

  @Override
  public Void visit(TypeName n) {
    write(n.spelling());
    return null;
  }

  @Override
  public Void visit(PreprocessorLine n) {
    if (!atLineStart) {
      newline();
    }
    out.append(n.text());
    newline();
    return null;
  }

  // ---- statements

  @Override
  public Void visit(Block n) {
    blockInline(n);
    newline();
    return null;
  }

  @Override
  public Void visit(DeclarationStatement n) {
    return n.declaration().accept(this);
  }

  @Override
  public Void visit(ExpressionStatement n) {
    line(expr(n.expression()) + ";");
    return null;
  }

  @Override
  public Void visit(IfStatement n) {
    write("if (" + expr(n.condition()) + ")");
    Statement then = n.thenStatement();
    if (n.elseStatement().isPresent() && !(then instanceof Block) && danglesElse(then)) {
      // Brace the then part so the else cannot attach to an if nested inside it.
      write(" {");
      newline();
      indent++;
      then.accept(this);
      indent--;
      write("}");
      newline();
    } else {
      body(then);
    }
    n.elseStatement()
        .ifPresent(
            e -> {
              write("else");
              if (e instanceof IfStatement) {
                write(" ");
                e.accept(this);
              } else {
                body(e);
              }
            });
    return null;
  }

  /** True when an else after {@code s} would bind to an if nested inside {@code s}. */
  private static boolean danglesElse(Statement s) {
    if (s instanceof IfStatement i) {
      return i.elseStatement().map(PrintingVisitor::danglesElse).orElse(true);
    }
    if (s instanceof WhileStatement w) {
      return danglesElse(w.body());
    }
    if (s instanceof ForStatement f) {
      return danglesElse(f.body());
    }
    if (s instanceof MacroLoopStatement m) {
      return danglesElse(m.body());
    }
    if (s instanceof LabeledStatement l) {
      return danglesElse(l.body());
    }
    return false;
  }

  @Override
  public Void visit(WhileStatement n) {
    write("while (" + expr(n.condition()) + ")");
    body(n.body());
    return null;
  }

  @Override
  public Void visit(DoWhileStatement n) {
    write("do");
    if (n.body() instanceof Block b) {
      write(" ");
      blockInline(b);
      write(" ");
    } else {
      newline();
      indent++;
      n.body().accept(this);
      indent--;
    }
    line("while (" + expr(n.condition()) + ");");
    return null;
  }

  @Override
  public Void visit(ForStatement n) {
    String init =
        n.init()
            .map(i -> i instanceof Declaration d ? declaration(d) : expr((Expression) i))
            .orElse("");
    String cond = n.condition().map(this::expr).map(c -> " " + c).orElse("");
    String update = n.update().map(this::expr).map(u -> " " + u).orElse("");
    write("for (" + init + ";" + cond + ";" + update + ")");
    body(n.body());
    return null;
  }

  @Override
  public Void visit(MacroLoopStatement n) {
    write(
        n.macroName()
            + "("
            + n.arguments().stream().map(this::exprNoComma).collect(Collectors.joining(", "))
            + ")");
    body(n.body());
    return null;
  }

  @Override
  public Void visit(SwitchStatement n) {
    write("switch (" + expr(n.selector()) + ")");
    body(n.body());
    return null;
  }

  @Override
  public Void visit(CaseStatement n) {
    indent--;
    line(
        "case "
            + exprNoComma(n.value())
            + n.rangeEnd().map(e -> " ... " + exprNoComma(e)).orElse("")
            + ":");
    indent++;
    n.body().accept(this);
    return null;
  }

  @Override
  public Void visit(DefaultStatement n) {
    indent--;
    line("default:");
    indent++;
    n.body().accept(this);
    return null;
  }

  @Override
  public Void visit(LabeledStatement n) {
    int saved = indent;
    indent = Math.max(0, indent - 1);
    line(n.label() + ":");
    indent = saved;
    n.body().accept(this);
    return null;
  }

  @Override
  public Void visit(GotoStatement n) {
    line("goto " + n.label() + ";");
    return null;
  }

  @Override
  public Void visit(ReturnStatement n) {
    line("return" + n.value().map(v -> " " + expr(v)).orElse("") + ";");
    return null;
  }

  @Override
  public Void visit(BreakStatement n) {
    line("break;");
    return null;
  }

  @Override
  public Void visit(ContinueStatement n) {
    line("continue;");
    return null;
  }

  @Override
  public Void visit(EmptyStatement n) {
    line(";");
    return null;
  }

  @Override
  public Void visit(AsmStatement n) {
    line(n.code());
    return null;
  }

  @Override
  public Void visit(PreprocessorStatement n) {
    return n.line().accept(this);
  }

  @Override
  public Void visit(ErrorStatement n) {
    line(n.sourceText().orElseGet(() -> "/* unparsed: " + n.reason() + " */"));
    return null;
  }

  // ---- expressions: formatted as a whole

  private Void expression(Expression e) {
    write(expr(e));
    return null;
  }

  @Override
  public Void visit(Identifier n) {
    return expression(n);
  }

  @Override
  public Void visit(Literal n) {
    return expression(n);
  }

  @Override
  public Void visit(CallExpression n) {
    return expression(n);
  }

  @Override
  public Void visit(MemberAccess n) {
    return expression(n);
  }

  @Override
  public Void visit(ArrayAccess n) {
    return expression(n);
  }

  @Override
  public Void visit(UnaryExpression n) {
    return expression(n);
  }

  @Override
  public Void visit(BinaryExpression n) {
    return expression(n);
  }

  @Override
  public Void visit(AssignExpression n) {
    return expression(n);
  }

  @Override
  public Void visit(ConditionalExpression n) {
    return expression(n);
  }

  @Override
  public Void visit(CastExpression n) {
    return expression(n);
  }

  @Override
  public Void visit(SizeofExpression n) {
    return expression(n);
  }

  @Override
  public Void visit(ParenExpression n) {
    return expression(n);
  }

  @Override
  public Void visit(CommaExpression n) {
    return expression(n);
  }

  @Override
  public Void visit(StatementExpression n) {
    return expression(n);
  }

  @Override
  public Void visit(InitializerList n) {
    return expression(n);
  }

  @Override
  public Void visit(Initializer n) {
    String value = exprNoComma(n.value());
    write(n.designators().isEmpty() ? value : String.join("", n.designators()) + " = " + value);
    return null;
  }

  @Override
  public Void visit(CompoundLiteral n) {
    return expression(n);
  }

  @Override
  public Void visit(TypeArgument n) {
    return expression(n);
  }

  @Override
  public Void visit(MacroExpression n) {
    return expression(n);
  }
}
