package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.testing.ParsedC;

class SameFileHelpersTest {
  static final String SRC =
      """
      static bool same_backing(struct vm_area_struct *a, struct vm_area_struct *b)
      {
          return a->vm_file == b->vm_file && a->vm_pgoff == b->vm_pgoff;
      }

      static bool vma_unchanged(struct vm_area_struct *old, struct vm_area_struct *cur)
      {
          if (vma_uffd_ops(old) != vma_uffd_ops(cur))
              return false;
          return same_backing(old, cur);
      }

      int user(struct vm_area_struct *orig, struct vm_area_struct *vma)
      {
          if (!vma_unchanged(orig, vma))
              return -EAGAIN;
          return external(vma);
      }
      """;

  @Test
  void resolvesSameFileFunctionsOnly() {
    CompilationUnit cu = ParsedC.unit(SRC);
    SameFileHelpers h = new SameFileHelpers(cu);
    FunctionDefinition user = cu.function("user").orElseThrow();
    assertEquals(
        "vma_unchanged", h.resolve(CfgTest.call(user, "vma_unchanged")).orElseThrow().name());
    assertTrue(h.resolve(CfgTest.call(user, "external")).isEmpty());
  }

  @Test
  void comparedPropertiesMapParametersToArguments() {
    CompilationUnit cu = ParsedC.unit(SRC);
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
    CompilationUnit cu =
        ParsedC.unit(
            """
        int f(struct vm_area_struct *a)
        {
            return a->vm_ops->uffd_ops != NULL;
        }
        """);
    List<ComparedProperty> props = SameFileHelpers.comparisonsIn(cu);
    assertEquals("vm_ops->uffd_ops", props.get(0).property());
  }

  @Test
  void valuesComingFromCallsThroughHelpers() {
    CompilationUnit cu =
        ParsedC.unit(
            """
        static const struct vm_uffd_ops *ops_of(struct vm_area_struct *vma)
        {
            const struct vm_uffd_ops *ops = vma_uffd_ops(vma);
            if (x)
                ops = other();
            return ops;
        }

        static const struct vm_uffd_ops *wrap(struct vm_area_struct *vma)
        {
            return ops_of(vma);
        }

        void user(void)
        {
            p = wrap(v);
            q = unrelated(v);
        }
        """);
    SameFileHelpers h = new SameFileHelpers(cu);
    FunctionDefinition user = cu.function("user").orElseThrow();
    assertTrue(h.valueComesFrom(CfgTest.call(user, "wrap"), Set.of("vma_uffd_ops")));
    assertFalse(h.valueComesFrom(CfgTest.call(user, "unrelated"), Set.of("vma_uffd_ops")));
    assertEquals(3, SameFileHelpers.returnedValues(cu.function("ops_of").orElseThrow()).size());
  }
}
