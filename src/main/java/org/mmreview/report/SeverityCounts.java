package org.mmreview.report;

import java.util.List;

/** Findings per severity, counted as batches stream by. */
final class SeverityCounts {
  int errors;
  int warnings;
  int infos;

  void add(List<Finding> batch) {
    for (Finding f : batch) {
      switch (f.severity().name()) {
        case "ERROR" -> errors++;
        case "WARNING" -> warnings++;
        default -> infos++;
      }
    }
  }
}
