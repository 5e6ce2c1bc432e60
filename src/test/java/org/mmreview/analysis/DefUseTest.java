package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.testing.ParsedC;

class DefUseTest {
  static final String SRC =
      """
      static int mfill_copy(struct mfill_state *state)
      {
          const struct vm_uffd_ops *orig_ops = vma_uffd_ops(state->vma);
          int err;

          mfill_put_vma(state);
          err = copy(state->src);
          state->vma = uffd_mfill_lock(state->mm, state->dst_start);
          if (orig_ops != vma_uffd_ops(state->vma))
              return -EAGAIN;
          if (state->vma->vm_file->f_inode)
              use(state->vma->vm_flags);
          init(&err);
          return err;
      }
      """;

  static DefUse defUse(FunctionDefinition f) {
    return DefUse.of(Cfg.of(f));
  }

  static FunctionDefinition fn() {
    return ParsedC.function(SRC);
  }

  @Test
  void definitionsThroughAccessPaths() {
    FunctionDefinition f = fn();
    DefUse du = defUse(f);
    CallExpression check = CfgTest.call(f, "copy");
    // Before the reassignment, state->vma is only possibly defined (state passed to helpers).
    List<Definition> before = du.reachingDefinitions("state->vma", check);
    assertTrue(before.stream().allMatch(Definition::isPossible), before.toString());
    CallExpression use = CfgTest.call(f, "use");
    List<Definition> atUse = du.reachingDefinitions("state->vma", use);
    assertEquals(1, atUse.size(), atUse.toString());
    assertEquals(Definition.Kind.ASSIGNMENT, atUse.get(0).kind());
    assertEquals(8, atUse.get(0).node().range().beginLine());
    assertEquals(
        "uffd_mfill_lock",
        ((CallExpression) atUse.get(0).value().orElseThrow()).calleeName().orElseThrow());
  }

  @Test
  void declaratorInitialisersAndAddressTaken() {
    FunctionDefinition f = fn();
    DefUse du = defUse(f);
    CallExpression lock = CfgTest.call(f, "uffd_mfill_lock");
    List<Definition> ops = du.reachingDefinitions("orig_ops", lock);
    assertEquals(1, ops.size());
    assertEquals(Definition.Kind.DECLARATION, ops.get(0).kind());
    assertEquals(1, du.usesReachedBy(ops.get(0)).size());
    ReturnStatement ret = f.findAll(ReturnStatement.class).get(1);
    List<Definition> err = du.reachingDefinitions("err", ret);
    assertEquals(2, err.size(), "the assignment and the possible write through &err: " + err);
    assertTrue(err.stream().anyMatch(d -> d.kind() == Definition.Kind.ADDRESS_TAKEN));
    assertTrue(du.isVariable("state"));
    assertFalse(du.isVariable("copy"));
  }

  @Test
  void accessPathsReadAfterANode() {
    FunctionDefinition f = fn();
    DefUse du = defUse(f);
    CallExpression lock = CfgTest.call(f, "uffd_mfill_lock");
    var read = du.accessPathsReadAfter(lock);
    assertTrue(read.contains("state->vma->vm_file->f_inode"), read.toString());
    assertTrue(read.contains("state->vma->vm_file"));
    assertTrue(read.contains("state->vma->vm_flags"));
    assertTrue(read.contains("state->vma"));
    assertFalse(read.contains("state->src"), "read only before");
    assertTrue(du.usesAfter(lock, "err").size() >= 1);
    MemberAccess written =
        f.findFirst(
                MemberAccess.class,
                m -> m.text().equals("state->vma") && m.range().beginLine() == 8)
            .orElseThrow();
    assertTrue(
        du.uses().stream().noneMatch(u -> u.expression() == written),
        "assignment target is not a read");
  }

  @Test
  void loopCarriedDefinitions() {
    FunctionDefinition f =
        ParsedC.function(
            """
        int f(void)
        {
            struct folio *src_folio = NULL;
            pte_t orig;
        retry:
            orig = ptep_get(pte);
            if (!src_folio) {
                src_folio = vm_normal_folio(vma, addr, orig);
                goto retry;
            }
            move(src_folio, orig);
            return 0;
        }
        """);
    DefUse du = defUse(f);
    var test = f.findFirst(IfStatement.class).orElseThrow().condition();
    List<Definition> defs = du.reachingDefinitions("src_folio", test);
    assertEquals(2, defs.size(), "NULL initialiser and the value from the previous pass: " + defs);
    List<Definition> origAtMove = du.reachingDefinitions("orig", CfgTest.call(f, "move"));
    assertEquals(1, origAtMove.size());
    var back = du.cfg().backwardGotos().get(0);
    List<String> carried = du.carriedAcross(back).stream().map(Definition::target).toList();
    assertEquals(List.of("orig", "src_folio"), carried.stream().sorted().toList());
    assertTrue(du.cfg().between(du.cfg().target(back).orElseThrow(), back).size() >= 4);
  }
}
