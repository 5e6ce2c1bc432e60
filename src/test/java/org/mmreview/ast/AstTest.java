package org.mmreview.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.ast.type.TypeName;

class AstTest {
  static final String SRC =
      "#include <linux/mm.h>\n"
          + "/* Find the vma. */\n"
          + "static int foo(struct vm_area_struct *vma)\n"
          + "{\n"
          + "\t// check it\n"
          + "\tif (!vma)\n"
          + "\t\treturn -EINVAL;\n"
          + "\tbar(vma, (1));\n"
          + "\treturn vma->vm_flags & VM_SHARED;\n"
          + "}\n";

  static Range at(String needle) {
    return Range.find(SRC, needle);
  }

  static Identifier id(String name, int from) {
    return new Identifier(Range.find(SRC, name, from), name);
  }

  static int pos(String needle) {
    return SRC.indexOf(needle);
  }

  /** Builds the tree a parser would produce for {@link #SRC}. */
  static CompilationUnit unit() {
    PreprocessorLine include =
        PreprocessorLine.parse(at("#include <linux/mm.h>"), "#include <linux/mm.h>");
    IfStatement ifs =
        new IfStatement(
            at("if (!vma)\n\t\treturn -EINVAL;"),
            new UnaryExpression(at("!vma"), "!", id("vma", pos("!vma")), false),
            new ReturnStatement(
                at("return -EINVAL;"),
                new UnaryExpression(at("-EINVAL"), "-", id("EINVAL", pos("-EINVAL")), false)),
            null);
    ExpressionStatement call =
        new ExpressionStatement(
            at("bar(vma, (1));"),
            new CallExpression(
                at("bar(vma, (1))"),
                id("bar", pos("bar(")),
                List.of(
                    id("vma", pos("bar(")),
                    new ParenExpression(at("(1)"), new Literal(at("1"), Literal.Kind.INT, "1")))));
    int ret = pos("return vma");
    ReturnStatement last =
        new ReturnStatement(
            at("return vma->vm_flags & VM_SHARED;"),
            new BinaryExpression(
                at("vma->vm_flags & VM_SHARED"),
                new MemberAccess(at("vma->vm_flags"), id("vma", ret), "vm_flags", true),
                "&",
                id("VM_SHARED", ret)));
    Block body = new Block(Range.of(SRC, pos("{\n"), SRC.length() - 1), List.of(ifs, call, last));
    FunctionDefinition foo =
        new FunctionDefinition(
            Range.of(SRC, pos("static int"), SRC.length() - 1),
            List.of("static"),
            List.of(),
            new TypeName(Range.find(SRC, "int"), "int"),
            "foo",
            List.of(
                new Parameter(
                    at("struct vm_area_struct *vma"),
                    new TypeName(at("struct vm_area_struct *"), "struct  vm_area_struct*"),
                    "vma")),
            false,
            body);
    List<Comment> comments =
        List.of(
            new Comment(at("// check it"), "// check it"),
            new Comment(at("/* Find the vma. */"), "/* Find the vma. */"));
    return new CompilationUnit("mm/foo.c", SRC, List.of(foo, include), comments);
  }

  @Test
  void parentLinksAndSourceOrder() {
    CompilationUnit cu = unit();
    assertTrue(cu.items().get(0) instanceof PreprocessorLine, "items sorted into source order");
    FunctionDefinition foo = cu.function("foo").orElseThrow();
    assertSame(cu, foo.parent().orElseThrow());
    assertSame(foo, foo.body().parent().orElseThrow());
    for (Node n : cu.stream().toList()) {
      for (Node c : n.children()) {
        assertSame(n, c.parent().orElseThrow(), c + " parent");
      }
      for (int i = 1; i < n.children().size(); i++) {
        assertTrue(
            Range.BEGIN_ORDER.compare(n.children().get(i - 1).range(), n.children().get(i).range())
                <= 0);
      }
    }
    assertTrue(cu.parent().isEmpty());
  }

