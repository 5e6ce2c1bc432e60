package org.mmreview.cparse;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.EnumDecl;
import org.mmreview.ast.decl.Enumerator;
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
import org.mmreview.cparse.grammar.KernelCLexer;
import org.mmreview.cparse.grammar.KernelCParser;

/**
 * Turns the ANTLR parse tree of one chunk into mmreview AST nodes. This is the only class that sees
 * {@code *Context} objects: nothing it returns refers to them.
 */
final class AstBuilder {
  private static final Pattern SYSCALL = Pattern.compile("(COMPAT_)?SYSCALL_DEFINE\\d");

  private final SourceMap src;

  /** Directives inside the chunk, keyed by the compound statement that holds them (null = none). */
  private final Map<ParserRuleContext, List<CommonToken>> directivesByBlock =
      new IdentityHashMap<>();

  private final List<CommonToken> looseDirectives = new ArrayList<>();

  AstBuilder(SourceMap src) {
    this.src = src;
  }

  /** Directives of the chunk that no block holds, to be made top-level lines. */
  List<CommonToken> looseDirectives() {
    return looseDirectives;
  }

  /** Assigns each directive to the innermost compound statement whose braces enclose it. */
  void placeDirectives(ParserRuleContext tree, List<CommonToken> directives) {
    if (directives.isEmpty()) {
      return;
    }
    List<ParserRuleContext> blocks = new ArrayList<>();
    collectBlocks(tree, blocks);
    for (CommonToken d : directives) {
      ParserRuleContext best = null;
      for (ParserRuleContext b : blocks) {
        if (b.getStart().getStartIndex() < d.getStartIndex()
            && b.getStop() != null
            && b.getStop().getStartIndex() > d.getStartIndex()
            && (best == null || b.getStart().getStartIndex() > best.getStart().getStartIndex())) {
          best = b;
        }
      }
      if (best == null) {
        looseDirectives.add(d);
      } else {
        directivesByBlock.computeIfAbsent(best, k -> new ArrayList<>()).add(d);
      }
    }
  }

  private static void collectBlocks(ParseTree t, List<ParserRuleContext> out) {
    if (t instanceof KernelCParser.CompoundStatementContext c) {
      out.add(c);
    }
    for (int i = 0; i < t.getChildCount(); i++) {
      ParseTree ch = t.getChild(i);
      if (ch instanceof ParserRuleContext) {
        collectBlocks(ch, out);
      }
    }
  }

  // ---- top level ---------------------------------------------------------------------

  List<Node> items(KernelCParser.ChunkContext chunk) {
    List<Node> out = new ArrayList<>();
    for (KernelCParser.ExternalItemContext item : chunk.externalItem()) {
      Node n = externalItem(item);
      if (n != null) {
        out.add(n);
      }
    }
    return out;
  }

  /** Fragment mode: the block items as statements. */
  List<Statement> fragmentItems(KernelCParser.FragmentItemsContext f) {
    return blockItems(f.blockItem(), f);
  }

  private Node externalItem(KernelCParser.ExternalItemContext item) {
    if (item instanceof KernelCParser.FunctionDefinitionContext f) {
      return functionDefinition(f);
    }
    if (item instanceof KernelCParser.TopDeclarationContext d) {
      return declaration(d, d.declSpecifiers(), d.initDeclarator());
    }
    if (item instanceof KernelCParser.MacroFunctionDefinitionContext m) {
      return macroFunction(m);
    }
    if (item instanceof KernelCParser.MacroDeclarationContext m) {
      return new MacroDeclaration(
          range(m),
          text(m.macroHead().Identifier()),
          argumentTexts(m.macroHead().macroArguments()));
    }
    if (item instanceof KernelCParser.TopStaticAssertContext s) {
      return new MacroDeclaration(
          range(s), "_Static_assert", List.of(inner(s.staticAssert().balanced())));
    }
    if (item instanceof KernelCParser.TopAsmContext a) {
      return new MacroDeclaration(range(a), "asm", List.of(inner(a.asmStatement().balanced())));
    }
    return null;
  }

