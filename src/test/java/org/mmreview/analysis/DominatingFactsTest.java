package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.kernel.LockApis;
import org.mmreview.testing.ParsedC;

/** What decides a test, and what keeps a fact from deciding it. */
class DominatingFactsTest {

  private static DominatingFacts facts(FunctionDefinition f) {
    return DominatingFacts.of(new FunctionAnalysis(f, null, LockApis.defaults()));
  }

  /** The first leaf of the {@code n}-th if condition (0-based). */
  private static Expression leafOfIf(FunctionDefinition f, int n) {
    IfStatement i = f.body().findAll(IfStatement.class).get(n);
    return DominatingFacts.leaves(i.condition()).get(0);
  }

  @Test
  void dereferenceDecidesALaterNullTest() {
    FunctionDefinition f =
        ParsedC.function(
            """
            static int f(struct vm_area_struct *vma, struct page *page)
            {
                unsigned long start = vma->vm_start;

                if (!vma)
                    return -EINVAL;
                page = next_page(page);
                if (!page)
                    return start;
                return 0;
            }
            """);
    DominatingFacts d = facts(f);
    Optional<DominatingFacts.Decision> first = d.decided(leafOfIf(f, 0));
    assertTrue(first.isPresent());
    assertEquals(DominatingFacts.Source.DEREFERENCE, first.get().because().source());
    assertTrue(first.get().value(), "vma is not NULL: the leaf `vma` is true");
    assertTrue(d.decided(leafOfIf(f, 1)).isEmpty(), "page was never dereferenced");
  }

  @Test
  void flagsClearedByEarlyReturnsTogetherDecideAMaskTest() {
    FunctionDefinition f =
        ParsedC.function(
            """
            static int g(unsigned int flags)
            {
                if (flags & FOLL_GET)
                    return 1;
                if (flags & FOLL_PIN)
                    return 2;
                if ((flags & (FOLL_GET | FOLL_PIN)) == 0)
                    return 3;
                return 0;
            }
            """);
    Optional<DominatingFacts.Decision> d = facts(f).decided(leafOfIf(f, 2));
    assertTrue(d.isPresent());
    assertTrue(d.get().value());
  }

  @Test
  void anAssignmentOrACallInBetweenUndecides() {
    FunctionDefinition f =
        ParsedC.function(
            """
            static int h(struct vm_area_struct *vma, int nr)
            {
                if (nr <= 0)
                    return 0;
                nr = recount(vma);
                if (nr > 0)
                    return 1;
                if (vma->vm_flags & VM_LOCKED)
                    return 2;
                relock(vma);
                if (vma->vm_flags & VM_LOCKED)
                    return 3;
                return 4;
            }
            """);
    DominatingFacts d = facts(f);
    assertTrue(d.decided(leafOfIf(f, 1)).isEmpty(), "nr assigned again");
    assertTrue(d.decided(leafOfIf(f, 3)).isEmpty(), "a call may change vma->vm_flags");
  }
}
