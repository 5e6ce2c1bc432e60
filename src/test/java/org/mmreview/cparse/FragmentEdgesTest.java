package org.mmreview.cparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.EnumDecl;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.ErrorStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;

/** Hunks whose first or last lines cut a statement: the rest is still read as statements. */
class FragmentEdgesTest {
  private final CParser parser = new CParser();

  private static List<Integer> errorLines(CompilationUnit u) {
    return u.findAll(ErrorStatement.class).stream().map(e -> e.range().beginLine()).toList();
  }

  @Test
  void aHunkStartingAtAnElseKeepsTheElseBlockAndWhatFollows() {
    String hunk =
        "\t} else {\n"
            + "\t\tspin_lock(&info->lock);\n"
            + "\t\tif (folio_test_dirty(folio))\n"
            + "\t\t\tgoto unlock;\n"
            + "\t}\n"
            + "\tcount = shrink(info);\n"
            + "\treturn count;\n";
    ParseResult r = parser.parseFragment("mm/shmem.c", hunk, 300);
    CompilationUnit u = r.unit();
    assertEquals(List.of(), errorLines(u), r.problems().toString());
    IfStatement inner = u.findFirst(IfStatement.class).orElseThrow();
    assertEquals(302, inner.range().beginLine());
    assertTrue(inner.findAncestor(Block.class).isPresent(), "the else branch is read as a block");
    assertEquals(306, u.findFirst(ReturnStatement.class).orElseThrow().range().beginLine());
  }

  @Test
  void anElseIfAfterTheCutBecomesAnIf() {
    String hunk =
        "\t\t\tnr = 0;\n"
            + "\t\t} else if (pte_none(ptent)) {\n"
            + "\t\t\tcontinue;\n"
            + "\t\t}\n"
            + "\t\tnr++;\n";
    CompilationUnit u = parser.parseFragment("mm/madvise.c", hunk, 80).unit();
    assertEquals(List.of(), errorLines(u));
    assertEquals(
        "pte_none(ptent)", u.findFirst(IfStatement.class).orElseThrow().condition().text());
  }

  @Test
  void theTailOfAMultiLineCallIsSetAsideAndTheRestParsesWhole() {
    String hunk =
        "\t\t\t  addr, end, walk);\n"
            + "\tif (err) {\n"
            + "\t\tpr_warn(\"walk failed\\n\");\n"
            + "\t} else {\n"
            + "\t\tnr = count(walk);\n"
            + "\t}\n";
    ParseResult r = parser.parseFragment("mm/pagewalk.c", hunk, 50);
    CompilationUnit u = r.unit();
    assertEquals(List.of(50), errorLines(u));
    assertEquals(cutHead(), u.findFirst(ErrorStatement.class).get().reason());
    IfStatement test = u.findFirst(IfStatement.class).orElseThrow();
    assertTrue(test.elseStatement().isPresent(), "the if keeps its else");
  }

  @Test
  void aCutConditionKeepsItsBlockButNotASingleStatementBody() {
    String block =
        "\t    !vma_is_anonymous(vma)) {\n\t\tret = -EINVAL;\n\t\tgoto out;\n\t}\n\tret = 0;\n";
    CompilationUnit u = parser.parseFragment("mm/mremap.c", block, 10).unit();
    assertEquals(List.of(10), errorLines(u));
    Block body = (Block) u.items().get(1);
    assertEquals(10, body.range().beginLine(), "the cut condition's block is kept");
    assertTrue(body.findFirst(GotoStatement.class).isPresent());

    String single = "\t    !vma_is_anonymous(vma))\n\t\treturn -EINVAL;\n\tret = 0;\n";
    CompilationUnit v = parser.parseFragment("mm/mremap.c", single, 10).unit();
    assertTrue(
        v.findFirst(ReturnStatement.class).isEmpty(),
        "the cut if's body is not read as an unconditional return");
    assertEquals(List.of(10), errorLines(v));
  }

  @Test
  void aHunkEndingInsideACallKeepsTheIfElseBeforeIt() {
    String hunk =
        "\tif (compound)\n"
            + "\t\tif (pincount_known(page)) {\n"
            + "\t\t\tpr_warn(\"a\\n\");\n"
            + "\t\t} else {\n"
            + "\t\t\tpr_warn(\"b\\n\");\n"
            + "\t\t}\n"
            + "\telse\n"
            + "\t\tpr_warn(\"page:%px refcount:%d\\n\",\n"
            + "\t\t\tpage, page_ref_count(page),\n";
    ParseResult r = parser.parseFragment("mm/debug.c", hunk, 85);
    CompilationUnit u = r.unit();
    assertEquals(List.of(91), errorLines(u));
    assertEquals(cutTail(), u.findFirst(ErrorStatement.class).get().reason());
    IfStatement inner =
        u.findFirst(IfStatement.class, i -> i.condition().text().startsWith("pincount"))
            .orElseThrow();
    assertTrue(inner.elseStatement().isPresent());
  }

  @Test
  void aFunctionTheHunkEndsInsideAStatementOfIsStillADefinition() {
    String hunk =
        "\treturn fd;\n"
            + "}\n"
            + "\n"
            + "static int __init uffd_dev_init(void)\n"
            + "{\n"
            + "\tWARN_ON(misc_register(&uffd_misc));\n"
            + "\n"
            + "\tctx_cachep = kmem_cache_create(\"ctx\",\n"
            + "\t\t\t\tsizeof(struct ctx),\n";
    ParseResult r = parser.parseFragment("fs/userfaultfd.c", hunk, 2080);
    CompilationUnit u = r.unit();
    FunctionDefinition init = u.function("uffd_dev_init").orElseThrow();
    assertTrue(
        init.findFirst(CallExpression.class, c -> c.calleeName().orElse("").equals("WARN_ON"))
            .isPresent());
    assertEquals(List.of(2087), errorLines(u));
  }

  @Test
  void wholeStatementsAreLeftAsTheyParse() {
    String hunk = "\tif (a)\n\t\tb();\n\telse\n\t\tc();\n";
    ParseResult r = parser.parseFragment("x.c", hunk, 1);
    assertEquals(List.of(), r.problems());
    assertFalse(r.unit().findFirst(IfStatement.class).get().elseStatement().isEmpty());
  }

  private static String cutHead() {
    return CParser.CUT_HEAD;
  }

  @Test
  void aTypeDefinitionTheHunksEndOpensIsSetAsideAndTheNewEnumBeforeItParses() {
    String hunk =
        "\n"
            + "enum {\n"
            + "\tPOOL_STAT_HITS,\n"
            + "\tPOOL_STAT_MISSES,\n"
            + "};\n"
            + "\n"
            + "/* One pool of the cache */\n"
            + "struct cache_pool {\n"
            + "\tunsigned long nr;\n";
    CompilationUnit u = parser.parseFragment("include/linux/cache_pool.h", hunk, 40).unit();
    assertEquals(2, u.findFirst(EnumDecl.class).orElseThrow().enumerators().size());
    // only the struct the hunk leaves open is cut
    assertEquals(List.of(47), errorLines(u));
  }

  private static String cutTail() {
    return CParser.CUT_TAIL;
  }
}
