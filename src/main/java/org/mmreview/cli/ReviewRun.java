package org.mmreview.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
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
import org.mmreview.report.Baseline;
import org.mmreview.report.FileContext;
import org.mmreview.report.Finding;
import org.mmreview.report.FindingFormat;
import org.mmreview.report.Lifecycle;
import org.mmreview.report.RunSummary;
import org.mmreview.report.Severity;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;

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

  private final ReviewPlanner planner;
  private final RuleEngine engine;
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
    this.planner = planner;
    this.engine = engine;
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

  void reviewSourceFile(Path f) {
    String text;
    try {
      text = SourceFiles.read(f);
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
    List<Finding> found = new ArrayList<>();
    try {
      collect(engine.run(planner.wholeFile(f.toString(), text)), found);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      internalFailure(f.toString(), "file skipped", e);
    }
    emit(List.of(new FileContext(f.toString(), "", true, "", "")), found);
  }

  @Override
  public void message(InboxMessage m) {
    if (m.category() != InboxMessage.Category.PATCH) {
      skipped++;
    }
  }

  @Override
  public void patch(Patch p) {
    reviewed++;
    List<Finding> found = new ArrayList<>();
    List<FileContext> contexts = new ArrayList<>();
    try {
      for (ReviewedFile rf : planner.patch(p)) {
        if (settings.selects().test(rf.path())) {
          contexts.add(
              rf.partial()
                  ? FileContext.hunks(rf.path(), p.source(), p.base())
                  : new FileContext(rf.path(), p.source(), true, p.base(), ""));
          List<Finding> inFile = new ArrayList<>();
          collect(engine.run(rf), inFile);
          found.addAll(labelled(rf, inFile));
        }
      }
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // One patch that trips a defect of ours is reported and counted; the rest go on.
      internalFailure(p.source(), "patch skipped", e);
    }
    hunkOnly(p.source(), contexts);
    emit(contexts, found);
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

  /**
   * The findings of a patched file labelled {@code introduced} or {@code pre-existing}: in a
   * whole-file review the rules run on the whole pre-image too, and a fingerprint found there was
   * not brought by the patch. A hunk-only review reports only what touches added lines, all
   * introduced. A rule failing on the pre-image is a failure like any other.
   */
  private List<Finding> labelled(ReviewedFile rf, List<Finding> found) {
    Set<String> before = new HashSet<>();
    if (!found.isEmpty()) {
      rf.preImageFile()
          .ifPresent(
              pre -> {
                RuleEngine.Result r = engine.run(pre);
                r.findings().forEach(f -> before.add(f.fingerprint()));
                for (String d : r.failures()) {
                  err.println("mmreview: " + d + " (before the patch)");
                  internalFailures++;
                }
              });
    }
    List<Finding> out = new ArrayList<>(found.size());
    for (Finding f : found) {
      out.add(
          f.withLifecycle(
              before.contains(f.fingerprint()) ? Lifecycle.PRE_EXISTING : Lifecycle.INTRODUCED));
    }
    return out;
  }

  private void collect(RuleEngine.Result r, List<Finding> into) {
    into.addAll(r.findings());
    for (String d : r.diagnostics()) {
      err.println("mmreview: " + d);
      inputErrors++;
    }
    if (!settings.quiet()) {
      for (String d : r.notes()) {
        err.println("mmreview: " + d);
      }
    }
    for (String d : r.failures()) {
      err.println("mmreview: " + d);
      internalFailures++;
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
      if (override != null) {
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

  private void internalFailure(String input, String what, Throwable e) {
    err.println("mmreview: " + input + ": internal error, " + what + ": " + e);
    internalFailures++;
  }

  /**
   * Closes the document, tells what was hidden and what of the baseline went stale; the exit
   * status.
   */
  int finish() {
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
