package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.testing.ParsedC;

class MatchersTest {
  static Expression expr(String text) {
    CompilationUnit cu = ParsedC.unit("void f(void)\n{\n\t" + text + ";\n}\n");
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
    assertTrue(
        Matchers.isNullTestOf(expr("vma->vm_ops ? vma->vm_ops->uffd_ops : NULL"), "vma->vm_ops"));
    assertFalse(Matchers.isNullTestOf(expr("ops->copy(x)"), "ops"));
    assertFalse(Matchers.isNullTestOf(expr("!other"), "ops"));
    assertFalse(Matchers.isNullTestOf(expr("ops == other"), "ops"));
  }

  @Test
  void assertionContext() {
    CompilationUnit cu =
        ParsedC.unit(
            "int f(void)\n{\n\tif (!ops)\n\t\treturn -EINVAL;\n\tVM_WARN_ON_ONCE(!ops);\n\treturn ops && ops->x;\n}\n");
    List<UnaryExpression> tests = cu.findAll(UnaryExpression.class, u -> u.operator().equals("!"));
    assertFalse(Matchers.insideAssertion(tests.get(0)));
    assertTrue(Matchers.insideAssertion(tests.get(1)));
    assertEquals(
        "VM_WARN_ON_ONCE",
        Matchers.enclosingAssertion(tests.get(1)).orElseThrow().calleeName().orElseThrow());
    assertFalse(Matchers.insideAssertion(cu.findFirst(ReturnStatement.class).orElseThrow()));
  }

  @Test
  void assertionNames() {
    for (String n :
        List.of(
            "WARN_ON",
            "WARN_ON_ONCE",
            "VM_WARN_ON",
            "VM_WARN_ON_ONCE",
            "BUG_ON",
            "VM_BUG_ON",
            "VM_BUG_ON_VMA",
            "VM_WARN_ON_ONCE_VMA",
            "WARN",
            "WARN_ONCE",
            "BUG",
            "VM_WARN_ON_FOLIO")) {
      assertTrue(Matchers.isAssertionName(n), n);
    }
    assertFalse(Matchers.isAssertionName("WARNING"));
    assertFalse(Matchers.isAssertionName("folio_lock"));
  }

  @Test
  void earlyReturns() {
    CompilationUnit cu =
        ParsedC.unit(
            "void *f(void)\n{\n\tif (a)\n\t\treturn NULL;\n\tif (b) {\n\t\tunlock();\n\t\treturn ERR_PTR(-ENOENT);\n\t}\n"
                + "\tif (c)\n\t\treturn -EAGAIN;\n\tif (d)\n\t\treturn x;\n\treturn;\n}\n");
    List<IfStatement> ifs = cu.findAll(IfStatement.class);
    assertTrue(Matchers.isEarlyReturnOfNullOrError(ifs.get(0).thenStatement()));
    assertTrue(Matchers.isEarlyReturnOfNullOrError(ifs.get(1).thenStatement()));
    assertTrue(Matchers.isEarlyReturnOfNullOrError(ifs.get(2).thenStatement()));
    assertFalse(Matchers.isEarlyReturnOfNullOrError(ifs.get(3).thenStatement()));
    List<ReturnStatement> rets = cu.findAll(ReturnStatement.class);
    assertEquals("EAGAIN", Matchers.errno(rets.get(2).value().orElseThrow()).orElseThrow());
    assertEquals(Matchers.ReturnKind.ERR_PTR, Matchers.returnKind(rets.get(1)));
    assertEquals(Matchers.ReturnKind.VOID, Matchers.returnKind(rets.get(4)));
  }

  @Test
  void flagTests() {
    CompilationUnit cu =
        ParsedC.unit(
            "int f(struct vm_area_struct *vma)\n{\n\tunsigned long flags = vma->vm_flags;\n"
                + "\tif (!(vma->vm_flags & VM_SHARED))\n\t\treturn 1;\n\tif (flags & (VM_WRITE | VM_MAYWRITE))\n\t\treturn 2;\n"
                + "\treturn vma_test(vma, VMA_SHARED_BIT) && (x & MASK);\n}\n");
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
