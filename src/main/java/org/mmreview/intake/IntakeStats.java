package org.mmreview.intake;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts over what intake read: every message accounted for. */
public record IntakeStats(
    int messages,
    int patches,
    int replies,
    int repliesWithDiff,
    int coverLetters,
    int skipped,
    Map<String, Integer> skippedByReason,
    int threads,
    int series,
    int completeSeries,
    int seriesFamilies,
    int familiesWithSeveralVersions,
    int patchesTouchingMm,
    int files,
    int hunks,
    Map<String, Integer> warnings) {

  public static IntakeStats of(List<InboxMessage> messages, ThreadGrouper.Grouping g) {
    int patches = 0;
    int replies = 0;
    int repliesWithDiff = 0;
    int covers = 0;
    int skipped = 0;
    int mm = 0;
    int files = 0;
    int hunks = 0;
    Map<String, Integer> byReason = new TreeMap<>();
    Map<String, Integer> warnings = new TreeMap<>();
    for (InboxMessage m : messages) {
      warningKinds(m.warnings(), warnings);
      switch (m.category()) {
        case PATCH -> patches++;
        case REPLY -> {
          replies++;
          if (m.hasDiff()) {
            repliesWithDiff++;
          }
        }
        case COVER_LETTER -> covers++;
        case SKIPPED -> {
          skipped++;
          byReason.merge(m.reason().orElseThrow().text(), 1, Integer::sum);
        }
      }
      if (m.category() == InboxMessage.Category.PATCH) {
        Patch p = m.patch().orElseThrow();
        if (p.touches("mm/")) {
          mm++;
        }
        files += p.files().size();
        hunks += p.files().stream().mapToInt(f -> f.hunks().size()).sum();
      }
    }
    return new IntakeStats(
        messages.size(), patches, replies, repliesWithDiff, covers, skipped, byReason,
        g.threads().size(), g.series().size(),
        (int) g.series().stream().filter(ThreadGrouper.Series::complete).count(),
        g.families().size(),
        (int) g.families().stream().filter(f -> f.versions().size() > 1).count(),
        mm, files, hunks, warnings);
  }

  /** Adds the warnings the mail decoder reported (invalid dates, bad encodings), by kind. */
  public static Map<String, Integer> warningKinds(List<String> warnings, Map<String, Integer> into) {
    for (String w : warnings) {
      String kind = w.replaceAll("'.*'", "'...'");
      if (kind.startsWith("MIME: ")) {
        kind = "MIME: " + kind.substring(6).replaceAll("[0-9]+", "N");
      }
      into.merge(kind, 1, Integer::sum);
    }
    return into;
  }

  /** The text report. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("messages: ").append(messages).append('\n');
    sb.append("  patches: ").append(patches).append(" (touching mm/: ").append(patchesTouchingMm)
        .append("; files: ").append(files).append("; hunks: ").append(hunks).append(")\n");
    sb.append("  replies: ").append(replies).append(" (carrying a diff: ").append(repliesWithDiff).append(")\n");
    sb.append("  cover letters: ").append(coverLetters).append('\n');
    sb.append("  skipped: ").append(skipped).append('\n');
    for (Map.Entry<String, Integer> e : skippedByReason.entrySet()) {
      sb.append("    ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    sb.append("threads: ").append(threads).append('\n');
    sb.append("series: ").append(series).append(" (complete: ").append(completeSeries).append(")\n");
    sb.append("series families: ").append(seriesFamilies).append(" (with several versions: ")
        .append(familiesWithSeveralVersions).append(")\n");
    if (!warnings.isEmpty()) {
      sb.append("decoding warnings (handled):\n");
      for (Map.Entry<String, Integer> e : warnings.entrySet()) {
        sb.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
    }
    return sb.toString();
  }
}