  @Test
  void findAllInSourceOrder() {
    CompilationUnit cu = unit();
    List<String> ids = cu.findAll(Identifier.class).stream().map(Identifier::name).toList();
    assertEquals(List.of("vma", "EINVAL", "bar", "vma", "vma", "VM_SHARED"), ids);
    List<Integer> lines =
        cu.findAll(Identifier.class, i -> i.name().equals("vma")).stream()
            .map(i -> i.range().beginLine())
            .toList();
    assertEquals(List.of(6, 8, 9), lines);
    assertEquals(
        "bar", cu.findFirst(CallExpression.class).orElseThrow().calleeName().orElseThrow());
    assertEquals(
        "EINVAL",
        cu.findFirst(Identifier.class, i -> i.name().startsWith("E")).orElseThrow().name());
    assertEquals(cu, cu.stream().findFirst().orElseThrow());
  }

  @Test
  void findAncestor() {
    CompilationUnit cu = unit();
    Identifier einval =
        cu.findFirst(Identifier.class, i -> i.name().equals("EINVAL")).orElseThrow();
    assertEquals("foo", einval.findAncestor(FunctionDefinition.class).orElseThrow().name());
    assertTrue(einval.findAncestor(IfStatement.class).isPresent());
    assertTrue(einval.findAncestor(ReturnStatement.class).isPresent());
    assertTrue(einval.findAncestor(CallExpression.class).isEmpty());
    assertSame(cu, einval.compilationUnit().orElseThrow());
    IfStatement ifs = cu.findFirst(IfStatement.class).orElseThrow();
    assertTrue(ifs.findAncestor(IfStatement.class).isEmpty(), "self is not an ancestor");
    assertTrue(ifs.isAncestorOrSelf(einval));
  }

  @Test
  void textIsTheSourceSlice() {
    CompilationUnit cu = unit();
    assertEquals(
        "vma->vm_flags & VM_SHARED", cu.findFirst(BinaryExpression.class).orElseThrow().text());
    assertEquals("(1)", cu.findFirst(ParenExpression.class).orElseThrow().text());
    assertEquals(
        "struct vm_area_struct *",
        cu.function("foo").orElseThrow().parameters().get(0).type().text());
    assertEquals(
        "vm_area_struct", cu.function("foo").orElseThrow().parameters().get(0).type().baseName());
    assertEquals("FunctionDefinition", cu.function("foo").orElseThrow().kind());
  }

  @Test
  void unparenAndCalleeName() {
    CompilationUnit cu = unit();
    CallExpression call = cu.findFirst(CallExpression.class).orElseThrow();
    Expression arg = call.arguments().get(1);
    assertTrue(arg instanceof ParenExpression);
    assertTrue(arg.unparen() instanceof Literal);
    assertEquals("bar", call.calleeName().orElseThrow());
    Identifier f = new Identifier(Range.of("x", 0, 1), "f");
    CallExpression viaPointer =
        new CallExpression(
            Range.of("x", 0, 1),
            new MemberAccess(
                Range.of("x", 0, 1), new Identifier(Range.of("x", 0, 1), "ops"), "fn", true),
            List.of(f));
    assertTrue(viaPointer.calleeName().isEmpty());
  }

  @Test
  void listsAreUnmodifiable() {
    CompilationUnit cu = unit();
    FunctionDefinition foo = cu.function("foo").orElseThrow();
    assertThrows(UnsupportedOperationException.class, () -> cu.children().clear());
    assertThrows(UnsupportedOperationException.class, () -> cu.items().clear());
    assertThrows(UnsupportedOperationException.class, () -> foo.parameters().clear());
    assertThrows(UnsupportedOperationException.class, () -> foo.body().items().clear());
    assertThrows(UnsupportedOperationException.class, () -> cu.comments().clear());
    CallExpression call = cu.findFirst(CallExpression.class).orElseThrow();
    assertThrows(UnsupportedOperationException.class, () -> call.arguments().add(call));
  }

