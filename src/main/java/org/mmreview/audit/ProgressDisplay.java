package org.mmreview.audit;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How a run shows its progress: a bar on a terminal (messages done, rate, ETA, by
 * me.tongfei:progressbar), one line per thousand messages otherwise (a log, a pipe, CI), nothing at
 * all when quiet.
 */
public final class ProgressDisplay {
  private ProgressDisplay() {}

  /** A bar on standard error. */
  public static AuditRun.Progress bar() {
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("audit")
            .setInitialMax(0)
            .setStyle(ProgressBarStyle.ASCII)
            .setUnit(" msg", 1)
            .showSpeed()
            .setUpdateIntervalMillis(500)
            .build();
    return new AuditRun.Progress() {
      private long max;

      @Override
      public void expect(long more) {
        max += more;
        bar.maxHint(max);
      }

      @Override
      public void update(long done, long reviewed, long skipped, long failed, long unchanged) {
        bar.stepTo(done);
        bar.setExtraMessage(
            reviewed
                + " reviewed, "
                + skipped
                + " skipped, "
                + failed
                + " failed"
                + (unchanged > 0 ? ", " + unchanged + " unchanged" : ""));
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }

  /** One line per {@code every} messages on {@code err}. */
  public static AuditRun.Progress lines(PrintWriter err, long every) {
    return new AuditRun.Progress() {
      private final long start = System.nanoTime();
      private long max;
      private long nextLine = every;

      @Override
      public void expect(long more) {
        max += more;
      }

      @Override
      public void update(long done, long reviewed, long skipped, long failed, long unchanged) {
        if (done < nextLine) {
          return;
        }
        nextLine = (done / every + 1) * every;
        double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        err.printf(
            "mmreview: audit: %d%s messages (%d reviewed, %d skipped, %d failed, %d unchanged),"
                + " %.0f/s%n",
            done, max > 0 ? "/" + max : "", reviewed, skipped, failed, unchanged, done / secs);
        err.flush();
      }

      @Override
      public void close() {}
    };
  }

  /** Nothing. */
  public static AuditRun.Progress none() {
    return new AuditRun.Progress() {
      @Override
      public void expect(long more) {}

      @Override
      public void update(long done, long reviewed, long skipped, long failed, long unchanged) {}

      @Override
      public void close() {}
    };
  }
}
