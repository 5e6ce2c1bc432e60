package org.mmreview.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CutSignatureTest {
  private static final String PARAMETERS_THEN_BODY =
      "\t\t\t    unsigned long start,\n\t\t\t    unsigned int flags)\n{\n\tlong ret;\n";

  @Test
  void headingThatStopsAfterAParameterIsPutInFrontOfTheHunk() {
    assertEquals(
        Optional.of("static long pin_range(struct mm_struct *mm,\n" + PARAMETERS_THEN_BODY),
        CutSignature.completed(
            "static long pin_range(struct mm_struct *mm, ", PARAMETERS_THEN_BODY));
    assertTrue(
        CutSignature.completed(
                "int *alloc_table(",
                "\tint n, /* entries */\n\tvoid (*free_fn)(int *)) // owner\n\n{\n")
            .isPresent());
  }

  @Test
  void otherHeadingsAndHunksAreLeftAlone() {
    // git cut the heading in the middle of a word: what follows is unknown
    assertEquals(
        Optional.empty(),
        CutSignature.completed(
            "static int __node_reclaim(struct pglist_data *pgdat, gfp_t gfp_mask, unsigned in",
            PARAMETERS_THEN_BODY));
    // a closed header: the hunk is in the body, not the parameter list
    assertEquals(Optional.empty(), CutSignature.completed("static int f(int a)", "\treturn a;\n"));
    // a prototype, a call, a struct: the parenthesis closes on a ';' or no body follows
    assertEquals(
        Optional.empty(),
        CutSignature.completed("extern int f(int a,", "\t     int b);\nstatic int g;\n"));
    assertEquals(
        Optional.empty(),
        CutSignature.completed("static int f(int a,", "\t     int b)\n__releases(ptl)\n{\n"));
    assertEquals(
        Optional.empty(),
        CutSignature.completed("struct foo_ops ops = {", "\t.open = foo_open,\n"));
    assertEquals(Optional.empty(), CutSignature.completed("", PARAMETERS_THEN_BODY));
    // a directive between the parameters: not followed
    assertEquals(
        Optional.empty(),
        CutSignature.completed(
            "static int f(int a,", "#ifdef CONFIG_X\n\tint b,\n#endif\n\tint c)\n{\n"));
  }
}
