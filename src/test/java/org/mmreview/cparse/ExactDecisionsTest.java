package org.mmreview.cparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.MacroLoopStatement;

/**
 * The argument and statement decisions are predicted by SLL even when a chunk is retried in LL
 * (ChunkParser.ConflictWatch): the watch must find them in the grammar, and the ambiguous shapes
 * must still come out as the lowest alternative, an expression statement.
 */
class ExactDecisionsTest {
  @Test
  void bothDecisionsAreFound() {
    int[] d = new ChunkParser(KernelMacros.defaults()).exactDecisions();
    assertTrue(d[0] >= 0, "macroArgument decision not found");
    assertTrue(d[1] >= 0, "statement decision not found");
  }

  @Test
  void callStatementsStayExpressionsAndLoopsStayLoops() {
    String text =
        """
        static void f(struct list_head *head, struct page *p)
        {
        \tdo_one(p);
        \thandler(p)(head);
        \tlist_for_each_entry(p, head, lru)
        \t\tput_page(p);
        \tfor_each_node(nid) {
        \t\tcount(nid);
        \t}
        }
        """;
    ParseResult r = new CParser().parseFile("t.c", text);
    assertEquals(List.of(), r.problems());
    FunctionDefinition fn = r.unit().findFirst(FunctionDefinition.class).orElseThrow();
    assertEquals(4, fn.body().statements().size());
    assertEquals(2, fn.findAll(MacroLoopStatement.class).size());
    // do_one(p); handler(p)(head); put_page(p); count(nid);
    assertEquals(4, fn.findAll(ExpressionStatement.class).size());
  }

  @Test
  void aHunkCutInsideABlockReadsItsCallsTheSameWay() {
    // starts inside one block and ends inside another: the chunks around the cuts fail in SLL
    // and are retried in LL, where the two decisions are still predicted by SLL
    String text =
        """
        \t\tdo_one(p);
        \t\thandler(p)(head);
        \t\tlist_for_each_entry(p, head, lru)
        \t\t\tput_page(p);
        \t}
        \tif (nr) {
        \t\tcount(nr);
        """;
    ParseResult r = new CParser().parseFragment("t.c", text, 10);
    assertEquals(1, r.unit().findAll(MacroLoopStatement.class).size());
    assertEquals(4, r.unit().findAll(ExpressionStatement.class).size());
  }
}
