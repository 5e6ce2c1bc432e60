package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baseline write} records today's findings; {@code check --baseline} hides them by
 * fingerprint, across code moving, and not once the evidence changed; stale entries are told.
 */
class BaselineTest {
  /** Two warnings of bug-on-recoverable, in two functions. */
  private static final String CODE =
      "// SPDX-License-Identifier: GPL-2.0-only\n"
          + "#include <linux/mm.h>\n"
          + "\n"
          + "/* Populate [start, end) of vma; returns the number of pages or an error. */\n"
          + "long populate_range_checked(struct vm_area_struct *vma, unsigned long start,\n"
          + "\t\t\t    unsigned long end)\n"
          + "{\n"
          + "\tVM_BUG_ON(!PAGE_ALIGNED(start) || !PAGE_ALIGNED(end));\n"
          + "\tif (end > vma->vm_end)\n"
          + "\t\treturn -EINVAL;\n"
          + "\treturn populate_pages(vma, start, end);\n"
          + "}\n"
          + "\n"
          + "/* Is the page at addr present? Reads the PTE under the mmap read lock only. */\n"
          + "bool peek_present_under_read_lock(struct mm_struct *mm, pte_t *ptep)\n"
          + "{\n"
          + "\tpte_t entry;\n"
          + "\n"
          + "\tmmap_read_lock(mm);\n"
          + "\tentry = ptep_get_lockless(ptep);\n"
          + "\tVM_BUG_ON(pte_special(entry));\n"
          + "\tmmap_read_unlock(mm);\n"
          + "\treturn pte_present(entry);\n"
          + "}\n";

  @TempDir Path tmp;
  private Path source;
  private Path baseline;

  @BeforeEach
  void files() throws Exception {
    Files.createDirectories(tmp.resolve("mm"));
    source = Files.writeString(tmp.resolve("mm/populate.c"), CODE);
    baseline = tmp.resolve("mmreview-baseline.yaml");
  }

  private static List<String> findings(CheckRun.Result r) {
    return r.out().lines().filter(l -> l.matches(".*: (error|warning|info): .*")).toList();
  }

  private CheckRun.Result check(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "check",
                "--all",
                "--format=gcc",
                "--fail-on=warning",
                "--baseline",
                baseline.toString()));
    args.addAll(List.of(more));
    args.add(source.toString());
    return CheckRun.run(args.toArray(String[]::new));
  }

  @Test
  void writesSortedEntriesWithAnEmptyReasonAndTheSameBytesOnARerun() throws Exception {
    CheckRun.Result w =
        CheckRun.run("baseline", "write", baseline.toString(), "--all", source.toString());
    assertEquals(ExitCodes.OK, w.code(), w.err());
    assertTrue(w.err().contains(baseline + ": 2 findings recorded"), w.err());
    String text = Files.readString(baseline);
    assertTrue(text.startsWith("# mmreview baseline"), text);
    assertTrue(text.contains("version: 1\n"), text);
    assertTrue(text.contains("- rule: bug-on-recoverable\n"), text);
    assertTrue(text.contains("  function: populate_range_checked\n"), text);
    assertTrue(text.contains("  function: peek_present_under_read_lock\n"), text);
    assertTrue(text.contains("  reason: \"\"\n"), text);
    // Sorted by file, rule, function: peek_... before populate_...
    assertTrue(text.indexOf("peek_present") < text.indexOf("function: populate"), text);

    // A reason filled in survives a rewrite, and the rest of the file is the same.
    Files.writeString(baseline, text.replaceFirst("reason: \"\"", "reason: checked by hand"));
    String edited = Files.readString(baseline);
    CheckRun.run("baseline", "write", baseline.toString(), "--all", source.toString());
    assertEquals(edited, Files.readString(baseline));
  }

  @Test
  void hidesBaselinedFindingsAcrossAThirtyLineShiftButNotOnceTheEvidenceChanged() throws Exception {
    CheckRun.run("baseline", "write", baseline.toString(), "--all", source.toString());
    CheckRun.Result r = check();
    assertEquals(List.of(), findings(r));
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.err().contains("mmreview: 2 findings in the baseline not shown"), r.err());

    Files.writeString(source, "/* moved down */\n".repeat(30) + CODE);
    r = check();
    assertEquals(List.of(), findings(r), r.err());
    assertFalse(r.err().contains("stale"), r.err());

    // The first assertion's condition changes: it is a new finding, and its entry is stale.
    Files.writeString(
        source,
        CODE.replace(
            "VM_BUG_ON(!PAGE_ALIGNED(start) || !PAGE_ALIGNED(end))",
            "VM_BUG_ON(!PAGE_ALIGNED(start))"));
    r = check();
    assertEquals(1, findings(r).size(), r.out());
    assertTrue(findings(r).get(0).contains("populate.c:8:"), r.out());
    assertEquals(ExitCodes.FINDINGS, r.code(), r.err());
    assertTrue(r.err().contains("mmreview: 1 finding in the baseline not shown"), r.err());
    assertTrue(
        r.err()
            .contains(
                baseline
                    + ": 1 stale baseline entry, not found this run:\n"
                    + "mmreview:   bug-on-recoverable in "
                    + source
                    + ", populate_range_checked() ("),
        r.err());
  }

  @Test
  void aJsonBaselineWorksTheSame() throws Exception {
    baseline = tmp.resolve("baseline.json");
    CheckRun.run("baseline", "write", baseline.toString(), "--all", source.toString());
    assertTrue(Files.readString(baseline).startsWith("{"), Files.readString(baseline));
    assertEquals(List.of(), findings(check()));
  }

  @Test
  void aBadBaselineIsOneLineNamingFileAndPlace() throws Exception {
    Files.writeString(
        baseline, "version: 1\nfindings:\n  - rule: bug-on-recoverable\n    fingerprnt: 0123\n");
    CheckRun.Result r = check();
    assertEquals(ExitCodes.INPUT_ERROR, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("mmreview: " + baseline + ":4:"), r.err());
    assertTrue(r.err().contains("unknown key 'fingerprnt'"), r.err());

    Files.writeString(baseline, "findings: [\n");
    r = check();
    assertEquals(ExitCodes.INPUT_ERROR, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("mmreview: " + baseline + ":"), r.err());

    r =
        CheckRun.run(
            "check", "--all", "--baseline", tmp.resolve("none.yaml").toString(), source.toString());
    assertEquals(ExitCodes.INPUT_ERROR, r.code(), r.err());
    assertTrue(r.err().contains("none.yaml: no such baseline file"), r.err());
  }
}
