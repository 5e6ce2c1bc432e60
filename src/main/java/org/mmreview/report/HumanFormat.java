package org.mmreview.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reviewer-facing format: the finding, the source line with a {@code ^^^} marker under the
 * evidence, the related locations, the fix and the precedent.
 *
 * <p>In colour (for a terminal; the caller decides) it marks up as GCC does: the location in bold,
 * the severity in its colour (error red, warning magenta, info cyan), the marker green. Without the
 * summary line (for hooks), only the findings are written.
 *
 * <p>Within each reviewed input, errors and warnings come first; info findings follow, at most
 * {@link #infoCap} per file when a cap is set, and a line counts the rest, so a patch with hundreds
 * of notes does not bury its one warning.
 */
public final class HumanFormat implements FindingFormat {
  private static final String RESET = "\033[m";
  private static final String BOLD = "\033[1m";
  private static final String RED = "\033[1;31m";
  private static final String MAGENTA = "\033[1;35m";
  private static final String CYAN = "\033[1;36m";
  private static final String GREEN = "\033[1;32m";

  /** The info findings shown per file and input when {@code check} caps them. */
  public static final int DEFAULT_INFO_CAP = 5;

  private final boolean colour;
  private final boolean summary;
  private final int infoCap;

  public HumanFormat() {
    this(false, true, 0);
  }

  private HumanFormat(boolean colour, boolean summary, int infoCap) {
    this.colour = colour;
    this.summary = summary;
    this.infoCap = infoCap;
  }

  /** This format with ANSI colours on or off. */
  public HumanFormat colored(boolean on) {
    return new HumanFormat(on, summary, infoCap);
  }

  /** This format with or without the closing {@code total:} line. */
  public HumanFormat withSummary(boolean on) {
    return new HumanFormat(colour, on, infoCap);
  }

  /** This format showing at most {@code cap} info findings per file and input; 0: all. */
  public HumanFormat withInfoCap(int cap) {
    return new HumanFormat(colour, summary, Math.max(0, cap));
  }

  @Override
  public Output start(PrintWriter out) {
    SeverityCounts counts = new SeverityCounts();
    return new Output() {
      @Override
      public void reviewed(List<FileContext> files) {
        // A hunk-only review says so even when it finds nothing: silence would read as "clean".
        // One line per input and reason, however many files: a six-file patch is one notice.
        Map<String, List<FileContext>> byReason = new LinkedHashMap<>();
        for (FileContext c : files) {
          if (!c.wholeFile()) {
            byReason.computeIfAbsent(c.origin() + "\0" + c.reason(), k -> new ArrayList<>()).add(c);
          }
        }
        for (List<FileContext> same : byReason.values()) {
          FileContext first = same.get(0);
          List<String> names = same.stream().map(FileContext::file).toList();
          String shown =
              names.size() <= 3
                  ? String.join(", ", names)
                  : String.join(", ", names.subList(0, 3))
                      + " and "
                      + (names.size() - 3)
                      + " more files";
          out.println(paint(BOLD, shown + first.hunkOnlyNote().substring(first.file().length())));
          out.println();
        }
        out.flush();
      }

      @Override
      public void add(List<Finding> batch) {
        counts.add(batch);
        Map<String, List<Finding>> infos = new LinkedHashMap<>();
        for (Finding f : batch) {
          if (f.severity() == Severity.INFO) {
            infos.computeIfAbsent(f.location().file(), k -> new ArrayList<>()).add(f);
          } else {
            print(f, out);
          }
        }
        infos.forEach(
            (file, list) -> {
              int shown = infoCap == 0 ? list.size() : Math.min(infoCap, list.size());
              list.subList(0, shown).forEach(f -> print(f, out));
              if (shown < list.size()) {
                out.println(
                    "... and "
                        + (list.size() - shown)
                        + " more info findings in "
                        + file
                        + " (--all-infos to show them)");
                out.println();
              }
            });
        out.flush();
      }

      @Override
      public void finish(RunSummary run) {
        if (summary) {
          out.println(summary(counts, run));
        }
        out.flush();
      }
    };
  }

  private void print(Finding f, PrintWriter out) {
    {
      Location l = f.location();
      String patchRef =
          f.patchLine().isPresent() ? " (patch line #" + f.patchLine().getAsInt() + ")" : "";
      out.println(
          paint(BOLD, l.file() + ":" + l.line() + ":" + l.column() + patchRef + ":")
              + " "
              + paint(severityColour(f), f.severity().name().toLowerCase(Locale.ROOT))
              + " ["
              + f.ruleId()
              + "] "
              + label(f)
              + f.message());
      if (!f.sourceLine().isEmpty()) {
        String gutter = String.format(Locale.ROOT, "%6d | ", l.line());
        out.println(gutter + expandTabs(f.sourceLine()));
        out.println(
            " ".repeat(gutter.length() - 2) + "| " + paint(GREEN, marker(f.sourceLine(), l)));
      }
      for (Location r : f.related()) {
        out.println(
            "    "
                + paint(CYAN, "note:")
                + " "
                + r.file()
                + ":"
                + r.line()
                + ":"
                + r.column()
                + ": "
                + r.label());
      }
      if (!f.fix().isEmpty()) {
        out.println("    fix: " + f.fix().strip().replace("\n", "\n         "));
      }
      if (!f.precedent().isEmpty()) {
        out.println("    precedent: " + f.precedent().strip());
      }
      if (!f.origin().isEmpty()) {
        out.println("    in: " + f.origin());
      }
      if (f.partialContext()) {
        out.println("    context: only the patch hunks were seen, not the whole function");
      }
      out.println();
    }
  }

  /**
   * {@code [pre-existing] } for a finding the patch did not bring, {@code [fixed by patch 3/3] }
   * for one a later patch of its series fixed, then {@code [still present since v2] } across
   * versions; nothing for a plain introduced finding.
   */
  static String label(Finding f) {
    StringBuilder b = new StringBuilder();
    if (f.lifecycle() == Lifecycle.FIXED_LATER) {
      b.append("[fixed by patch ").append(f.fixedBy()).append("] ");
    } else if (f.lifecycle() != Lifecycle.INTRODUCED && f.lifecycle().known()) {
      b.append('[').append(f.lifecycle().label()).append("] ");
    }
    if (!f.versionLabel().isEmpty()) {
      b.append('[').append(f.versionLabel()).append("] ");
    }
    return b.toString();
  }

  private String paint(String code, String text) {
    return colour ? code + text + RESET : text;
  }

  private static String severityColour(Finding f) {
    return switch (f.severity()) {
      case ERROR -> RED;
      case WARNING -> MAGENTA;
      default -> CYAN;
    };
  }

  static String summary(SeverityCounts c, RunSummary run) {
    return "total: "
        + c.errors
        + " errors, "
        + c.warnings
        + " warnings, "
        + c.infos
        + " infos"
        + (run.known() ? " (" + run.render() + ")" : "");
  }

  /**
   * Tabs become 8-column stops so the marker lines up in a terminal (and in a mail, whatever the
   * reader's tab width: the bot's replies use it too).
   */
  public static String expandTabs(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\t') {
        do {
          b.append(' ');
        } while (b.length() % 8 != 0);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Carets under columns [column, endColumn) of the raw line, in tab-expanded positions. */
  static String marker(String line, Location l) {
    int from = Math.min(l.column() - 1, line.length());
    int to = Math.min(Math.max(l.endColumn() - 1, from + 1), Math.max(line.length(), from + 1));
    int start = expandTabs(line.substring(0, from)).length();
    int width =
        Math.max(1, expandTabs(line.substring(0, Math.min(to, line.length()))).length() - start);
    return " ".repeat(start) + "^".repeat(width);
  }
}
