package org.mmreview.ast;

/**
 * Prints a node back as C text: one statement per line, tab indentation, parentheses added only
 * where operator precedence requires them (the parenthesised expressions of the source are kept as
 * nodes, so they print as written).
 */
public final class AstPrinter {
  private AstPrinter() {}

  /** The C text of {@code node}. */
  public static String print(Node node) {
    PrintingVisitor v = new PrintingVisitor(0);
    node.accept(v);
    return v.result();
  }
}
