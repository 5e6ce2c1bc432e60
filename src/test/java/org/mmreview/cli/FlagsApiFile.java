package org.mmreview.cli;

/**
 * The small C file the command tests review: {@code mm/grow.c} using the VMA flags API, and the
 * same file with a new function that open-codes a flag test (a vma-flags-legacy-test warning at
 * line 15, column 13).
 */
final class FlagsApiFile {
  /** A file that tests VMA flags through the API. */
  static final String USES_API =
      "// SPDX-License-Identifier: GPL-2.0\n"
          + "#include <linux/mm.h>\n"
          + "\n"
          + "/* May this VMA be locked? */\n"
          + "static bool can_lock(struct vm_area_struct *vma)\n"
          + "{\n"
          + "\tif (vma_test(vma, VMA_IO_BIT))\n"
          + "\t\treturn false;\n"
          + "\treturn true;\n"
          + "}\n";

  /** {@link #USES_API} plus can_grow(), which tests {@code vm_flags} by hand on line 15. */
  static final String WITH_LEGACY_TEST =
      USES_API
          + "\n"
          + "/* May this VMA be grown by mremap()? */\n"
          + "static bool can_grow(struct vm_area_struct *vma)\n"
          + "{\n"
          + "\tif (vma->vm_flags & VM_DONTEXPAND)\n"
          + "\t\treturn false;\n"
          + "\treturn true;\n"
          + "}\n";

  private FlagsApiFile() {}
}
