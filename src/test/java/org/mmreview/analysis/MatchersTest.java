package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.MacroLoopStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.testing.ParsedC;

class MatchersTest {
  /** {@code text} as the expression statement of a function body. */
  static Expression expr(String text) {
    CompilationUnit cu = ParsedC.unit("""
        void f(void)
        {
            %s;
        }
        """.formatted(text));
    return cu.findFirst(ExpressionStatement.class).orElseThrow().expression();
  }

  @Test
  void nullTests() {
    assertTrue(Matchers.isNullTestOf(expr("!ops"), "ops"));
    assertTrue(Matchers.isNullTestOf(expr("ops == NULL"), "ops"));
    assertTrue(Matchers.isNullTestOf(expr("NULL == ops"), "ops"));
    assertTrue(Matchers.isNullTestOf(expr("ops != NULL"), "ops"));
    assertTrue(Matchers.isNullTestOf(expr("ops && ops->copy"), "ops"));
    assertTrue(Matchers.isNullTestOf(expr("x || !ops"), "ops"));
    assertTrue(Matchers.isNullTestOf(expr("ops ? ops->a : 0"), "ops"));
    assertTrue(Matchers.isNullTestOf(expr("ops ?: dflt"), "ops"));
    assertTrue(Matchers.isNullTestOf(expr("unlikely(!ops)"), "ops"));
    assertTrue(Matchers.isNullTestOf(expr("!vma->vm_ops"), "vma->vm_ops"));
    assertTrue(Matchers.isNullTestOf(expr("vma->vm_ops ? vma->vm_ops->uffd_ops : NULL"), "vma->vm_ops"));
    assertFalse(Matchers.isNullTestOf(expr("ops->copy(x)"), "ops"));
    assertFalse(Matchers.isNullTestOf(expr("!other"), "ops"));
    assertFalse(Matchers.isNullTestOf(expr("ops == other"), "ops"));
  }

  @Test
  void nullTestsInScope() {
    CompilationUnit cu = ParsedC.unit("""
        int f(void)
        {
            if (!ops)
                return -EINVAL;
            VM_WARN_ON_ONCE(!ops);
            return ops && ops->x;
        }
        """);
    List<Expression> tests = Matchers.nullTestsOf(cu, "ops");
    assertEquals(List.of(3, 5, 6), tests.stream().map(e -> e.range().beginLine()).toList());
    assertFalse(Matchers.insideAssertion(tests.get(0)));
    assertTrue(Matchers.insideAssertion(tests.get(1)));
    assertEquals("VM_WARN_ON_ONCE", Matchers.enclosingAssertion(tests.get(1)).orElseThrow().calleeName().orElseThrow());
    assertFalse(Matchers.insideAssertion(tests.get(2)));
    CompilationUnit other = ParsedC.unit("""
        void f(void)
        {
            x = (ops);
            g(ops);
            if ((ops))
                return;
        }
        """);
    assertEquals(List.of(5), Matchers.nullTestsOf(other, "ops").stream().map(e -> e.range().beginLine()).toList());
  }

  @Test
  void assertionNames() {
    for (String n : List.of("WARN_ON", "WARN_ON_ONCE", "VM_WARN_ON", "VM_WARN_ON_ONCE", "BUG_ON", "VM_BUG_ON",
        "VM_BUG_ON_VMA", "VM_WARN_ON_ONCE_VMA", "WARN", "WARN_ONCE", "BUG", "VM_WARN_ON_FOLIO")) {
      assertTrue(Matchers.isAssertionName(n), n);
    }
    assertFalse(Matchers.isAssertionName("WARNING"));
    assertFalse(Matchers.isAssertionName("folio_lock"));
  }

