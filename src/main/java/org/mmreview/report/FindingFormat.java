package org.mmreview.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An output format over the findings model. Formats never decide exit codes.
 *
 * <p>A run streams: {@link #start} opens the document, each reviewed input adds its findings as
 * soon as it is reviewed, and {@link Output#finish} closes the document with the run's counts.
 * Nothing but the per-severity counts is kept between batches.
 */
public interface FindingFormat {

  /** The document being written. */
  interface Output {
    /**
     * The files of one reviewed input and how much of each the rules saw; called before that
     * input's {@link #add}, even when it has no findings. Formats that say nothing of it ignore it.
     */
    default void reviewed(List<FileContext> files) {}

    /** The findings of one reviewed input, already sorted with {@link Finding#compare}. */
    void add(List<Finding> batch);

    /** Ends the document. */
    void finish(RunSummary summary);
  }

  /**
   * Opens a document on {@code out}. The default buffers every finding and writes them with {@link
   * #write} at the end, for formats that need the whole run at once.
   */
  default Output start(PrintWriter out) {
    List<Finding> all = new ArrayList<>();
    return new Output() {
      @Override
      public void add(List<Finding> batch) {
        all.addAll(batch);
      }

      @Override
      public void finish(RunSummary summary) {
        write(all, out);
      }
    };
  }

  /** Writes a finished list of findings, already sorted with {@link Finding#compare}. */
  default void write(List<Finding> findings, PrintWriter out) {
    Output o = start(out);
    o.add(findings);
    o.finish(RunSummary.UNKNOWN);
  }

  /**
   * The format named on the command line ({@code human}, {@code gcc}, {@code json}, {@code sarif}).
   */
  static FindingFormat named(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "human":
        return new HumanFormat();
      case "gcc":
        return new GccFormat();
      case "json":
        return new JsonFormat();
      case "sarif":
        return new SarifFormat();
      case "checkpatch":
        return new CheckpatchFormat();
      default:
        throw new IllegalArgumentException(
            "unknown format '" + name + "' (expected human, gcc, json, sarif or checkpatch)");
    }
  }
}
