package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.testing.MiniC;

class SameFileHelpersTest {
  static final String SRC =
      "static bool same_backing(struct vm_area_struct *a, struct vm_area_struct *b)\n"
          + "{\n"
          + "\treturn a->vm_file == b->vm_file && a->vm_pgoff == b->vm_pgoff;\n"
          + "}\n"
          + "\n"
          + "static bool vma_unchanged(struct vm_area_struct *old, struct vm_area_struct *cur)\n"
          + "{\n"
          + "\tif (vma_uffd_ops(old) != vma_uffd_ops(cur))\n"
          + "\t\treturn false;\n"
          + "\treturn same_backing(old, cur);\n"
          + "}\n"
          + "\n"
          + "int user(struct vm_area_struct *orig, struct vm_area_struct *vma)\n"
          + "{\n"
          + "\tif (!vma_unchanged(orig, vma))\n"
          + "\t\treturn -EAGAIN;\n"
          + "\treturn external(vma);\n"
          + "}\n";

  @Test
  void resolvesSameFileFunctionsOnly() {
    CompilationUnit cu = MiniC.parse(SRC);
    SameFileHelpers h = new SameFileHelpers(cu);
    FunctionDefinition user = cu.function("user").orElseThrow();
    assertEquals("vma_unchanged", h.resolve(CfgTest.call(user, "vma_unchanged")).orElseThrow().name());
    assertTrue(h.resolve(CfgTest.call(user, "external")).isEmpty());
  }

  @Test
  void comparedPropertiesMapParametersToArguments() {
    CompilationUnit cu = MiniC.parse(SRC);
    SameFileHelpers h = new SameFileHelpers(cu);
    CallExpression call = CfgTest.call(cu.function("user").orElseThrow(), "vma_unchanged");
    List<ComparedProperty> props = h.comparedProperties(call);
    List<String> names = props.stream().map(ComparedProperty::property).toList();
    assertEquals(List.of("vma_uffd_ops()", "vm_file", "vm_pgoff"), names);
    ComparedProperty file = props.get(1);
    assertEquals(List.of("orig->vm_file", "vma->vm_file"), file.sides());
    assertTrue(file.involves("orig"));
    assertTrue(props.stream().allMatch(p -> p.via() == call));
  }

  @Test
  void inlineComparisons() {
    CompilationUnit cu = MiniC.parse("int f(struct vm_area_struct *a)\n{\n\treturn a->vm_ops->uffd_ops != NULL;\n}\n");
    List<ComparedProperty> props = SameFileHelpers.comparisonsIn(cu);
    assertEquals("vm_ops->uffd_ops", props.get(0).property());
  }

  @Test
  void valuesComingFromCallsThroughHelpers() {
    CompilationUnit cu =
        MiniC.parse("static const struct vm_uffd_ops *ops_of(struct vm_area_struct *vma)\n{\n"
            + "\tconst struct vm_uffd_ops *ops = vma_uffd_ops(vma);\n\tif (x)\n\t\tops = other();\n\treturn ops;\n}\n"
            + "static const struct vm_uffd_ops *wrap(struct vm_area_struct *vma)\n{\n\treturn ops_of(vma);\n}\n"
            + "void user(void)\n{\n\tp = wrap(v);\n\tq = unrelated(v);\n}\n");
    SameFileHelpers h = new SameFileHelpers(cu);
    FunctionDefinition user = cu.function("user").orElseThrow();
    assertTrue(h.valueComesFrom(CfgTest.call(user, "wrap"), java.util.Set.of("vma_uffd_ops")));
    assertTrue(!h.valueComesFrom(CfgTest.call(user, "unrelated"), java.util.Set.of("vma_uffd_ops")));
    assertEquals(3, SameFileHelpers.returnedValues(cu.function("ops_of").orElseThrow()).size());
  }
}