  @Test
  void earlyReturns() {
    CompilationUnit cu = ParsedC.unit("""
        void *f(void)
        {
            if (a)
                return NULL;
            if (b) {
                unlock();
                return ERR_PTR(-ENOENT);
            }
            if (c)
                return -EAGAIN;
            if (d)
                return x;
            return;
        }
        """);
    List<IfStatement> ifs = cu.findAll(IfStatement.class);
    assertTrue(Matchers.isEarlyReturnOfNullOrError(ifs.get(0).thenStatement()));
    assertTrue(Matchers.isEarlyReturnOfNullOrError(ifs.get(1).thenStatement()));
    assertTrue(Matchers.isEarlyReturnOfNullOrError(ifs.get(2).thenStatement()));
    assertFalse(Matchers.isEarlyReturnOfNullOrError(ifs.get(3).thenStatement()));
    List<ReturnStatement> rets = cu.findAll(ReturnStatement.class);
    assertEquals("ENOENT", Matchers.returnedErrno(rets.get(1)).orElseThrow());
    assertEquals("EAGAIN", Matchers.returnedErrno(rets.get(2)).orElseThrow());
    assertEquals(Matchers.ReturnKind.ERR_PTR, Matchers.returnKind(rets.get(1)));
    assertEquals(Matchers.ReturnKind.VOID, Matchers.returnKind(rets.get(4)));
  }

  @Test
  void callsAndArguments() {
    CompilationUnit cu = ParsedC.unit("""
        void f(void)
        {
            mmap_read_unlock(dst_mm);
            folio_put(folio);
        }
        """);
    assertEquals(1, Matchers.calls(cu, "mmap_read_unlock", "vma_end_read").size());
    var call = Matchers.calls(cu, "mmap_read_unlock").get(0);
    assertTrue(Matchers.callNamed("mmap_read_unlock").test(call));
    assertTrue(Matchers.callMatching("mmap_.*_unlock").test(call));
    assertTrue(Matchers.argument(0, Matchers.isPath("dst_mm")).test(call));
    assertFalse(Matchers.argument(1, Matchers.isPath("dst_mm")).test(call));
    assertTrue(Matchers.containsCall(cu, "folio_put"));
  }

  @Test
  void macroLoopsAndComments() {
    CompilationUnit cu = ParsedC.unit("""
        void f(void)
        {
            /*
             * Only async-WP VMAs lack ops.
             */
            for_each_vma(vmi, vma) {
                x(vma); // per vma
            }
            y();
        }
        """);
    FunctionDefinition f = cu.functions().get(0);
    assertTrue(Matchers.insideMacroLoop(CfgTest.call(f, "x")));
    assertTrue(Matchers.insideMacroLoop(CfgTest.call(f, "x"), "for_each_vma"));
    assertFalse(Matchers.insideMacroLoop(CfgTest.call(f, "y")));
    var loop = cu.findFirst(MacroLoopStatement.class).orElseThrow();
    String near = Matchers.commentTextNear(loop, 0);
    assertTrue(near.contains("Only async-WP VMAs lack ops."), near);
    assertTrue(near.contains("per vma"), near);
    assertTrue(Matchers.commentsNear(CfgTest.call(f, "y"), 0).isEmpty());
  }

  @Test
  void flagTests() {
    CompilationUnit cu = ParsedC.unit("""
        int f(struct vm_area_struct *vma)
        {
            unsigned long flags = vma->vm_flags;
            if (!(vma->vm_flags & VM_SHARED))
                return 1;
            if (flags & (VM_WRITE | VM_MAYWRITE))
                return 2;
            return vma_test(vma, VMA_SHARED_BIT) && (x & MASK);
        }
        """);
    List<FlagTests.FlagTest> tests = FlagTests.in(cu);
    assertEquals(2, tests.size());
    assertEquals("vma->vm_flags", tests.get(0).flagsSource());
    assertEquals(List.of("VM_SHARED"), tests.get(0).flags());
    assertTrue(tests.get(0).negated());
    assertFalse(tests.get(0).viaLocalCopy());
    assertEquals("flags", tests.get(1).flagsOperand());
    assertEquals("vma->vm_flags", tests.get(1).flagsSource());
    assertTrue(tests.get(1).viaLocalCopy());
    assertEquals(List.of("VM_WRITE", "VM_MAYWRITE"), tests.get(1).flags());
    assertFalse(tests.get(1).negated());
    assertTrue(FlagTests.testsFlag(cu.findAll(IfStatement.class).get(0).condition(), "VM_SHARED"));
  }
}
