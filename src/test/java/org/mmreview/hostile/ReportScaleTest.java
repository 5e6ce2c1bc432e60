package org.mmreview.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.DiffParser;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchMetadata;
import org.mmreview.report.FindingFormat;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;

/**
 * Many findings in one file: each finding looks up its line's text, which once rescanned the file
 * from its start (50,000 findings ran past two minutes). The lookups must be by index.
 */
class ReportScaleTest {
  @Test
  void fiftyThousandFindingsInOneFile() {
    // terse-identifier reports a name once per function: 1000 functions of 50 letters each.
    String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX";
    int functions = 1000;
    int perFunction = letters.length();
    StringBuilder diff =
        new StringBuilder(
            "diff --git a/mm/many.c b/mm/many.c\nnew file mode 100644\n--- /dev/null\n+++ b/mm/many.c\n");
    diff.append("@@ -0,0 +1,").append(functions * (perFunction + 3)).append(" @@\n");
    for (int f = 0; f < functions; f++) {
      diff.append("+void fn").append(f).append("(struct folio *folio)\n+{\n");
      for (int i = 0; i < perFunction; i++) {
        diff.append("+\tstruct folio *").append(letters.charAt(i)).append(" = folio;\n");
      }
      diff.append("+}\n");
    }
    DiffParser.Result parsed = DiffParser.parse(diff.toString());
    assertEquals(List.of(), parsed.problems());
    Patch patch = new Patch(PatchMetadata.none(), parsed.files(), "many.patch", diff.toString());
    ReviewPlanner planner = new ReviewPlanner(new CParser());
    RuleEngine engine =
        new RuleEngine(RuleSet.only(RuleCatalog.load(), List.of("terse-identifier")), false);
    ReviewedFile file = planner.patch(patch).get(0);
    // Parsing is not what is timed; the rule's walk and the reporting are. Linear work takes ~2 s
    // here; the limit only has to catch a quadratic walk (minutes), not a busy machine.
    StringWriter out = new StringWriter();
    RuleEngine.Result r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(90),
            () -> {
              RuleEngine.Result result = engine.run(file);
              FindingFormat.named("gcc").write(result.findings(), new PrintWriter(out));
              return result;
            });
    assertEquals(List.of(), r.failures());
    assertEquals(List.of(), r.diagnostics());
    assertEquals(functions * perFunction, r.findings().size());
    assertEquals(functions * perFunction, out.toString().lines().count());
  }
}
