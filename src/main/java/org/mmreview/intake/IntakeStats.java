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
    Counter c = new Counter();
    messages.forEach(c::add);
    return c.finish(g);
  }

  /** Counts messages one at a time, as an archive streams by; {@link #finish} adds the grouping. */
  public static final class Counter {
    private int messages;
    private int patches;
    private int replies;
    private int repliesWithDiff;
    private int covers;
    private int skipped;
    private int mm;
    private int files;
    private int hunks;
    private final Map<String, Integer> byReason = new TreeMap<>();
    private final Map<String, Integer> warnings = new TreeMap<>();

    public void add(InboxMessage m) {
      messages++;
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

    public IntakeStats finish(ThreadGrouper.Grouping g) {
      return new IntakeStats(
          messages,
          patches,
          replies,
          repliesWithDiff,
          covers,
          skipped,
          new TreeMap<>(byReason),
          g.threads().size(),
          g.series().size(),
          (int) g.series().stream().filter(ThreadGrouper.Series::complete).count(),
          g.families().size(),
          (int) g.families().stream().filter(f -> f.versions().size() > 1).count(),
          mm,
          files,
          hunks,
          new TreeMap<>(warnings));
    }
  }

  /** Adds the warnings the mail decoder reported (invalid dates, bad encodings), by kind. */
  public static Map<String, Integer> warningKinds(
      List<String> warnings, Map<String, Integer> into) {
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
    sb.append("  patches: ")
        .append(patches)
        .append(" (touching mm/: ")
        .append(patchesTouchingMm)
        .append("; files: ")
        .append(files)
        .append("; hunks: ")
        .append(hunks)
        .append(")\n");
    sb.append("  replies: ")
        .append(replies)
        .append(" (carrying a diff: ")
        .append(repliesWithDiff)
        .append(")\n");
    sb.append("  cover letters: ").append(coverLetters).append('\n');
    sb.append("  skipped: ").append(skipped).append('\n');
    for (Map.Entry<String, Integer> e : skippedByReason.entrySet()) {
      sb.append("    ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    sb.append("threads: ").append(threads).append('\n');
    sb.append("series: ")
        .append(series)
        .append(" (complete: ")
        .append(completeSeries)
        .append(")\n");
    sb.append("series families: ")
        .append(seriesFamilies)
        .append(" (with several versions: ")
        .append(familiesWithSeveralVersions)
        .append(")\n");
    if (!warnings.isEmpty()) {
      sb.append("decoding warnings (handled):\n");
      for (Map.Entry<String, Integer> e : warnings.entrySet()) {
        sb.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
    }
    return sb.toString();
  }
}
