package org.mmreview.rules.checks;

import org.junit.jupiter.api.Test;
import org.mmreview.rules.RuleTestHelper;

/** The escalation of bug-on-recoverable: error only for conditions on the ioctl's arguments. */
class BugOnRecoverableSeverityTest {

  @Test
  void userArgumentsAreErrorsArgumentChecksWarningsInvariantsSilent() {
    RuleTestHelper.forRule("bug-on-recoverable")
        .addSource(
            "mm/userfaultfd.c",
            """
            static int poke(struct userfaultfd_ctx *ctx, unsigned long arg)
            {
            	struct uffdio_poke p_arg;
            	unsigned long dst;

            	if (copy_from_user(&p_arg, (void __user *)arg, sizeof(p_arg)))
            		return -EFAULT;
            	dst = p_arg.dst;
            	/* a plain copy of a copy_from_user()ed field */
            	BUG_ON(dst & ~PAGE_MASK); // expect: bug-on-recoverable:error "user space decides it"
            	return fill_range(ctx, dst, p_arg.len);
            }

            static int fill_range(struct userfaultfd_ctx *ctx, unsigned long start, unsigned long len)
            {
            	unsigned long addr;

            	/* a parameter a same-file caller passes a user value */
            	VM_BUG_ON(len > TASK_SIZE); // expect: bug-on-recoverable:error "user space decides it"
            	/* a loop cursor: silent */
            	for (addr = start; addr < start + len; addr += PAGE_SIZE)
            		BUG_ON(addr >= start + len);
            	return 0;
            }

            long resize_pool(struct pool *pool, int new_min)
            {
            	/* an argument check outside any ioctl: a warning */
            	BUG_ON(new_min <= 0); // expect: bug-on-recoverable:warning "sanity check of the argument"
            	if (!pool)
            		return -EINVAL;
            	return do_resize(pool, new_min);
            }
            """)
        .doTest();
  }
}
