package org.mmreview.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.IntakeDiagnostic;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchSource;
import org.mmreview.intake.SeriesPosition;
import org.mmreview.report.Baseline;
import org.mmreview.report.FileContext;
import org.mmreview.report.Finding;
import org.mmreview.report.FindingFormat;
import org.mmreview.report.Lifecycle;
import org.mmreview.report.RunSummary;
import org.mmreview.report.Severity;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;
import org.mmreview.series.FamilyHistory;
import org.mmreview.series.PatchReview;
import org.mmreview.series.PatchReviewer;
import org.mmreview.series.ReviewProblem;
import org.mmreview.series.SeriesReviewer;

/**
 * One review run ({@code check}, {@code baseline write}): each patch is reviewed and its findings
 * written as soon as intake delivers it, so output appears as it is produced and memory does not
 * grow with the input. Every input is counted as reviewed, skipped, an input error or an internal
 * failure.
 */
final class ReviewRun implements PatchSource.Sink {

  /**
   * How the run filters and tells what it found.
   *
   * @param threshold findings at or above it fail the run; null for none
   * @param shown {@code --min-severity}: findings below it are counted, not shown
   * @param quiet no notes on standard error
   * @param gcc the gcc format, whose hunk-only note and summary go to standard error
   * @param requireBase a hunk-only file is an input error
   * @param selects the files of a patch to review ({@code --path})
   * @param baseline findings accepted as they are, hidden by fingerprint
   * @param baselineFile where the baseline came from, for the notes
   * @param ruleIds the rules that run (a baseline entry of another rule is not stale)
   * @param severities the configuration's severity overrides, by rule id
   * @param showPreExisting show findings found in the pre-image too, labelled
   */
  record Settings(
      Severity threshold,
      Severity shown,
      boolean quiet,
      boolean gcc,
      boolean requireBase,
      Predicate<String> selects,
      Optional<Baseline> baseline,
      Path baselineFile,
      Set<String> ruleIds,
      Map<String, Severity> severities,
      boolean showPreExisting) {}

  private final PatchReviewer reviewer;
  private final SeriesReviewer series;
  private final FamilyHistory families = new FamilyHistory(FAMILIES);
  private final FindingFormat format;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Settings settings;
  private FindingFormat.Output doc;
  private int reviewed;
  private int skipped;
  private int inputErrors;
  private int internalFailures;
  private boolean failing;
  private int belowShown;
  private int inBaseline;
  private int preExisting;

  /**
   * Baseline fingerprints met this run, and the files of baseline entries reviewed: bounded by the
   * baseline.
   */
  private final Set<String> baselineMet = new HashSet<>();

  private final Set<String> baselineFilesReviewed = new HashSet<>();
  private final Set<String> baselineFiles = new HashSet<>();

  ReviewRun(
      ReviewPlanner planner,
      RuleEngine engine,
      FindingFormat format,
      PrintWriter out,
      PrintWriter err,
      Settings settings) {
    this.reviewer = new PatchReviewer(planner, engine);
    this.series = new SeriesReviewer(reviewer);
    this.format = format;
    this.out = out;
    this.err = err;
    this.settings = settings;
    settings.baseline().ifPresent(b -> b.entries().forEach(e -> baselineFiles.add(e.file())));
  }

  /** The ids of a rule set's rules. */
  static Set<String> ids(RuleSet rules) {
    Set<String> ids = new HashSet<>();
    rules.entries().forEach(e -> ids.add(e.metadata().id()));
    return ids;
  }

  /** Reviews C file {@code f} (named as given, read relative to {@code cwd}) as a whole. */
  void reviewSourceFile(Path cwd, Path f) {
    String text;
    try {
      text = SourceFiles.read(cwd.resolve(f));
    } catch (SourceFiles.InputException e) {
      inputError(f.toString(), e.getMessage());
      return;
    }
    Optional<String> refused = CParser.checkInput(text);
    if (refused.isPresent()) {
      inputError(f.toString(), refused.get());
      return;
    }
    reviewed++;
    PatchReview r = reviewer.wholeFile(f.toString(), text);
    tell(r);
    emit(r.contexts(), r.findings());
  }

  @Override
  public void message(InboxMessage m) {
    if (m.category() != InboxMessage.Category.PATCH) {
      skipped++;
    }
  }

