package org.mmreview.cparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;

/** Hunks that end one function and start the next. */
class FragmentTailTest {
  private static final CParser PARSER = new CParser();

  @Test
  void statementsThenAWholeNewFunction() {
    String hunk =
        "\ta();\n\tb();\n}\n\n/* New. */\nstatic int g(int x,\n\t     int y)\n{\n\tif (x)\n\t\treturn y;\n\treturn 0;\n}\n";
    ParseResult r = PARSER.parseFragment("f.c", hunk, 40);
    CompilationUnit u = r.unit();
    assertTrue(r.problems().isEmpty(), r.problems().toString());
    assertEquals(1, u.functions().size());
    FunctionDefinition g = u.functions().get(0);
    assertEquals("g", g.name());
    assertEquals(45, g.range().beginLine(), "lines are those of the file");
  }

  @Test
  void aFunctionTheHunkLeavesOpen() {
    String hunk =
        "static long h(struct mm_struct *mm)\n{\n\tlong err;\n\n\terr = -ENOENT;\n\tif (!mm)\n\t\tgoto out;\n";
    ParseResult r = PARSER.parseFragment("f.c", hunk, 7);
    assertTrue(r.problems().isEmpty(), r.problems().toString());
    assertEquals("h", r.unit().functions().get(0).name());
  }

  @Test
  void theMiddleOfAFunctionStaysStatements() {
    String hunk = "\tif (x) {\n\t\ta();\n\t\tb();\n";
    ParseResult r = PARSER.parseFragment("f.c", hunk, 3);
    assertTrue(r.unit().functions().isEmpty());
  }
}
