package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.testing.ParsedC;

class LockRegionsTest {
  static final String SRC = """
      static void mfill_put_vma(struct mfill_state *state)
      {
          if (state->vma)
              vma_end_read(state->vma);
          else
              mmap_read_unlock(state->mm);
      }

      static struct vm_area_struct *mfill_get_vma(struct mfill_state *state)
      {
          return uffd_mfill_lock(state->mm, state->dst_start, state->len);
      }

      static int mfill_copy(struct mfill_state *state)
      {
          int err;
          struct vm_area_struct *vma;

          vma = mfill_get_vma(state);
          err = copy_from_user_atomic(state);
          if (err) {
              mfill_put_vma(state);
              err = copy_from_user(state->page, state->src);
              vma = mfill_get_vma(state);
              if (IS_ERR(vma))
                  return PTR_ERR(vma);
          }
          spin_lock(ptl);
          install(vma);
          spin_unlock(ptl);
          mfill_put_vma(state);
          return err;
      }
      """;

  private static LockRegions locksOf(CompilationUnit cu, String function) {
    return LockRegions.of(Cfg.of(cu.function(function).orElseThrow()), new SameFileHelpers(cu));
  }

  @Test
  void helpersWrappingLockCallsCountAsLockCalls() {
    LockRegions locks = locksOf(ParsedC.unit(SRC), "mfill_copy");
    List<String> events = locks.events().stream().map(e -> e.kind() + " " + e.api() + " " + e.group()).toList();
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
    List<LockPair> pairs = locksOf(ParsedC.unit(SRC), "mfill_copy").releaseReacquirePairs();
    assertEquals(1, pairs.size(), pairs.toString());
    assertEquals(22, pairs.get(0).release().call().range().beginLine());
    assertEquals(24, pairs.get(0).acquire().call().range().beginLine());
  }

  @Test
  void heldAt() {
    CompilationUnit cu = ParsedC.unit(SRC);
    FunctionDefinition f = cu.function("mfill_copy").orElseThrow();
    LockRegions locks = locksOf(cu, "mfill_copy");
    var copy = CfgTest.call(f, "copy_from_user");
    var install = CfgTest.call(f, "install");
    assertFalse(locks.heldAt(copy, "mm"), "dropped around copy_from_user");
    assertTrue(locks.heldAt(install, "mm"));
    assertTrue(locks.heldAt(install, "ptl"));
    assertEquals(List.of("mm"), List.copyOf(locks.groupsHeldAt(CfgTest.call(f, "copy_from_user_atomic"))));
    assertTrue(Matchers.insideLockRegion(install, locks, "ptl"));
  }

  @Test
  void helperThatBothLocksAndUnlocksIsJudgedByName() {
    CompilationUnit cu = ParsedC.unit("""
        static struct vm_area_struct *uffd_lock_it(struct mm_struct *mm)
        {
            vma = lock_vma_under_rcu(mm, a);
            if (vma)
                return vma;
            mmap_read_lock(mm);
            vma = find(mm);
            if (!vma)
                mmap_read_unlock(mm);
            return vma;
        }

        void user(struct mm_struct *mm)
        {
            vma = uffd_lock_it(mm);
        }
        """);
    LockRegions locks = locksOf(cu, "user");
    assertEquals(1, locks.events().size());
    assertTrue(locks.events().get(0).isAcquire());
    assertTrue(locks.events().get(0).conditional());
  }

  @Test
  void tableLoads() {
    assertTrue(LockApis.defaults().lookup("mmap_read_unlock").orElseThrow().kind() == LockApi.Kind.RELEASE);
    assertEquals("mm", LockApis.defaults().lookup("vma_end_read").orElseThrow().group());
    assertEquals("folio", LockApis.defaults().lookup("folio_trylock").orElseThrow().family());
    assertTrue(LockApis.defaults().all().size() > 50);
  }

  @Test
  void pageTableSpinlocksAreTheirOwnFamily() {
    CompilationUnit cu = ParsedC.unit("""
        void f(void)
        {
            spin_lock(pte_lockptr(mm, pmd));
            spin_lock_irqsave(&vmf->ptl, flags);
            spin_lock(&inode->i_lock);
            pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
            pte_unmap_unlock(pte, ptl);
        }
        """);
    LockRegions locks = locksOf(cu, "f");
    assertEquals(List.of("ptl", "ptl", "spinlock", "ptl", "ptl"), locks.events().stream().map(LockEvent::family).toList());
    assertEquals(List.of("pte_lockptr(mm, pmd)", "vmf->ptl", "inode->i_lock", "ptl", "ptl"),
        locks.events().stream().map(LockEvent::lockObject).toList());
  }

  @Test
  void scopeBasedGuards() {
    CompilationUnit cu = ParsedC.unit("""
        void f(void)
        {
            before();
            scoped_guard(mutex, &m) {
                in_scope();
            }
            {
                guard(rcu)();
                under_rcu();
            }
            after();
        }
        """);
    FunctionDefinition f = cu.functions().get(0);
    LockRegions locks = locksOf(cu, "f");
    assertTrue(locks.heldAt(CfgTest.call(f, "in_scope"), "mutex"));
    assertFalse(locks.heldAt(CfgTest.call(f, "before"), "mutex"));
    assertTrue(locks.heldAt(CfgTest.call(f, "under_rcu"), "rcu"));
    assertFalse(locks.heldAt(CfgTest.call(f, "after"), "rcu"));
    assertEquals(List.of("rcu"), List.copyOf(locks.groupsHeldAt(CfgTest.call(f, "under_rcu"))));
  }
}