  @Test
  void aNodeHasOneParent() {
    Identifier x = new Identifier(Range.of("x", 0, 1), "x");
    new ParenExpression(Range.of("x", 0, 1), x);
    assertThrows(IllegalArgumentException.class, () -> new ParenExpression(Range.of("x", 0, 1), x));
  }

  @Test
  void commentQueries() {
    CompilationUnit cu = unit();
    FunctionDefinition foo = cu.function("foo").orElseThrow();
    assertEquals(
        List.of("// check it"), cu.commentsIn(foo.range()).stream().map(Comment::text).toList());
    assertEquals("/* Find the vma. */", cu.comments().get(0).text(), "comments sorted");
    assertEquals("/* Find the vma. */", cu.commentAbove(3).orElseThrow().text());
    assertEquals(List.of("Find the vma."), cu.commentAbove(3).orElseThrow().contentLines());
    assertEquals("// check it", cu.commentAbove(6).orElseThrow().text());
    assertTrue(cu.commentAbove(7).isEmpty(), "code between comment and line");
    assertTrue(cu.commentAbove(1).isEmpty());
    Comment block = new Comment(Range.of("x", 0, 1), "/*\n * Why we do this:\n * because.\n */");
    assertTrue(block.isBlock());
    assertEquals(List.of("Why we do this:", "because."), block.contentLines());
  }

  @Test
  void commentAboveSkipsBlankLinesButNotCode() {
    String src = "/* a */\n\nint x;\n/* b */ int y;\nint z;\n";
    CompilationUnit cu =
        new CompilationUnit(
            "t.c",
            src,
            List.of(),
            List.of(
                new Comment(Range.find(src, "/* a */"), "/* a */"),
                new Comment(Range.find(src, "/* b */"), "/* b */")));
    assertEquals("/* a */", cu.commentAbove(3).orElseThrow().text());
    assertTrue(cu.commentAbove(5).isEmpty(), "comment followed by code on its line");
  }

  @Test
  void typeNames() {
    Range r = Range.of("x", 0, 1);
    TypeName p = new TypeName(r, "const struct page*");
    assertEquals("const struct page *", p.spelling());
    assertEquals("page", p.baseName());
    assertTrue(p.isPointer());
    assertEquals("const struct page *pg", p.declare("pg"));
    TypeName ul = new TypeName(r, "unsigned   long");
    assertEquals("unsigned long", ul.baseName());
    assertFalse(ul.isPointer());
    assertEquals("unsigned long x", ul.declare("x"));
    TypeName fp = new TypeName(r, "int (*)(struct page *)");
    assertTrue(fp.isFunctionPointer());
    assertTrue(fp.isPointer());
    assertEquals("int (*fn)(struct page *)", fp.declare("fn"));
    TypeName arr = new TypeName(r, "pte_t [4]");
    assertEquals("pte_t a[4]", arr.declare("a"));
    assertEquals("pte_t", arr.baseName());
    assertEquals(2, new TypeName(r, "char **").pointerDepth());
    assertEquals("int f(struct page *)", new TypeName(r, "int (struct page *)").declare("f"));
    assertEquals("void *g(void)", new TypeName(r, "void *(void)").declare("g"));
    assertEquals("typeof(x) y", new TypeName(r, "typeof(x)").declare("y"));
  }

  @Test
  void preprocessorLines() {
    PreprocessorLine def =
        PreprocessorLine.parse(Range.of("x", 0, 1), "#define FOO(x) \\\n\t((x) + 1)");
    assertEquals(PreprocessorLine.Directive.DEFINE, def.directive());
    assertEquals("FOO", def.macroName().orElseThrow());
    assertFalse(def.text().contains("\n"));
    assertEquals(
        PreprocessorLine.Directive.IFDEF,
        PreprocessorLine.parse(Range.of("x", 0, 1), "# ifdef CONFIG_X").directive());
    assertEquals(1, unit().preprocessorLines().size());
  }

  @Test
  void printerProducesC() {
    String printed = AstPrinter.print(unit().function("foo").orElseThrow());
    assertEquals(
        "static int foo(struct vm_area_struct *vma)\n"
            + "{\n"
            + "\tif (!vma)\n"
            + "\t\treturn -EINVAL;\n"
            + "\tbar(vma, (1));\n"
            + "\treturn vma->vm_flags & VM_SHARED;\n"
            + "}",
        printed);
  }

