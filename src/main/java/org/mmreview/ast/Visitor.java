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
 * One {@code visit} per concrete node class; {@link Node#accept} dispatches here.
 *
 * @param <R> the result type
 */
public interface Visitor<R> {
  R visit(CompilationUnit n);

  R visit(Declaration n);

  R visit(Declarator n);

  R visit(EnumDecl n);

  R visit(Enumerator n);

  R visit(ErrorNode n);

  R visit(FunctionDefinition n);

  R visit(MacroDeclaration n);

  R visit(Parameter n);

  R visit(RecordDecl n);

  R visit(AsmStatement n);

  R visit(Block n);

  R visit(BreakStatement n);

  R visit(CaseStatement n);

  R visit(ContinueStatement n);

  R visit(DeclarationStatement n);

  R visit(DefaultStatement n);

  R visit(DoWhileStatement n);

  R visit(EmptyStatement n);

  R visit(ErrorStatement n);

  R visit(ExpressionStatement n);

  R visit(ForStatement n);

  R visit(GotoStatement n);

  R visit(IfStatement n);

  R visit(LabeledStatement n);

  R visit(MacroLoopStatement n);

  R visit(PreprocessorStatement n);

  R visit(ReturnStatement n);

  R visit(SwitchStatement n);

  R visit(WhileStatement n);

  R visit(ArrayAccess n);

  R visit(AssignExpression n);

  R visit(BinaryExpression n);

  R visit(CallExpression n);

  R visit(CastExpression n);

  R visit(CommaExpression n);

  R visit(CompoundLiteral n);

  R visit(ConditionalExpression n);

  R visit(Identifier n);

  R visit(Initializer n);

  R visit(InitializerList n);

  R visit(Literal n);

  R visit(MacroExpression n);

  R visit(MemberAccess n);

  R visit(ParenExpression n);

  R visit(SizeofExpression n);

  R visit(StatementExpression n);

  R visit(TypeArgument n);

  R visit(UnaryExpression n);

  R visit(TypeName n);

  R visit(PreprocessorLine n);
}
