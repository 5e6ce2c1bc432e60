package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.testing.MiniC;

class DefUseTest {
  static final String SRC =
      "static int mfill_copy(struct mfill_state *state)\n"
          + "{\n"
          + "\tconst struct vm_uffd_ops *orig_ops = vma_uffd_ops(state->vma);\n"
          + "\tint err;\n"
          + "\n"
          + "\tmfill_put_vma(state);\n"
          + "\terr = copy(state->src);\n"
          + "\tstate->vma = uffd_mfill_lock(state->mm, state->dst_start);\n"
          + "\tif (orig_ops != vma_uffd_ops(state->vma))\n"
          + "\t\treturn -EAGAIN;\n"
          + "\tif (state->vma->vm_file->f_inode)\n"
          + "\t\tuse(state->vma->vm_flags);\n"
          + "\tinit(&err);\n"
          + "\treturn err;\n"
          + "}\n";

  static DefUse defUse(FunctionDefinition f) {
    return DefUse.of(Cfg.of(f));
  }

  static FunctionDefinition fn() {
    CompilationUnit cu = MiniC.parse(SRC);
    return cu.functions().get(0);
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
    assertEquals("uffd_mfill_lock", ((CallExpression) atUse.get(0).value().orElseThrow()).calleeName().orElseThrow());
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
    var ret = f.findAll(org.mmreview.ast.stmt.ReturnStatement.class).get(1);
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
    MemberAccess written = f.findFirst(MemberAccess.class, m -> m.text().equals("state->vma") && m.range().beginLine() == 8).orElseThrow();
    assertTrue(du.uses().stream().noneMatch(u -> u.expression() == written), "assignment target is not a read");
  }

  @Test
  void loopCarriedDefinitions() {
    String src =
        "int f(void)\n{\n\tstruct folio *src_folio = NULL;\n\tpte_t orig;\nretry:\n\torig = ptep_get(pte);\n"
            + "\tif (!src_folio) {\n\t\tsrc_folio = vm_normal_folio(vma, addr, orig);\n\t\tgoto retry;\n\t}\n"
            + "\tmove(src_folio, orig);\n\treturn 0;\n}\n";
    FunctionDefinition f = MiniC.parse(src).functions().get(0);
    DefUse du = defUse(f);
    var test = f.findFirst(org.mmreview.ast.stmt.IfStatement.class).orElseThrow().condition();
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