  private FunctionDefinition functionDefinition(KernelCParser.FunctionDefinitionContext f) {
    List<String> specifiers = specifiers(f.declSpecifiers());
    List<String> attributes = new ArrayList<>();
    for (KernelCParser.DeclSpecifierContext s : f.declSpecifiers().declSpecifier()) {
      if (s.attribute() != null) {
        attributes.add(src.text(s.attribute()));
      }
    }
    for (KernelCParser.DeclTrailerContext t : f.declTrailer()) {
      attributes.add(src.text(t));
    }
    KernelCParser.DeclaratorContext d = f.declarator();
    // The function's own declarator: the innermost one whose suffix is a parameter list.
    KernelCParser.DirectDeclaratorContext dd = d.directDeclarator();
    List<String> outerPointers = new ArrayList<>();
    for (KernelCParser.PointerContext p : d.pointer()) {
      outerPointers.add(spelling(p));
    }
    while (dd.declarator() != null && dd.Identifier() == null) {
      for (KernelCParser.PointerContext p : dd.declarator().pointer()) {
        outerPointers.add(spelling(p));
      }
      dd = dd.declarator().directDeclarator();
    }
    String name =
        dd.Identifier() != null
            ? dd.Identifier().getText()
            : dd.macroHead() != null ? src.text(dd.macroHead()) : "";
    List<Parameter> params = new ArrayList<>();
    boolean variadic = false;
    if (!dd.declaratorSuffix().isEmpty() && dd.declaratorSuffix(0).LeftParen() != null) {
      KernelCParser.ParameterListContext pl = dd.declaratorSuffix(0).parameterList();
      if (pl != null) {
        variadic = pl.Ellipsis() != null;
        for (KernelCParser.ParameterDeclarationContext p : pl.parameterDeclaration()) {
          Parameter param = parameter(p);
          if (param != null) {
            params.add(param);
          }
        }
      }
    }
    String base = baseTypeSpelling(f.declSpecifiers());
    String ret = (base + " " + String.join(" ", outerPointers)).strip();
    TypeName returnType = new TypeName(range(f.declSpecifiers()), ret.isEmpty() ? "int" : ret);
    Block body = block(f.compoundStatement());
    return new FunctionDefinition(
        range(f), specifiers, attributes, returnType, name, params, variadic, body);
  }

  private Parameter parameter(KernelCParser.ParameterDeclarationContext p) {
    if (p.macroHead() != null) {
      return new Parameter(range(p), new TypeName(range(p), spelling(p)), null);
    }
    String base = baseTypeSpelling(p.declSpecifiers());
    if (p.anyDeclarator() == null && base.equals("void")) {
      return null;
    }
    String name = null;
    String abs = "";
    if (p.anyDeclarator() != null) {
      Token id = declaredName(p.anyDeclarator());
      name = id == null ? null : id.getText();
      abs = spellingWithout(p.anyDeclarator(), id);
    }
    return new Parameter(range(p), new TypeName(range(p), (base + " " + abs).strip()), name);
  }

  private FunctionDefinition macroFunction(KernelCParser.MacroFunctionDefinitionContext m) {
    String macro = text(m.macroHead().Identifier());
    List<KernelCParser.MacroArgumentContext> args = arguments(m.macroHead().macroArguments());
    String name = macro;
    List<Parameter> params = new ArrayList<>();
    TypeName ret = new TypeName(range(m.macroHead()), macro);
    if (SYSCALL.matcher(macro).matches() && !args.isEmpty()) {
      name = src.text(args.get(0));
      ret = new TypeName(range(m.macroHead()), "long");
      for (int i = 1; i + 1 < args.size(); i += 2) {
        Range r = Range.span(range(args.get(i)), range(args.get(i + 1)));
        params.add(
            new Parameter(
                r,
                new TypeName(range(args.get(i)), spelling(args.get(i))),
                src.text(args.get(i + 1))));
      }
    }
    List<String> attributes = new ArrayList<>();
    for (KernelCParser.AttributeContext a : m.attribute()) {
      attributes.add(src.text(a));
    }
    List<String> specifiers = new ArrayList<>();
    for (KernelCParser.DeclSpecifierNoTypeContext s : m.declSpecifierNoType()) {
      if (s.attribute() != null) {
        attributes.add(src.text(s.attribute()));
      } else if (s.storageClass() != null || s.functionSpecifier() != null) {
        specifiers.add(s.getText().startsWith("__inline") ? "inline" : s.getText());
      }
    }
    return new FunctionDefinition(
        range(m), specifiers, attributes, ret, name, params, false, block(m.compoundStatement()));
  }