  /**
   * Reviews a patch as it arrives and tells its problems at once. A patch of a series is reviewed
   * as part of it, and its findings are held until the series ends (its last patch arrived), since
   * a later patch may fix what an earlier one brought: what is held is bounded by one series' (at
   * most {@link #OPEN_SERIES} interleaved series' in an archive) findings.
   */
  @Override
  public void patch(Patch p) {
    reviewed++;
    SeriesPosition position = p.series();
    if (!position.inSeries()) {
      PatchReview r = reviewer.review(p, settings.selects());
      tell(r);
      hunkOnly(p.source(), r.contexts());
      emitVersion(position, List.of(r));
      return;
    }
    OpenSeries open = openSeries.get(position.key());
    if (open == null) {
      if (openSeries.size() >= OPEN_SERIES) {
        // the oldest series still waiting for a patch: its missing patches are not coming soon
        String eldest = openSeries.keySet().iterator().next();
        close(eldest);
      }
      open = new OpenSeries(series.start(position.total(), settings.selects()), position);
      openSeries.put(position.key(), open);
    }
    PatchReview r = open.series().add(p);
    tell(r);
    hunkOnly(p.source(), r.contexts());
    if (open.series().complete()) {
      close(position.key());
    }
  }

  /** A series being reviewed and where its first patch placed it (its family and version). */
  private record OpenSeries(SeriesReviewer.Series series, SeriesPosition position) {}

  /** How many series may wait for their next patch at once (an archive interleaves postings). */
  static final int OPEN_SERIES = 16;

  /** How many series families' fingerprints a run keeps for version labels. */
  static final int FAMILIES = 20_000;

  private final Map<String, OpenSeries> openSeries = new LinkedHashMap<>();

  private void close(String key) {
    OpenSeries open = openSeries.remove(key);
    emitVersion(open.position(), open.series().finish());
  }

  /**
   * Emits one version of a series (or one patch on its own), its findings labelled across the
   * versions of its family the run met before, and a note for what it fixed of the version before.
   */
  private void emitVersion(SeriesPosition position, List<PatchReview> reviews) {
    FamilyHistory.Labelled l = families.version(position.family(), position.version(), reviews);
    for (PatchReview r : l.reviews()) {
      emit(r.contexts(), r.findings());
    }
    if (!settings.quiet() && !l.fixed().isEmpty() && !l.reviews().isEmpty()) {
      for (String fixed : l.fixed()) {
        err.println("mmreview: " + l.reviews().get(0).source() + ": " + fixed);
      }
    }
  }

  /** Prints and counts what a review met besides its findings. */
  private void tell(PatchReview r) {
    for (ReviewProblem problem : r.problems()) {
      switch (problem.kind()) {
        case INPUT_ERROR -> {
          err.println("mmreview: " + problem.text());
          inputErrors++;
        }
        case INTERNAL_FAILURE -> {
          err.println("mmreview: " + problem.text());
          internalFailures++;
        }
        case NOTE -> {
          if (!settings.quiet()) {
            err.println("mmreview: " + problem.text());
          }
        }
      }
    }
  }

  /**
   * What a hunk-only review adds on standard error: gcc's output is read line by line as findings
   * (editors' error formats, scripts counting lines), so its one note per input goes to standard
   * error, as gcc's own notes without a line do ({@code --quiet} drops it with the other notes);
   * with {@code --require-base} a hunk-only file is an input error.
   */
  private void hunkOnly(String input, List<FileContext> contexts) {
    List<FileContext> partial = contexts.stream().filter(c -> !c.wholeFile()).toList();
    if (partial.isEmpty()) {
      return;
    }
    if (settings.gcc() && !settings.quiet()) {
      err.println(
          input
              + ": note: hunk-only review of "
              + String.join(", ", partial.stream().map(FileContext::file).toList())
              + " ("
              + partial.get(0).reason()
              + ")");
    }
    if (settings.requireBase()) {
      for (FileContext c : partial) {
        inputError(
            input, c.file() + ": hunk-only review refused by --require-base (" + c.reason() + ")");
      }
    }
  }

  @Override
  public void note(String input, String text) {
    if (!settings.quiet()) {
      err.println("mmreview: " + input + ": " + text);
    }
  }

  @Override
  public void diagnostic(IntakeDiagnostic d) {
    if (d.kind() != IntakeDiagnostic.Kind.SKIPPED || !settings.quiet()) {
      err.println("mmreview: " + d.input() + ": " + d.reason());
    }
    switch (d.kind()) {
      case ERROR -> inputErrors++;
      case INTERNAL -> internalFailures++;
      case SKIPPED -> {}
    }
  }

