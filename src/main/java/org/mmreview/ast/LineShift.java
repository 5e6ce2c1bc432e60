package org.mmreview.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.mmreview.ast.stmt.SwitchStatement;
import org.mmreview.ast.stmt.WhileStatement;
import org.mmreview.ast.type.TypeName;

/**
 * A copy of a tree whose every line number is moved by a fixed amount, as JavaParser's CloneVisitor
 * copies a tree. The same hunk text turns up at other lines (a series resent as v2 after an earlier
 * hunk grew, a reply quoting the patch): its tree is the same but for the lines, and copying one is
 * far cheaper than lexing and parsing the text again. Columns and offsets are relative to the
 * unit's text, which does not move, and stay as they are.
 */
public final class LineShift implements Visitor<Node> {
  private final int lines;

  private LineShift(int lines) {
    this.lines = lines;
  }

  /** {@code unit} with every range {@code lines} lines further down (up when negative). */
  public static CompilationUnit copy(CompilationUnit unit, int lines) {
    return (CompilationUnit) unit.accept(new LineShift(lines));
  }

  /** {@code r} moved {@code lines} lines. */
  public static Range shift(Range r, int lines) {
    return new Range(
        r.beginLine() + lines,
        r.beginColumn(),
        r.endLine() + lines,
        r.endColumn(),
        r.beginOffset(),
        r.endOffset());
  }

  private Range at(Node n) {
    return shift(n.range(), lines);
  }

  @SuppressWarnings("unchecked")
  private <T extends Node> T copy(T n) {
    return n == null ? null : (T) n.accept(this);
  }

  private <T extends Node> T copy(Optional<T> n) {
    return copy(n.orElse(null));
  }

  private <T extends Node> List<T> copyAll(List<T> list) {
    List<T> out = new ArrayList<>(list.size());
    for (T n : list) {
      out.add(copy(n));
    }
    return out;
  }

  @Override
  public Node visit(CompilationUnit n) {
    List<Comment> comments = new ArrayList<>(n.comments().size());
    for (Comment c : n.comments()) {
      comments.add(new Comment(shift(c.range(), lines), c.text()));
    }
    return new CompilationUnit(
        at(n), n.fileName(), n.source(), n.sourceOffset(), copyAll(n.items()), comments);
  }

  @Override
  public Node visit(Declaration n) {
    return new Declaration(
        at(n), n.specifiers(), copy(n.baseType()), copy(n.definedType()), copyAll(n.declarators()));
  }

  @Override
  public Node visit(Declarator n) {
    return new Declarator(
        at(n), n.name(), copy(n.type()), copy(n.initializer()), copy(n.bitWidth()));
  }

  @Override
  public Node visit(EnumDecl n) {
    return new EnumDecl(at(n), n.tag().orElse(null), copyAll(n.enumerators()));
  }

  @Override
  public Node visit(Enumerator n) {
    return new Enumerator(at(n), n.name(), copy(n.value()));
  }

  @Override
  public Node visit(ErrorNode n) {
    return new ErrorNode(at(n), n.reason(), n.functionName().orElse(null));
  }

  @Override
  public Node visit(FunctionDefinition n) {
    return new FunctionDefinition(
        at(n),
        n.specifiers(),
        n.attributes(),
        copy(n.returnType()),
        n.name(),
        copyAll(n.parameters()),
        n.isVariadic(),
        copy(n.body()));
  }

  @Override
  public Node visit(MacroDeclaration n) {
    return new MacroDeclaration(at(n), n.name(), n.argumentTexts());
  }

  @Override
  public Node visit(Parameter n) {
    return new Parameter(at(n), copy(n.type()), n.name().orElse(null));
  }

  @Override
  public Node visit(RecordDecl n) {
    return new RecordDecl(
        at(n), n.isUnion(), n.tag().orElse(null), n.hasBody(), copyAll(n.fields()));
  }

  @Override
  public Node visit(AsmStatement n) {
    return new AsmStatement(at(n), n.code());
  }

  @Override
  public Node visit(Block n) {
    return new Block(at(n), copyAll(n.statements()));
  }

  @Override
  public Node visit(BreakStatement n) {
    return new BreakStatement(at(n));
  }

  @Override
  public Node visit(CaseStatement n) {
    return new CaseStatement(at(n), copy(n.value()), copy(n.rangeEnd()), copy(n.body()));
  }

  @Override
  public Node visit(ContinueStatement n) {
    return new ContinueStatement(at(n));
  }

  @Override
  public Node visit(DeclarationStatement n) {
    return new DeclarationStatement(at(n), copy(n.declaration()));
  }

  @Override
  public Node visit(DefaultStatement n) {
    return new DefaultStatement(at(n), copy(n.body()));
  }

