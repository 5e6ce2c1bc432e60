package org.mmreview.rules.checks;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A new {@code static} lock, list or queue (file scope or function scope) named only after its
 * type: {@code static DEFINE_MUTEX(mutex);}, {@code static spinlock_t lock;}, {@code static
 * LIST_HEAD(list);}. A static lives as long as the kernel and is shared by every caller: its name
 * is what a reader greps for and what lockdep prints, and {@code mutex} says neither what it
 * protects nor whose it is.
 *
 * <p>Read from the text of the added lines, so that a hunk shows what it needs: the definition is
 * one line. Locals that are not static, struct members and parameters are not reported (their scope
 * or their struct names them).
 */
public final class GenericStaticName extends FileRule {
  /** Names that say only what the object is, not what it is for. */
  private static final Set<String> GENERIC =
      Set.of(
          "mutex",
          "lock",
          "spinlock",
          "sem",
          "rwsem",
          "semaphore",
          "list",
          "head",
          "wq",
          "wait",
          "waitq",
          "waitqueue",
          "work",
          "timer",
          "xa",
          "idr",
          "ida",
          "completion");

  private static final Pattern DEFINE_MACRO =
      Pattern.compile(
          "^[ \\t]*static[ \\t]+(DEFINE_MUTEX|DEFINE_SPINLOCK|DEFINE_RAW_SPINLOCK|DEFINE_RWLOCK"
              + "|DECLARE_RWSEM|DEFINE_SEMAPHORE|LIST_HEAD|HLIST_HEAD|DECLARE_WAIT_QUEUE_HEAD"
              + "|DECLARE_WORK|DECLARE_DELAYED_WORK|DEFINE_TIMER|DEFINE_IDR|DEFINE_IDA"
              + "|DEFINE_XARRAY(?:_ALLOC1?|_FLAGS)?|DECLARE_COMPLETION)[ \\t]*\\([ \\t]*(\\w+)[ \\t]*[,)]",
          Pattern.MULTILINE);

  private static final Pattern TYPED =
      Pattern.compile(
          "^[ \\t]*static[ \\t]+((?:struct[ \\t]+(?:mutex|semaphore|rw_semaphore|list_head|hlist_head"
              + "|wait_queue_head|work_struct|delayed_work|timer_list|xarray|idr|ida|completion))"
              + "|spinlock_t|raw_spinlock_t|rwlock_t|wait_queue_head_t)[ \\t]+(\\w+)[ \\t]*[;=]",
          Pattern.MULTILINE);

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    String p = "/" + file.path();
    if (!(p.endsWith(".c") || p.endsWith(".h")) || p.contains("/tools/")) {
      return;
    }
    for (CompilationUnit unit : file.units()) {
      String source = unit.source();
      for (Pattern pattern : new Pattern[] {DEFINE_MACRO, TYPED}) {
        Matcher m = pattern.matcher(source);
        // Both patterns start a line with `static`: tried only where a line does (found by
        // indexOf), not at every line of every reviewed file as find() would.
        for (int s = source.indexOf("static"); s >= 0; s = source.indexOf("static", s + 1)) {
          int lineStart = lineStart(source, s);
          if (lineStart < 0) {
            continue;
          }
          m.region(lineStart, source.length());
          if (!m.lookingAt()) {
            continue;
          }
          String name = m.group(2);
          // `lock` names a function's own static lock well enough (mm/swap.c's
          // lru_add_drain_all()); at file scope it could be anything's.
          boolean fileScope = m.group().charAt(0) == 's';
          if (!GENERIC.contains(name) || (name.equals("lock") && !fileScope)) {
            continue;
          }
          Range at = Range.of(source, m.start(2), m.end(2));
          int line = at.beginLine() + unit.range().beginLine() - 1;
          if (!file.isAdded(line) || insideComment(unit, unit.sourceOffset() + m.start(2))) {
            continue;
          }
          ctx.at(
                  new Range(
                      line,
                      at.beginColumn(),
                      line,
                      at.endColumn(),
                      unit.sourceOffset() + m.start(2),
                      unit.sourceOffset() + m.end(2)))
              .arg("name", name)
              .arg("type", m.group(1).replaceAll("[ \\t]+", " "))
              .report();
        }
      }
    }
  }

  /**
   * Where the line holding {@code at} starts, when only blanks come before {@code at} on it (where
   * {@code ^[ \t]*} under MULTILINE could match); -1 otherwise.
   */
  private static int lineStart(String source, int at) {
    int i = at;
    while (i > 0 && (source.charAt(i - 1) == ' ' || source.charAt(i - 1) == '\t')) {
      i--;
    }
    if (i == 0) {
      return 0;
    }
    char c = source.charAt(i - 1);
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029' ? i : -1;
  }

  private static boolean insideComment(CompilationUnit unit, int offset) {
    return unit.comments().stream()
        .anyMatch(c -> c.range().beginOffset() <= offset && offset < c.range().endOffset());
  }
}
