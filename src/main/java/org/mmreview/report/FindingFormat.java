package org.mmreview.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** An output format over the findings model. Formats never decide exit codes. */
public interface FindingFormat {

  /** Writes the findings, already sorted with {@link Finding#compare}. */
  void write(List<Finding> findings, PrintWriter out);

  /** The format named on the command line ({@code human}, {@code gcc}, {@code json}, {@code sarif}). */
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
      default:
        throw new IllegalArgumentException(
            "unknown format '" + name + "' (expected human, gcc, json or sarif)");
    }
  }
}