  @Override
  public Node visit(DoWhileStatement n) {
    return new DoWhileStatement(at(n), copy(n.body()), copy(n.condition()));
  }

  @Override
  public Node visit(EmptyStatement n) {
    return new EmptyStatement(at(n));
  }

  @Override
  public Node visit(ErrorStatement n) {
    return new ErrorStatement(at(n), n.reason());
  }

  @Override
  public Node visit(ExpressionStatement n) {
    return new ExpressionStatement(at(n), copy(n.expression()));
  }

  @Override
  public Node visit(ForStatement n) {
    return new ForStatement(
        at(n), copy(n.init()), copy(n.condition()), copy(n.update()), copy(n.body()));
  }

  @Override
  public Node visit(GotoStatement n) {
    return new GotoStatement(at(n), n.label());
  }

  @Override
  public Node visit(IfStatement n) {
    return new IfStatement(
        at(n), copy(n.condition()), copy(n.thenStatement()), copy(n.elseStatement()));
  }

  @Override
  public Node visit(LabeledStatement n) {
    return new LabeledStatement(at(n), n.label(), copy(n.body()));
  }

  @Override
  public Node visit(MacroLoopStatement n) {
    return new MacroLoopStatement(at(n), n.macroName(), copyAll(n.arguments()), copy(n.body()));
  }

  @Override
  public Node visit(PreprocessorStatement n) {
    return new PreprocessorStatement(at(n), copy(n.line()));
  }

  @Override
  public Node visit(ReturnStatement n) {
    return new ReturnStatement(at(n), copy(n.value()));
  }

  @Override
  public Node visit(SwitchStatement n) {
    return new SwitchStatement(at(n), copy(n.selector()), copy(n.body()));
  }

  @Override
  public Node visit(WhileStatement n) {
    return new WhileStatement(at(n), copy(n.condition()), copy(n.body()));
  }

  @Override
  public Node visit(ArrayAccess n) {
    return new ArrayAccess(at(n), copy(n.array()), copy(n.index()));
  }

  @Override
  public Node visit(AssignExpression n) {
    return new AssignExpression(at(n), copy(n.target()), n.operator(), copy(n.value()));
  }

  @Override
  public Node visit(BinaryExpression n) {
    return new BinaryExpression(at(n), copy(n.left()), n.operator(), copy(n.right()));
  }

  @Override
  public Node visit(CallExpression n) {
    return new CallExpression(at(n), copy(n.callee()), copyAll(n.arguments()));
  }

  @Override
  public Node visit(CastExpression n) {
    return new CastExpression(at(n), copy(n.type()), copy(n.expression()));
  }

  @Override
  public Node visit(CommaExpression n) {
    return new CommaExpression(at(n), copyAll(n.expressions()));
  }

  @Override
  public Node visit(CompoundLiteral n) {
    return new CompoundLiteral(at(n), copy(n.type()), copy(n.initializer()));
  }

  @Override
  public Node visit(ConditionalExpression n) {
    return new ConditionalExpression(
        at(n), copy(n.condition()), copy(n.thenExpression()), copy(n.elseExpression()));
  }

  @Override
  public Node visit(Identifier n) {
    return new Identifier(at(n), n.name());
  }

  @Override
  public Node visit(Initializer n) {
    return new Initializer(at(n), n.designators(), copy(n.value()));
  }

  @Override
  public Node visit(InitializerList n) {
    return new InitializerList(at(n), copyAll(n.initializers()));
  }

  @Override
  public Node visit(Literal n) {
    return new Literal(at(n), n.literalKind(), n.value());
  }

  @Override
  public Node visit(MacroExpression n) {
    return new MacroExpression(at(n), n.spelling());
  }

  @Override
  public Node visit(MemberAccess n) {
    return new MemberAccess(at(n), copy(n.object()), n.member(), n.isArrow());
  }

  @Override
  public Node visit(ParenExpression n) {
    return new ParenExpression(at(n), copy(n.inner()));
  }

  @Override
  public Node visit(SizeofExpression n) {
    return new SizeofExpression(at(n), n.operator(), copy(n.type()), copy(n.expression()));
  }

  @Override
  public Node visit(StatementExpression n) {
    return new StatementExpression(at(n), copy(n.block()));
  }

  @Override
  public Node visit(TypeArgument n) {
    return new TypeArgument(at(n), copy(n.type()));
  }

  @Override
  public Node visit(UnaryExpression n) {
    return new UnaryExpression(at(n), n.operator(), copy(n.operand()), n.isPostfix());
  }

  @Override
  public Node visit(TypeName n) {
    return new TypeName(at(n), n.spelling());
  }

  @Override
  public Node visit(PreprocessorLine n) {
    return new PreprocessorLine(at(n), n.directive(), n.text(), n.macroName().orElse(null));
  }
}
