package org.mmreview.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mmreview.testing.MiniC;

class PrinterRoundTripTest {
  static final String SRC =
      "static int f(struct mm_struct *mm, unsigned long addr)\n"
          + "{\n"
          + "\tstruct vm_area_struct *vma = NULL, *prev;\n"
          + "\tint err = 0, i;\n"
          + "retry:\n"
          + "\tvma = lock_vma_under_rcu(mm, addr);\n"
          + "\tif (!vma || (vma->vm_flags & (VM_SHARED | VM_WRITE)) == 0)\n"
          + "\t\tgoto retry;\n"
          + "\telse if (a ? b : c)\n"
          + "\t\terr = -(x - (y - z));\n"
          + "\telse {\n"
          + "\t\tswitch (err) {\n"
          + "\t\tcase 1:\n"
          + "\t\t\terr++;\n"
          + "\t\tcase 2:\n"
          + "\t\t\tbreak;\n"
          + "\t\tdefault:\n"
          + "\t\t\t;\n"
          + "\t\t}\n"
          + "\t}\n"
          + "\tdo {\n"
          + "\t\ti += *p++ * 2;\n"
          + "\t} while (i < 10 && ({ int t = i; t; }));\n"
          + "\tfor (i = 0; i < n; i++)\n"
          + "\t\tfor_each_vma(vmi, vma)\n"
          + "\t\t\tcount((unsigned long)vma->vm_start, sizeof(struct page), sizeof i);\n"
          + "\twhile (x)\n"
          + "\t\tif (y)\n"
          + "\t\t\tcontinue;\n"
          + "\treturn err ?: ret;\n"
          + "}\n";

  @Test
  void printingIsStableUnderReparsing() {
    CompilationUnit first = MiniC.parse(SRC);
    String printed = AstPrinter.print(first);
    String again = AstPrinter.print(MiniC.parse(printed + "\n"));
    assertEquals(printed, again);
    assertEquals(
        first.findAll(Node.class).stream().map(Node::kind).toList(),
        MiniC.parse(printed + "\n").findAll(Node.class).stream().map(Node::kind).toList(),
        "same tree shape");
  }
}
