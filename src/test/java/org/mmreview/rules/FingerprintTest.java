package org.mmreview.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.cparse.CParser;
import org.mmreview.report.Finding;
import org.mmreview.report.Fingerprint;
import org.mmreview.review.ReviewPlanner;

/** A finding's fingerprint follows its code, not its line number or layout. */
class FingerprintTest {
  private static final String FN =
      """
      static long uffd_move(struct vm_area_struct *vma, unsigned long start, unsigned long end)
      {
      \tlong err = 0;

      \tVM_BUG_ON(!PAGE_ALIGNED(start));
      \tif (end > vma->vm_end)
      \t\treturn -EINVAL;
      \terr = populate_pages(vma, start, end);
      \treturn err;
      }
      """;

  private static List<Finding> findings(String text) {
    RuleEngine engine =
        new RuleEngine(RuleSet.only(RuleCatalog.load(), List.of("bug-on-recoverable")), true);
    return engine
        .run(new ReviewPlanner(new CParser()).wholeFile("mm/userfaultfd.c", text))
        .findings();
  }

  private static String fingerprint(String text) {
    List<Finding> found = findings(text);
    assertEquals(1, found.size(), () -> found.toString());
    return found.get(0).fingerprint();
  }

  @Test
  void survivesAThirtyLineShift() {
    String shifted = "/* added above */\n".repeat(30) + FN;
    List<Finding> a = findings(FN);
    List<Finding> b = findings(shifted);
    assertEquals(a.get(0).location().line() + 30, b.get(0).location().line());
    assertEquals(a.get(0).fingerprint(), b.get(0).fingerprint());
  }

  @Test
  void survivesARenameOfAnUnrelatedLocal() {
    assertEquals(fingerprint(FN), fingerprint(FN.replace("err", "ret")));
  }

  @Test
  void survivesAReindent() {
    String reindented =
        FN.replace("\t", "        ")
            .replace("(!PAGE_ALIGNED(start))", "( !PAGE_ALIGNED( start ) )");
    assertEquals(fingerprint(FN), fingerprint(reindented));
  }

  @Test
  void changesWhenTheEvidenceChanges() {
    assertNotEquals(
        fingerprint(FN), fingerprint(FN.replace("PAGE_ALIGNED(start)", "PAGE_ALIGNED(end)")));
  }

  @Test
  void changesWithTheEnclosingFunction() {
    assertNotEquals(fingerprint(FN), fingerprint(FN.replace("uffd_move", "uffd_copy")));
  }

  @Test
  void theSameEvidenceTwiceInOneFunctionIsNumbered() {
    List<Finding> found =
        findings(FN.replace("\treturn err;", "\tVM_BUG_ON(!PAGE_ALIGNED(start));\n\treturn err;"));
    assertEquals(2, found.size());
    assertEquals(Fingerprint.occurrence(found.get(0).fingerprint(), 2), found.get(1).fingerprint());
  }

  @Test
  void normalisingKeepsTokensApart() {
    assertEquals("if(ops!=orig_ops)", Fingerprint.normalise("\tif (ops !=   orig_ops)\n"));
    assertEquals("unsigned long x=a+b;", Fingerprint.normalise("unsigned   long\tx = a\n + b ;"));
  }
}
