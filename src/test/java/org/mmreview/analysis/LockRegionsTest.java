package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.kernel.LockApi;
import org.mmreview.kernel.LockApis;
import org.mmreview.kernel.LockFamily;
import org.mmreview.kernel.LockGroup;
import org.mmreview.testing.ParsedC;

class LockRegionsTest {
  static final String SRC =
      "static void mfill_put_vma(struct mfill_state *state)\n"
          + "{\n"
          + "\tif (state->vma)\n"
          + "\t\tvma_end_read(state->vma);\n"
          + "\telse\n"
          + "\t\tmmap_read_unlock(state->mm);\n"
          + "}\n"
          + "\n"
          + "static struct vm_area_struct *mfill_get_vma(struct mfill_state *state)\n"
          + "{\n"
          + "\treturn uffd_mfill_lock(state->mm, state->dst_start, state->len);\n"
          + "}\n"
          + "\n"
          + "static int mfill_copy(struct mfill_state *state)\n"
          + "{\n"
          + "\tint err;\n"
          + "\tstruct vm_area_struct *vma;\n"
          + "\n"
          + "\tvma = mfill_get_vma(state);\n"
          + "\terr = copy_from_user_atomic(state);\n"
          + "\tif (err) {\n"
          + "\t\tmfill_put_vma(state);\n"
          + "\t\terr = copy_from_user(state->page, state->src);\n"
          + "\t\tvma = mfill_get_vma(state);\n"
          + "\t\tif (IS_ERR(vma))\n"
          + "\t\t\treturn PTR_ERR(vma);\n"
          + "\t}\n"
          + "\tspin_lock(ptl);\n"
          + "\tinstall(vma);\n"
          + "\tspin_unlock(ptl);\n"
          + "\tmfill_put_vma(state);\n"
          + "\treturn err;\n"
          + "}\n";

  @Test
  void helpersWrappingLockCallsCountAsLockCalls() {
    CompilationUnit cu = ParsedC.unit(SRC);
    FunctionDefinition f = cu.function("mfill_copy").orElseThrow();
    LockRegions locks = LockRegions.of(Cfg.of(f), new SameFileHelpers(cu));
    List<String> events =
        locks.events().stream()
            .map(e -> e.kind() + " " + e.api() + " " + e.group().kernelName())
            .toList();
    assertEquals(
        List.of(
            "ACQUIRE mfill_get_vma mm",
            "RELEASE mfill_put_vma mm",
            "ACQUIRE mfill_get_vma mm",
            "ACQUIRE spin_lock ptl",
            "RELEASE spin_unlock ptl",
            "RELEASE mfill_put_vma mm"),
        events);
    assertEquals("vma", locks.events().get(0).lockObject(), "object of a lock returning the VMA");
    assertTrue(locks.events().get(1).helper().isPresent());
    assertEquals("ptl", locks.events().get(3).lockObject());
  }

  @Test
  void releaseReacquirePairs() {
    CompilationUnit cu = ParsedC.unit(SRC);
    FunctionDefinition f = cu.function("mfill_copy").orElseThrow();
    LockRegions locks = LockRegions.of(Cfg.of(f), new SameFileHelpers(cu));
    List<LockPair> pairs = locks.releaseReacquirePairs();
    assertEquals(1, pairs.size(), pairs.toString());
    assertEquals(22, pairs.get(0).release().call().range().beginLine());
    assertEquals(24, pairs.get(0).acquire().call().range().beginLine());
  }

  @Test
  void heldAt() {
    CompilationUnit cu = ParsedC.unit(SRC);
    FunctionDefinition f = cu.function("mfill_copy").orElseThrow();
    LockRegions locks = LockRegions.of(Cfg.of(f), new SameFileHelpers(cu));
    var copy = CfgTest.call(f, "copy_from_user");
    var install = CfgTest.call(f, "install");
    assertFalse(locks.heldAt(copy, LockGroup.MM), "dropped around copy_from_user");
    assertTrue(locks.heldAt(install, LockGroup.MM));
    assertTrue(locks.heldAt(install, LockGroup.PTL));
    assertEquals(
        List.of(LockGroup.MM),
        List.copyOf(locks.groupsHeldAt(CfgTest.call(f, "copy_from_user_atomic"))));
  }

