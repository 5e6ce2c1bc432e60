package org.mmreview.rules.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mmreview.cparse.CParser;
import org.mmreview.report.Finding;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;
import org.mmreview.report.Severity;

/** The escalation of bug-on-recoverable: error only for conditions on the ioctl's arguments. */
class BugOnRecoverableSeverityTest {
  private static final String SOURCE =
      String.join(
          "\n",
          "static int poke(struct userfaultfd_ctx *ctx, unsigned long arg)",
          "{",
          "\tstruct uffdio_poke p_arg;",
          "\tunsigned long dst;",
          "",
          "\tif (copy_from_user(&p_arg, (void __user *)arg, sizeof(p_arg)))",
          "\t\treturn -EFAULT;",
          "\tdst = p_arg.dst;",
          "\tBUG_ON(dst & ~PAGE_MASK);",
          "\treturn fill_range(ctx, dst, p_arg.len);",
          "}",
          "",
          "static int fill_range(struct userfaultfd_ctx *ctx, unsigned long start, unsigned long len)",
          "{",
          "\tunsigned long addr;",
          "",
          "\tVM_BUG_ON(len > TASK_SIZE);",
          "\tfor (addr = start; addr < start + len; addr += PAGE_SIZE)",
          "\t\tBUG_ON(addr >= start + len);",
          "\treturn 0;",
          "}",
          "",
          "long resize_pool(struct pool *pool, int new_min)",
          "{",
          "\tBUG_ON(new_min <= 0);",
          "\tif (!pool)",
          "\t\treturn -EINVAL;",
          "\treturn do_resize(pool, new_min);",
          "}",
          "");

  @Test
  void userArgumentsAreErrorsArgumentChecksWarningsInvariantsSilent() {
    RuleEngine engine = new RuleEngine(RuleSet.only(RuleCatalog.load(), List.of("bug-on-recoverable")), false);
    List<Finding> findings =
        engine.run(new ReviewPlanner(new CParser()).wholeFile("mm/userfaultfd.c", SOURCE)).findings();
    Map<Integer, Severity> byLine = new TreeMap<>();
    findings.forEach(f -> byLine.put(f.location().line(), f.severity()));
    // line 9: a plain copy of a copy_from_user()ed field; line 17: a parameter a same-file caller
    // passes a user value; line 19: a loop cursor (silent); line 25: argument check, no ioctl.
    assertEquals(Map.of(9, Severity.ERROR, 17, Severity.ERROR, 25, Severity.WARNING), byLine);
  }
}