  // ---- declarations ----------------------------------------------------------------

  private Declaration declaration(
      ParserRuleContext whole,
      KernelCParser.DeclSpecifiersContext specs,
      List<KernelCParser.InitDeclaratorContext> inits) {
    TypeName base = new TypeName(range(specs), orInt(baseTypeSpelling(specs)));
    String baseSpelling = base.spelling();
    Node defined = definedType(specs);
    List<Declarator> declarators = new ArrayList<>();
    for (KernelCParser.InitDeclaratorContext id : inits) {
      Token name = declaredName(id.declarator());
      String full = (baseSpelling + " " + spellingWithout(id.declarator(), name)).strip();
      Expression init = id.initializer() == null ? null : initializer(id.initializer());
      declarators.add(
          new Declarator(
              range(id),
              name == null ? "" : name.getText(),
              new TypeName(range(id.declarator()), full),
              init));
    }
    return new Declaration(
        range(whole),
        specifiers(specs),
        new TypeName(range(specs), baseSpelling),
        defined,
        declarators);
  }

  private static String orInt(String s) {
    return s.isEmpty() ? "int" : s;
  }

  private Node definedType(KernelCParser.DeclSpecifiersContext specs) {
    for (KernelCParser.DeclSpecifierContext s : specs.declSpecifier()) {
      KernelCParser.TypeSpecifierContext ts = s.typeSpecifier();
      if (ts == null) {
        continue;
      }
      if (ts.structOrUnionSpecifier() != null && ts.structOrUnionSpecifier().LeftBrace() != null) {
        return record(ts.structOrUnionSpecifier());
      }
      if (ts.enumSpecifier() != null && ts.enumSpecifier().LeftBrace() != null) {
        return enumDecl(ts.enumSpecifier());
      }
    }
    return null;
  }

  private RecordDecl record(KernelCParser.StructOrUnionSpecifierContext s) {
    List<Declaration> fields = new ArrayList<>();
    for (KernelCParser.StructItemContext item : s.structItem()) {
      if (item.declSpecifiers() == null) {
        continue;
      }
      KernelCParser.DeclSpecifiersContext specs = item.declSpecifiers();
      String baseSpelling = new TypeName(range(specs), orInt(baseTypeSpelling(specs))).spelling();
      List<Declarator> declarators = new ArrayList<>();
      for (KernelCParser.StructDeclaratorContext sd : item.structDeclarator()) {
        Token name = sd.declarator() == null ? null : declaredName(sd.declarator());
        String full =
            sd.declarator() == null
                ? baseSpelling
                : (baseSpelling + " " + spellingWithout(sd.declarator(), name)).strip();
        Expression width =
            sd.constantExpression() == null
                ? null
                : conditional(sd.constantExpression().conditionalExpression());
        declarators.add(
            new Declarator(
                range(sd),
                name == null ? "" : name.getText(),
                new TypeName(range(sd), full),
                null,
                width));
      }
      fields.add(
          new Declaration(
              range(item),
              specifiers(specs),
              new TypeName(range(specs), baseSpelling),
              definedType(specs),
              declarators));
    }
    String tag = s.Identifier() == null ? null : s.Identifier().getText();
    return new RecordDecl(range(s), s.Union() != null, tag, s.LeftBrace() != null, fields);
  }

  private EnumDecl enumDecl(KernelCParser.EnumSpecifierContext e) {
    List<Enumerator> list = new ArrayList<>();
    for (KernelCParser.EnumeratorContext en : e.enumerator()) {
      Expression value =
          en.constantExpression() == null
              ? null
              : conditional(en.constantExpression().conditionalExpression());
      list.add(new Enumerator(range(en), en.Identifier().getText(), value));
    }
    return new EnumDecl(range(e), e.Identifier() == null ? null : e.Identifier().getText(), list);
  }