  @Test
  void helperThatBothLocksAndUnlocksIsJudgedByName() {
    String src =
        "static struct vm_area_struct *uffd_lock_it(struct mm_struct *mm)\n{\n"
            + "\tvma = lock_vma_under_rcu(mm, a);\n\tif (vma)\n\t\treturn vma;\n\tmmap_read_lock(mm);\n"
            + "\tvma = find(mm);\n\tif (!vma)\n\t\tmmap_read_unlock(mm);\n\treturn vma;\n}\n"
            + "void user(struct mm_struct *mm)\n{\n\tvma = uffd_lock_it(mm);\n}\n";
    CompilationUnit cu = ParsedC.unit(src);
    LockRegions locks =
        LockRegions.of(Cfg.of(cu.function("user").orElseThrow()), new SameFileHelpers(cu));
    assertEquals(1, locks.events().size());
    assertTrue(locks.events().get(0).isAcquire());
    assertTrue(locks.events().get(0).conditional());
  }

  @Test
  void tableLoads() {
    assertTrue(
        LockApis.defaults().lookup("mmap_read_unlock").orElseThrow().kind()
            == LockApi.Kind.RELEASE);
    assertEquals(LockGroup.MM, LockApis.defaults().lookup("vma_end_read").orElseThrow().group());
    assertEquals(
        LockFamily.FOLIO, LockApis.defaults().lookup("folio_trylock").orElseThrow().family());
    assertTrue(LockApis.defaults().all().size() > 50);
  }

  @Test
  void pageTableSpinlocksAreTheirOwnFamily() {
    CompilationUnit cu =
        ParsedC.unit(
            "void f(void)\n{\n\tspin_lock(pte_lockptr(mm, pmd));\n\tspin_lock_irqsave(&vmf->ptl, flags);\n"
                + "\tspin_lock(&inode->i_lock);\n\tpte = pte_offset_map_lock(mm, pmd, addr, &ptl);\n\tpte_unmap_unlock(pte, ptl);\n}\n");
    LockRegions locks = LockRegions.of(Cfg.of(cu.functions().get(0)), new SameFileHelpers(cu));
    assertEquals(
        List.of(
            LockFamily.PTL, LockFamily.PTL, LockFamily.SPINLOCK, LockFamily.PTL, LockFamily.PTL),
        locks.events().stream().map(LockEvent::family).toList());
    assertEquals(
        List.of("pte_lockptr(mm, pmd)", "vmf->ptl", "inode->i_lock", "ptl", "ptl"),
        locks.events().stream().map(LockEvent::lockObject).toList());
  }

  @Test
  void scopeBasedGuards() {
    CompilationUnit cu =
        ParsedC.unit(
            "void f(void)\n{\n\tbefore();\n\tscoped_guard(mutex, &m) {\n\t\tin_scope();\n\t}\n\t{\n"
                + "\t\tguard(rcu)();\n\t\tunder_rcu();\n\t}\n\tafter();\n}\n");
    FunctionDefinition f = cu.functions().get(0);
    LockRegions locks = LockRegions.of(Cfg.of(f), new SameFileHelpers(cu));
    assertTrue(locks.heldAt(CfgTest.call(f, "in_scope"), LockGroup.MUTEX));
    assertFalse(locks.heldAt(CfgTest.call(f, "before"), LockGroup.MUTEX));
    assertTrue(locks.heldAt(CfgTest.call(f, "under_rcu"), LockGroup.RCU));
    assertFalse(locks.heldAt(CfgTest.call(f, "after"), LockGroup.RCU));
    assertEquals(
        List.of(LockGroup.RCU), List.copyOf(locks.groupsHeldAt(CfgTest.call(f, "under_rcu"))));
  }
}