  private void emit(List<FileContext> contexts, List<Finding> found) {
    if (found.isEmpty() && contexts.isEmpty()) {
      return;
    }
    err.flush();
    document().reviewed(contexts);
    for (FileContext c : contexts) {
      if (baselineFiles.contains(c.file())) {
        baselineFilesReviewed.add(c.file());
      }
    }
    List<Finding> shown = new ArrayList<>(found.size());
    for (Finding f : found) {
      Severity override = settings.severities().get(f.ruleId());
      if (override != null && f.lifecycle() != Lifecycle.FIXED_LATER) {
        f = f.withSeverity(override);
      }
      if (settings.baseline().isPresent() && settings.baseline().get().contains(f.fingerprint())) {
        baselineMet.add(f.fingerprint());
        inBaseline++;
      } else if (f.lifecycle() == Lifecycle.PRE_EXISTING && !settings.showPreExisting()) {
        preExisting++;
      } else if (!f.severity().atLeast(settings.shown())) {
        belowShown++;
      } else {
        shown.add(f);
      }
    }
    if (shown.isEmpty()) {
      return;
    }
    shown.sort(Finding::compare);
    document().add(shown);
    if (settings.threshold() != null) {
      failing |= shown.stream().anyMatch(x -> x.severity().atLeast(settings.threshold()));
    }
  }

  /** The output document, opened with the first findings or at the end of a run. */
  private FindingFormat.Output document() {
    if (doc == null) {
      doc = format.start(out);
    }
    return doc;
  }

  private void inputError(String input, String reason) {
    err.println("mmreview: " + input + ": " + reason);
    inputErrors++;
  }

  /**
   * Closes the document, tells what was hidden and what of the baseline went stale; the exit
   * status.
   */
  int finish() {
    while (!openSeries.isEmpty()) {
      close(openSeries.keySet().iterator().next());
    }
    int status =
        internalFailures > 0
            ? ExitCodes.INTERNAL_ERROR
            : inputErrors > 0 ? ExitCodes.INPUT_ERROR : failing ? ExitCodes.FINDINGS : ExitCodes.OK;
    RunSummary summary = new RunSummary(reviewed, skipped, inputErrors, internalFailures, status);
    if (reviewed > 0 || doc != null) {
      // A run that reviewed nothing prints nothing on stdout: its diagnostics say why.
      document().finish(summary);
    }
    if (settings.gcc()
        && !settings.quiet()
        && (skipped > 0 || inputErrors > 0 || internalFailures > 0)) {
      err.println("mmreview: " + summary.render());
    }
    if (!settings.quiet()) {
      if (belowShown > 0) {
        err.println(
            "mmreview: "
                + findings(belowShown)
                + " below --min-severity="
                + settings.shown().label()
                + " not shown");
      }
      if (preExisting > 0) {
        err.println(
            "mmreview: "
                + preExisting
                + " pre-existing finding"
                + (preExisting == 1 ? "" : "s")
                + " not shown (--show pre-existing shows "
                + (preExisting == 1 ? "it" : "them")
                + ")");
      }
      if (inBaseline > 0) {
        err.println(
            "mmreview: "
                + findings(inBaseline)
                + " in the baseline not shown ("
                + settings.baselineFile()
                + ")");
      }
      settings.baseline().ifPresent(this::stale);
    }
    err.flush();
    return status;
  }

  /**
   * The baseline's entries this run could have met (their file was reviewed, their rule ran) and
   * did not: the finding was fixed or its evidence changed, and the entry can go.
   */
  private void stale(Baseline b) {
    List<Baseline.Entry> stale =
        b.entries().stream()
            .filter(
                e ->
                    baselineFilesReviewed.contains(e.file())
                        && settings.ruleIds().contains(e.rule())
                        && !baselineMet.contains(e.fingerprint()))
            .toList();
    if (stale.isEmpty()) {
      return;
    }
    err.println(
        "mmreview: "
            + settings.baselineFile()
            + ": "
            + stale.size()
            + " stale baseline "
            + (stale.size() == 1 ? "entry" : "entries")
            + ", not found this run:");
    for (Baseline.Entry e : stale) {
      err.println("mmreview:   " + e.describe());
    }
  }

  private static String findings(int n) {
    return n + " finding" + (n == 1 ? "" : "s");
  }
}