  @Test
  void printerAddsParenthesesForPrecedence() {
    Range r = Range.of("x", 0, 1);
    Expression sum = new BinaryExpression(r, new Identifier(r, "a"), "+", new Identifier(r, "b"));
    Expression product = new BinaryExpression(r, sum, "*", new Identifier(r, "c"));
    assertEquals("(a + b) * c", AstPrinter.print(product));
    Expression notFlag =
        new UnaryExpression(
            r,
            "!",
            new BinaryExpression(r, new Identifier(r, "f"), "&", new Identifier(r, "VM_X")),
            false);
    assertEquals("!(f & VM_X)", AstPrinter.print(notFlag));
    Expression negNeg =
        new UnaryExpression(
            r, "-", new UnaryExpression(r, "-", new Identifier(r, "x"), false), false);
    assertEquals("- -x", AstPrinter.print(negNeg));
    Expression deref =
        new MemberAccess(r, new UnaryExpression(r, "*", new Identifier(r, "p"), false), "f", false);
    assertEquals("(*p).f", AstPrinter.print(deref));
  }

  @Test
  void printerBracesDanglingElse() {
    Range r = Range.of("x", 0, 1);
    Statement inner =
        new IfStatement(
            r, new Identifier(r, "b"), new ExpressionStatement(r, new Identifier(r, "x")), null);
    Statement outer =
        new IfStatement(
            r, new Identifier(r, "a"), inner, new ExpressionStatement(r, new Identifier(r, "y")));
    assertEquals("if (a) {\n\tif (b)\n\t\tx;\n}\nelse\n\ty;", AstPrinter.print(outer));
  }

  @Test
  void printerDeclarations() {
    Range r = Range.of("x", 0, 1);
    Declaration d =
        new Declaration(
            r,
            List.of("static"),
            new TypeName(r, "struct page"),
            null,
            List.of(
                new Declarator(r, "a", new TypeName(r, "struct page"), null),
                new Declarator(
                    r, "p", new TypeName(r, "struct page *"), new Identifier(r, "NULL"))));
    assertEquals("static struct page a, *p = NULL;", AstPrinter.print(d));
    assertTrue(d.isStatic());
    assertFalse(d.isTypedef());
  }

  @Test
  void json() throws Exception {
    JsonNode tree = new ObjectMapper().readTree(AstJson.toJson(unit()));
    assertEquals("CompilationUnit", tree.get("kind").asText());
    assertEquals("mm/foo.c", tree.get("fileName").asText());
    assertEquals(2, tree.get("comments").size());
    JsonNode foo = tree.get("children").get(1);
    assertEquals("FunctionDefinition", foo.get("kind").asText());
    assertEquals("foo", foo.get("name").asText());
    assertEquals(3, foo.get("range").get("beginLine").asInt());
    JsonNode call = AstJson.toTree(unit().findFirst(CallExpression.class).orElseThrow());
    assertEquals("bar", call.get("calleeName").asText());
    assertEquals("Identifier", call.get("children").get(0).get("kind").asText());
    assertEquals(3, call.get("children").size());
  }

  @Test
  void ranges() {
    String text = "ab\ncd ef\n";
    Range cd = Range.find(text, "cd");
    assertEquals(new Range(2, 1, 2, 3, 3, 5), cd);
    Range ef = Range.find(text, "ef");
    Range both = Range.span(ef, cd);
    assertEquals(new Range(2, 1, 2, 6, 3, 8), both);
    assertTrue(both.contains(cd));
    assertFalse(cd.contains(both));
    assertTrue(cd.isBefore(ef));
    assertFalse(cd.overlaps(ef));
    assertTrue(both.overlaps(ef));
    assertTrue(both.containsLine(2));
    assertThrows(IllegalArgumentException.class, () -> Range.of(text, 3, 99));
  }
}