  private static final Set<Integer> STORAGE_OR_FUNCTION =
      Set.of(
          KernelCLexer.Typedef,
          KernelCLexer.Extern,
          KernelCLexer.Static,
          KernelCLexer.ThreadLocal,
          KernelCLexer.Auto,
          KernelCLexer.Register,
          KernelCLexer.Inline,
          KernelCLexer.Noreturn);

  private static List<String> specifiers(KernelCParser.DeclSpecifiersContext specs) {
    List<String> out = new ArrayList<>();
    for (KernelCParser.DeclSpecifierContext s : specs.declSpecifier()) {
      if (s.storageClass() != null || s.functionSpecifier() != null) {
        String t = s.getText();
        out.add(t.startsWith("__inline") ? "inline" : t);
      }
    }
    return out;
  }

  /**
   * The type part of declaration specifiers: type specifiers and qualifiers, tags without bodies.
   */
  private String baseTypeSpelling(KernelCParser.DeclSpecifiersContext specs) {
    StringBuilder sb = new StringBuilder();
    for (KernelCParser.DeclSpecifierContext s : specs.declSpecifier()) {
      String part = null;
      if (s.typeQualifier() != null) {
        part = s.getText();
      } else if (s.attribute() != null && s.attribute().AttrMacro() != null) {
        String a = s.attribute().getText();
        // address-space annotations are part of the type as reviewers read it
        if (a.equals("__rcu")
            || a.equals("__user")
            || a.equals("__iomem")
            || a.equals("__percpu")) {
          part = a;
        }
      } else if (s.typeSpecifier() != null) {
        KernelCParser.TypeSpecifierContext ts = s.typeSpecifier();
        if (ts.structOrUnionSpecifier() != null) {
          var su = ts.structOrUnionSpecifier();
          part =
              (su.Union() != null ? "union" : "struct")
                  + (su.Identifier() != null ? " " + su.Identifier().getText() : "");
        } else if (ts.enumSpecifier() != null) {
          var en = ts.enumSpecifier();
          part = "enum" + (en.Identifier() != null ? " " + en.Identifier().getText() : "");
        } else {
          part = spelling(ts);
        }
      }
      if (part != null) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(part);
      }
    }
    return sb.toString();
  }

  /** The identifier a declarator declares, or null for an abstract one. */
  private static Token declaredName(ParserRuleContext declarator) {
    if (declarator instanceof KernelCParser.DeclaratorContext d) {
      var dd = d.directDeclarator();
      if (dd.Identifier() != null) {
        return dd.Identifier().getSymbol();
      }
      if (dd.macroHead() != null) {
        return dd.macroHead().Identifier().getSymbol();
      }
      return dd.declarator() == null ? null : declaredName(dd.declarator());
    }
    if (declarator instanceof KernelCParser.AnyDeclaratorContext a) {
      var dd = a.directAnyDeclarator();
      if (dd == null) {
        return null;
      }
      if (dd.Identifier() != null) {
        return dd.Identifier().getSymbol();
      }
      return dd.anyDeclarator() == null ? null : declaredName(dd.anyDeclarator());
    }
    return null;
  }

  // ---- statements --------------------------------------------------------------------

  private Block block(KernelCParser.CompoundStatementContext c) {
    List<Statement> items = blockItems(c.blockItem(), c);
    return new Block(range(c), items);
  }

  private List<Statement> blockItems(
      List<KernelCParser.BlockItemContext> list, ParserRuleContext owner) {
    List<Statement> items = new ArrayList<>();
    List<KernelCParser.LabelItemContext> pending = new ArrayList<>();
    for (KernelCParser.BlockItemContext bi : list) {
      if (bi.labelItem() != null) {
        pending.add(bi.labelItem());
        continue;
      }
      Statement s =
          bi.declaration() != null
              ? declarationStatement(bi.declaration())
              : statement(bi.statement());
      items.add(wrapLabels(pending, s));
      pending.clear();
    }
    if (!pending.isEmpty()) {
      KernelCParser.LabelItemContext lastLabel = pending.get(pending.size() - 1);
      int at = src.endOffset(lastLabel.getStop());
      items.add(wrapLabels(pending, new EmptyStatement(src.range(at, at))));
    }
    List<CommonToken> dirs = directivesByBlock.get(owner);
    if (dirs != null) {
      for (CommonToken d : dirs) {
        PreprocessorLine line = preprocessorLine(d);
        items.add(new PreprocessorStatement(line.range(), line));
      }
    }
    return items;
  }

  private Statement wrapLabels(List<KernelCParser.LabelItemContext> labels, Statement body) {
    Statement s = body;
    for (int i = labels.size() - 1; i >= 0; i--) {
      KernelCParser.LabelItemContext l = labels.get(i);
      Range r = Range.span(range(l), s.range());
      if (l instanceof KernelCParser.PlainLabelContext p) {
        s = new LabeledStatement(r, p.Identifier().getText(), s);
      } else if (l instanceof KernelCParser.CaseLabelContext c) {
        Expression v = conditional(c.constantExpression(0).conditionalExpression());
        Expression end =
            c.constantExpression().size() > 1
                ? conditional(c.constantExpression(1).conditionalExpression())
                : null;
        s = new CaseStatement(r, v, end, s);
      } else {
        s = new DefaultStatement(r, s);
      }
    }
    return s;
  }

  private Statement declarationStatement(KernelCParser.DeclarationContext d) {
    if (d instanceof KernelCParser.PlainDeclarationContext p) {
      Declaration decl = declaration(p, p.declSpecifiers(), p.initDeclarator());
      return new DeclarationStatement(range(p), decl);
    }
    if (d instanceof KernelCParser.MacroInitDeclarationContext m) {
      // DECLARE_BITMAP(map, N) = { 0 };  declares its first argument
      var head = m.macroHead();
      List<KernelCParser.MacroArgumentContext> args = arguments(head.macroArguments());
      String name = args.isEmpty() ? "" : src.text(args.get(0));
      TypeName t = new TypeName(range(head), spelling(head));
      Declarator decl =
          new Declarator(
              range(m),
              name,
              new TypeName(range(head), spelling(head)),
              initializerBlock(m.initializerBlock()));
      return new DeclarationStatement(
          range(m), new Declaration(range(m), List.of(), t, null, List.of(decl)));
    }
    if (d instanceof KernelCParser.MacroInvocationDeclarationContext m) {
      return new ExpressionStatement(range(m), call(m.macroHead()));
    }
    return new ExpressionStatement(range(d), new MacroExpression(range(d), src.text(d)));
  }

  private Statement statement(KernelCParser.StatementContext s) {
    Range r = range(s);
    if (s instanceof KernelCParser.BlockStatementContext b) {
      return block(b.compoundStatement());
    }
    if (s instanceof KernelCParser.ExpressionStatementContext e) {
      return new ExpressionStatement(r, expression(e.expression()));
    }
    if (s instanceof KernelCParser.EmptyStatementContext) {
      return new EmptyStatement(r);
    }
    if (s instanceof KernelCParser.IfStatementContext i) {
      Statement elseS = i.statement().size() > 1 ? statement(i.statement(1)) : null;
      return new IfStatement(r, expression(i.expression()), statement(i.statement(0)), elseS);
    }
    if (s instanceof KernelCParser.SwitchStatementContext sw) {
      return new SwitchStatement(r, expression(sw.expression()), statement(sw.statement()));
    }
    if (s instanceof KernelCParser.WhileStatementContext w) {
      return new WhileStatement(r, expression(w.expression()), statement(w.statement()));
    }
    if (s instanceof KernelCParser.DoWhileStatementContext dw) {
      return new DoWhileStatement(r, statement(dw.statement()), expression(dw.expression()));
    }
    if (s instanceof KernelCParser.DoMacroStatementContext dm) {
      return new DoWhileStatement(r, statement(dm.statement()), call(dm.macroHead()));
    }
    if (s instanceof KernelCParser.ForStatementContext f) {
      Node init = null;
      if (f.forDeclaration() != null) {
        var fd = f.forDeclaration();
        init = declaration(fd, fd.declSpecifiers(), fd.initDeclarator());
      } else if (f.forInit != null) {
        init = expression(f.forInit);
      }
      return new ForStatement(
          r,
          init,
          f.forCondition == null ? null : expression(f.forCondition),
          f.forUpdate == null ? null : expression(f.forUpdate),
          statement(f.statement()));
    }
    if (s instanceof KernelCParser.GotoStatementContext g) {
      return new GotoStatement(
          r, g.Identifier() != null ? g.Identifier().getText() : "*" + src.text(g.expression()));
    }
    if (s instanceof KernelCParser.ContinueStatementContext) {
      return new ContinueStatement(r);
    }
    if (s instanceof KernelCParser.BreakStatementContext) {
      return new BreakStatement(r);
    }
    if (s instanceof KernelCParser.ReturnStatementContext ret) {
      return new ReturnStatement(r, ret.expression() == null ? null : expression(ret.expression()));
    }
    if (s instanceof KernelCParser.AsmStatementAltContext a) {
      return new AsmStatement(r, src.text(a));
    }
    if (s instanceof KernelCParser.MacroLoopStatementContext m) {
      List<Expression> args = new ArrayList<>();
      for (KernelCParser.MacroArgumentContext a : arguments(m.macroHead().macroArguments())) {
        args.add(argument(a));
      }
      return new MacroLoopStatement(
          r, text(m.macroHead().Identifier()), args, statement(m.statement()));
    }
    throw new IllegalStateException("unhandled statement " + s.getClass().getSimpleName());
  }

  // ---- expressions -----------------------------------------------------------------

  private Expression expression(KernelCParser.ExpressionContext e) {
    List<KernelCParser.AssignmentExpressionContext> parts = e.assignmentExpression();
    if (parts.size() == 1) {
      return assignment(parts.get(0));
    }
    List<Expression> list = new ArrayList<>();
    for (var p : parts) {
      list.add(assignment(p));
    }
    return new CommaExpression(range(e), list);
  }

  private Expression assignment(KernelCParser.AssignmentExpressionContext a) {
    Expression left = conditional(a.conditionalExpression());
    if (a.assignmentOperator() == null) {
      return left;
    }
    return new AssignExpression(
        range(a), left, a.assignmentOperator().getText(), assignment(a.assignmentExpression()));
  }

  private Expression conditional(KernelCParser.ConditionalExpressionContext c) {
    Expression cond = binary(c.binaryExpression());
    if (c.Question() == null) {
      return cond;
    }
    Expression then = c.expression() == null ? null : expression(c.expression());
    return new ConditionalExpression(range(c), cond, then, conditional(c.conditionalExpression()));
  }

  private Expression binary(KernelCParser.BinaryExpressionContext b) {
    if (b.castExpression() != null) {
      return cast(b.castExpression());
    }
    return new BinaryExpression(
        range(b), binary(b.binaryExpression(0)), b.op.getText(), binary(b.binaryExpression(1)));
  }

  private Expression cast(KernelCParser.CastExpressionContext c) {
    if (c.unaryExpression() != null) {
      return unary(c.unaryExpression());
    }
    TypeName t = typeName(c.typeName());
    if (c.castExpression() != null) {
      return new CastExpression(range(c), t, cast(c.castExpression()));
    }
    InitializerList init = initializerBlock(c.initializerBlock());
    Token stop = c.initializerBlock().getStop();
    Expression e = new CompoundLiteral(src.range(c.getStart(), stop), t, init);
    return suffixes(e, c.getStart(), c.postfixSuffix());
  }

  private Expression unary(KernelCParser.UnaryExpressionContext u) {
    Range r = range(u);
    if (u instanceof KernelCParser.PostfixUnaryContext p) {
      var pe = p.postfixExpression();
      return suffixes(primary(pe.primaryExpression()), pe.getStart(), pe.postfixSuffix());
    }
    if (u instanceof KernelCParser.PrefixUnaryContext p) {
      return new UnaryExpression(r, p.op.getText(), unary(p.unaryExpression()), false);
    }
    if (u instanceof KernelCParser.OperatorUnaryContext o) {
      return new UnaryExpression(r, o.op.getText(), cast(o.castExpression()), false);
    }
    if (u instanceof KernelCParser.LabelAddressContext l) {
      return new UnaryExpression(
          r,
          "&&",
          new Identifier(src.range(l.Identifier().getSymbol()), l.Identifier().getText()),
          false);
    }
    if (u instanceof KernelCParser.SizeofTypeContext s) {
      return new SizeofExpression(r, "sizeof", typeName(s.typeName()), null);
    }
    if (u instanceof KernelCParser.SizeofExpressionContext s) {
      // sizeof(*p): the parentheses belong to sizeof as reviewers read it
      if (s.unaryExpression() instanceof KernelCParser.PostfixUnaryContext pu
          && pu.postfixExpression().postfixSuffix().isEmpty()
          && pu.postfixExpression().primaryExpression()
              instanceof KernelCParser.ParenPrimaryContext pp) {
        return new SizeofExpression(r, "sizeof", null, expression(pp.expression()));
      }
      return new SizeofExpression(r, "sizeof", null, unary(s.unaryExpression()));
    }
    if (u instanceof KernelCParser.AlignofExpressionContext a) {
      String op = a.Alignof().getText();
      return a.typeName() != null
          ? new SizeofExpression(r, op, typeName(a.typeName()), null)
          : new SizeofExpression(r, op, null, expression(a.expression()));
    }
    if (u instanceof KernelCParser.ExtensionExpressionContext x) {
      return cast(x.castExpression());
    }
    throw new IllegalStateException("unhandled unary " + u.getClass().getSimpleName());
  }

  private Expression suffixes(
      Expression e, Token start, List<KernelCParser.PostfixSuffixContext> list) {
    Expression cur = e;
    for (KernelCParser.PostfixSuffixContext s : list) {
      Range r = src.range(start, s.getStop());
      if (s instanceof KernelCParser.IndexSuffixContext i) {
        cur = new ArrayAccess(r, cur, expression(i.expression()));
      } else if (s instanceof KernelCParser.CallSuffixContext c) {
        List<Expression> args = new ArrayList<>();
        for (KernelCParser.MacroArgumentContext a : arguments(c.macroArguments())) {
          args.add(argument(a));
        }
        cur = new CallExpression(r, cur, args);
      } else if (s instanceof KernelCParser.MemberSuffixContext m) {
        String member = m.getChild(1).getText();
        cur = new MemberAccess(r, cur, member, m.op.getType() == KernelCLexer.Arrow);
      } else if (s instanceof KernelCParser.PostIncrementSuffixContext p) {
        cur = new UnaryExpression(r, p.op.getText(), cur, true);
      }
    }
    return cur;
  }

  private Expression primary(KernelCParser.PrimaryExpressionContext p) {
    Range r = range(p);
    if (p instanceof KernelCParser.IdentifierPrimaryContext i) {
      return new Identifier(r, i.Identifier().getText());
    }
    if (p instanceof KernelCParser.ConstantPrimaryContext c) {
      String t = c.Constant().getText();
      return new Literal(r, literalKind(t), t);
    }
    if (p instanceof KernelCParser.StringPrimaryContext s) {
      return new Literal(r, Literal.Kind.STRING, src.text(s));
    }
    if (p instanceof KernelCParser.StatementExpressionContext s) {
      return new StatementExpression(r, block(s.compoundStatement()));
    }
    if (p instanceof KernelCParser.ParenPrimaryContext pp) {
      return new ParenExpression(r, expression(pp.expression()));
    }
    throw new IllegalStateException("unhandled primary " + p.getClass().getSimpleName());
  }

  private static Literal.Kind literalKind(String t) {
    if (t.endsWith("'")) {
      return Literal.Kind.CHAR;
    }
    boolean hex = t.startsWith("0x") || t.startsWith("0X");
    if (t.contains(".")
        || (!hex && (t.contains("e") || t.contains("E")))
        || (hex && (t.contains("p") || t.contains("P")))) {
      return Literal.Kind.FLOAT;
    }
    return Literal.Kind.INT;
  }

  private CallExpression call(KernelCParser.MacroHeadContext head) {
    Token id = head.Identifier().getSymbol();
    List<Expression> args = new ArrayList<>();
    for (KernelCParser.MacroArgumentContext a : arguments(head.macroArguments())) {
      args.add(argument(a));
    }
    return new CallExpression(range(head), new Identifier(src.range(id), id.getText()), args);
  }

  private static List<KernelCParser.MacroArgumentContext> arguments(
      KernelCParser.MacroArgumentsContext args) {
    return args == null ? List.of() : args.macroArgument();
  }

  private List<String> argumentTexts(KernelCParser.MacroArgumentsContext args) {
    List<String> out = new ArrayList<>();
    for (KernelCParser.MacroArgumentContext a : arguments(args)) {
      out.add(src.text(a));
    }
    return out;
  }

  private Expression argument(KernelCParser.MacroArgumentContext a) {
    if (a.assignmentExpression() != null) {
      return assignment(a.assignmentExpression());
    }
    if (a.typeName() != null) {
      return new TypeArgument(range(a), typeName(a.typeName()));
    }
    if (a.compoundStatement() != null) {
      return new StatementExpression(range(a), block(a.compoundStatement()));
    }
    return new MacroExpression(range(a), src.text(a));
  }

  private Expression initializer(KernelCParser.InitializerContext i) {
    return i.assignmentExpression() != null
        ? assignment(i.assignmentExpression())
        : initializerBlock(i.initializerBlock());
  }

  private InitializerList initializerBlock(KernelCParser.InitializerBlockContext b) {
    List<Initializer> list = new ArrayList<>();
    for (ParseTree ch : b.children) {
      if (ch instanceof KernelCParser.InitializerItemContext item) {
        List<String> designators = new ArrayList<>();
        if (item.designation() != null) {
          var dn = item.designation();
          if (dn.Identifier() != null) {
            designators.add("." + dn.Identifier().getText());
          } else {
            for (var d : dn.designator()) {
              designators.add(spelling(d).replace(" ", ""));
            }
          }
        }
        list.add(new Initializer(range(item), designators, initializer(item.initializer())));
      } else if (ch instanceof KernelCParser.MacroHeadContext m) {
        list.add(new Initializer(range(m), List.of(), call(m)));
      } else if (ch instanceof KernelCParser.StringSequenceContext s) {
        list.add(
            new Initializer(
                range(s), List.of(), new Literal(range(s), Literal.Kind.STRING, src.text(s))));
      }
    }
    return new InitializerList(range(b), list);
  }

  private TypeName typeName(KernelCParser.TypeNameContext t) {
    return new TypeName(range(t), spelling(t));
  }

  // ---- preprocessor and positions ------------------------------------------------------

  PreprocessorLine preprocessorLine(CommonToken d) {
    return PreprocessorLine.parse(src.range(d), d.getText());
  }

  private Range range(ParserRuleContext c) {
    return src.range(c.getStart(), c.getStop());
  }

  private static String text(TerminalNode t) {
    return t.getText();
  }

  private String inner(List<KernelCParser.BalancedContext> list) {
    if (list.isEmpty()) {
      return "";
    }
    return src.slice(list.get(0).getStart(), list.get(list.size() - 1).getStop());
  }

  /** The tokens of a subtree joined by single spaces (a normalised spelling). */
  private static String spelling(ParseTree t) {
    StringBuilder sb = new StringBuilder();
    appendTokens(t, sb, null);
    return sb.toString();
  }

  /** The spelling of a declarator without its declared name: its abstract form. */
  private static String spellingWithout(ParseTree t, Token skip) {
    StringBuilder sb = new StringBuilder();
    appendTokens(t, sb, skip);
    return sb.toString();
  }

  private static void appendTokens(ParseTree t, StringBuilder sb, Token skip) {
    if (t instanceof TerminalNode tn) {
      Token tok = tn.getSymbol();
      if (tok == skip || tok.getType() == Token.EOF) {
        return;
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(tok.getText());
      return;
    }
    for (int i = 0; i < t.getChildCount(); i++) {
      appendTokens(t.getChild(i), sb, skip);
    }
  }
}
