package org.mmreview.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The helper fails on each kind of difference, and only on those. */
class RuleTestHelperTest {
  private static final String ARGUMENT_CHECK =
      """
      int zap_some_pages(struct vm_area_struct *vma, unsigned long addr, unsigned long nr)
      {
      	BUG_ON(nr == 0); %s
      	if (addr < vma->vm_start)
      		return -EINVAL;
      	zap(vma, addr, nr);
      	return 0;
      }
      """;

  private static RuleTestHelper.Outcome run(String marker) {
    return RuleTestHelper.forRule("bug-on-recoverable")
        .addSource("mm/zap.c", ARGUMENT_CHECK.formatted(marker))
        .run();
  }

  @Test
  void markersParse() {
    FixtureMarkers m =
        FixtureMarkers.parse(
            "a(); // expect: rule-a:error \"part one\", rule-b\nb(); /* expect: rule-c */\nc(); // known-gap: rule-d why\n");
    assertEquals(
        List.of("rule-a", "rule-b", "rule-c"),
        m.expects().stream().map(FixtureMarkers.Marker::id).toList());
    assertEquals(Optional.of("error"), m.expects().get(0).severity());
    assertEquals(Optional.of("part one"), m.expects().get(0).messagePart());
    assertEquals(Optional.empty(), m.expects().get(1).messagePart());
    assertEquals(2, m.expects().get(2).line());
    assertEquals("rule-d", m.knownGaps().get(0).id());
    String text = "x(); // expect: a \"b\"\ny(); /* expect: c */ z();\n";
    String blanked = FixtureMarkers.blank(text);
    assertEquals(text.length(), blanked.length(), "offsets kept");
    assertEquals("x();\ny(); z();\n", blanked.replaceAll(" +", " ").replace(" \n", "\n"));
  }

  @Test
  void aMatchingMarkerPasses() {
    RuleTestHelper.forRule("bug-on-recoverable")
        .addSource(
            "mm/zap.c",
            ARGUMENT_CHECK.formatted(
                "// expect: bug-on-recoverable:warning \"sanity check of the argument `nr`\""))
        .doTest();
  }

  @Test
  void eachDifferenceFails() {
    RuleTestHelper.Outcome missingMarker = run("");
    assertFalse(missingMarker.passed());
    assertEquals(1, missingMarker.unexpectedLines());
    assertTrue(
        missingMarker.problems().get(0).contains("mm/zap.c:3: unexpected finding"),
        missingMarker.problems().toString());

    RuleTestHelper.Outcome wrongSeverity = run("// expect: bug-on-recoverable:error");
    assertFalse(wrongSeverity.passed());
    RuleTestHelper.Outcome wrongMessage =
        run("// expect: bug-on-recoverable \"user space decides it\"");
    assertFalse(wrongMessage.passed());
    assertTrue(
        wrongMessage.problems().get(0).contains("no finding as marked"),
        wrongMessage.problems().toString());

    RuleTestHelper.Outcome wrongLine =
        RuleTestHelper.forRule("bug-on-recoverable")
            .addSource(
                "mm/zap.c",
                ARGUMENT_CHECK
                    .formatted("")
                    .replace("\tif (addr", "\tif (addr /* expect: bug-on-recoverable */"))
            .run();
    assertEquals(
        List.of(1, 1),
        List.of(wrongLine.missingLines(), wrongLine.unexpectedLines()),
        wrongLine.problems().toString());
    assertThrows(
        AssertionError.class,
        () ->
            RuleTestHelper.forRule("bug-on-recoverable")
                .addSource("mm/zap.c", ARGUMENT_CHECK.formatted(""))
                .doTest());
  }

  @Test
  void knownGapsAreReportedNotFailed() {
    RuleTestHelper.Outcome o =
        RuleTestHelper.forRule("bug-on-recoverable")
            .addSource(
                "mm/x.c",
                """
            void f(struct thing *t)
            {
            	if (!t->ok)
            		return;
            	g(t); // known-gap: bug-on-recoverable nothing here to find, for the test
            }
            """)
            .run();
    assertTrue(o.passed(), o.problems().toString());
    assertEquals(List.of("bug-on-recoverable: x.c:5 (known gap)"), o.gaps());
  }

  private static final String PATCH =
      """
      diff --git a/mm/zap.c b/mm/zap.c
      --- a/mm/zap.c
      +++ b/mm/zap.c
      @@ -1,6 +1,7 @@
       int zap_some_pages(struct vm_area_struct *vma, unsigned long addr, unsigned long nr)
       {
      +	BUG_ON(nr == 0); // expect: bug-on-recoverable "`nr == 0`"
       	if (addr < vma->vm_start)
       		return -EINVAL;
       	zap(vma, addr, nr);
       	return 0;
      """;

  @Test
  void patchesHunkOnlyAndOnTheirBase() {
    RuleTestHelper.forRule("bug-on-recoverable").addPatch(PATCH).doTest();
    RuleTestHelper.forRule("bug-on-recoverable")
        .addPatch(PATCH)
        .withBase(
            "mm/zap.c",
            """
            int zap_some_pages(struct vm_area_struct *vma, unsigned long addr, unsigned long nr)
            {
            	if (addr < vma->vm_start)
            		return -EINVAL;
            	zap(vma, addr, nr);
            	return 0;
            }

            void other(int x)
            {
            	BUG_ON(x == 0);
            	if (x < 0)
            		return;
            }
            """)
        .doTest();
  }

  @Test
  void aBaseThePatchDoesNotApplyToFails() {
    RuleTestHelper.Outcome o =
        RuleTestHelper.forRule("bug-on-recoverable")
            .addPatch(PATCH)
            .withBase("mm/zap.c", "int unrelated;\n")
            .run();
    assertFalse(o.passed());
    assertTrue(o.problems().toString().contains("does not apply"), o.problems().toString());
  }
}
