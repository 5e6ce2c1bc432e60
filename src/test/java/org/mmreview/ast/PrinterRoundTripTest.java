package org.mmreview.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mmreview.testing.ParsedC;

class PrinterRoundTripTest {
  static final String SRC =
      """
      static int f(struct mm_struct *mm, unsigned long addr)
      {
          struct vm_area_struct *vma = NULL, *prev;
          int err = 0, i;
      retry:
          vma = lock_vma_under_rcu(mm, addr);
          if (!vma || (vma->vm_flags & (VM_SHARED | VM_WRITE)) == 0)
              goto retry;
          else if (a ? b : c)
              err = -(x - (y - z));
          else {
              switch (err) {
              case 1:
                  err++;
              case 2:
                  break;
              default:
                  ;
              }
          }
          do {
              i += *p++ * 2;
          } while (i < 10 && ({ int t = i; t; }));
          for (i = 0; i < n; i++)
              for_each_vma(vmi, vma)
                  count((unsigned long)vma->vm_start, sizeof(struct page), sizeof i);
          while (x)
              if (y)
                  continue;
          return err ?: ret;
      }
      """;

  @Test
  void printingIsStableUnderReparsing() {
    CompilationUnit first = ParsedC.unit(SRC);
    String printed = AstPrinter.print(first);
    CompilationUnit second = ParsedC.unit(printed + "\n");
    assertEquals(printed, AstPrinter.print(second));
    assertEquals(
        first.findAll(Node.class).stream().map(Node::kind).toList(),
        second.findAll(Node.class).stream().map(Node::kind).toList(),
        "same tree shape");
  }
}
