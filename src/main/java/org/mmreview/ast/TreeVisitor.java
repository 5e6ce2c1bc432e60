package org.mmreview.ast;

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
 * A visitor that walks children in source order by default. Each {@code visit} calls {@link
 * #defaultVisit}, which visits the children in order and returns the first non-null result (so a
 * search can stop early); override single {@code visit} methods, or {@code defaultVisit}.
 *
 * @param <R> the result type; use {@link Void} and return null to walk the whole tree
 */
public abstract class TreeVisitor<R> implements Visitor<R> {

  /** Visits the children of {@code n} in source order; the first non-null result wins. */
  protected R visitChildren(Node n) {
    for (Node child : n.children()) {
      R r = child.accept(this);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /** What every {@code visit} does unless overridden: walk the children. */
  protected R defaultVisit(Node n) {
    return visitChildren(n);
  }

  @Override
  public R visit(CompilationUnit n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(Declaration n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(Declarator n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(EnumDecl n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(Enumerator n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(ErrorNode n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(FunctionDefinition n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(MacroDeclaration n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(Parameter n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(RecordDecl n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(AsmStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(Block n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(BreakStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(CaseStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(ContinueStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(DeclarationStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(DefaultStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(DoWhileStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(EmptyStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(ErrorStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(ExpressionStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(ForStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(GotoStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(IfStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(LabeledStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(MacroLoopStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(PreprocessorStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(ReturnStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(SwitchStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(WhileStatement n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(ArrayAccess n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(AssignExpression n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(BinaryExpression n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(CallExpression n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(CastExpression n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(CommaExpression n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(CompoundLiteral n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(ConditionalExpression n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(Identifier n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(Initializer n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(InitializerList n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(Literal n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(MacroExpression n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(MemberAccess n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(ParenExpression n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(SizeofExpression n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(StatementExpression n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(TypeArgument n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(UnaryExpression n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(TypeName n) {
    return defaultVisit(n);
  }

  @Override
  public R visit(PreprocessorLine n) {
    return defaultVisit(n);
  }
}
