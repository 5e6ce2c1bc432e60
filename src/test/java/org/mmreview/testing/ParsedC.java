package org.mmreview.testing;

import java.util.List;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.stmt.ErrorStatement;
import org.mmreview.cparse.CParser;
import org.mmreview.cparse.ParseResult;

/**
 * C for tests, read by the product parser: a test's text block becomes the unit the rules and
 * analyses see in production. Text that does not parse cleanly fails the test here, so a test never
 * passes on a tree the parser only half understood.
 */
public final class ParsedC {
  private static final CParser PARSER = new CParser();

  private ParsedC() {}

  /** {@code text} as the file {@code test.c}, which must parse without any problem. */
  public static CompilationUnit unit(String text) {
    ParseResult r = PARSER.parseFile("test.c", text);
    if (!r.problems().isEmpty()) {
      throw new AssertionError("test C does not parse: " + r.problems() + "\n" + text);
    }
    List<ErrorNode> errors = r.unit().findAll(ErrorNode.class);
    List<ErrorStatement> badStatements = r.unit().findAll(ErrorStatement.class);
    if (!errors.isEmpty() || !badStatements.isEmpty()) {
      throw new AssertionError(
          "test C parses with error nodes: " + errors + badStatements + "\n" + text);
    }
    return r.unit();
  }

  /** The first function of {@code text}. */
  public static FunctionDefinition function(String text) {
    return unit(text).functions().get(0);
  }
}
