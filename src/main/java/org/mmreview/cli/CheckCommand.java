package org.mmreview.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.IntakeDiagnostic;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchSource;
import org.mmreview.report.FileContext;
import org.mmreview.report.Finding;
import org.mmreview.report.FindingFormat;
import org.mmreview.report.GccFormat;
import org.mmreview.report.HumanFormat;
import org.mmreview.report.RunSummary;
import org.mmreview.report.SarifFormat;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleMetadata;
import org.mmreview.rules.RuleCatalogException;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;
import org.mmreview.report.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmreview check}: reviews patches (or, with {@code --all}, whole C files) and reports
 * findings as each input is reviewed. Exit status: 3 when mmreview failed on anything (the
 * failure contained, the rest reviewed), else 2 when any input could not be read, else 1 for
 * findings at or above {@code --fail-on}, else 0.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Review patches (files, mails, mboxes, --git, --staged) or, with --all, whole C files.",
    },
    exitCodeListHeading = "%nExit status (the first that applies):%n",
    exitCodeList = {
      "3:internal error: mmreview failed on some input (contained; the rest was reviewed)",
      "2:usage or input error: an input, message or hunk could not be read",
      "1:findings at or above --fail-on",
      "0:nothing at or above --fail-on"
    })
public final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand Main parent;

  @Mixin PatchInputOptions input;

  @Mixin ReportOptions report;

  @Parameters(paramLabel = "FILE", description = "Patch, diff, .eml or mbox files (- for standard input); C files with --all.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--all", description = "Report over whole files, not only the lines a patch adds.")
  boolean all;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      defaultValue = "human",
      description = "human, gcc (file:line:col: severity: message [rule]), json or sarif (SARIF 2.1.0).")
  String format;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      defaultValue = "error",
      description = "Exit 1 when a finding is at or above this: error, warning, info or none.")
  String failOn;

  @Option(
      names = "--column-unit",
      paramLabel = "UNIT",
      defaultValue = "display",
      description = "Columns of --format=gcc: display (tabs to 8, as GCC 11+ and Emacs) or byte (Vim's %%c).")
  String columnUnit;

  @Option(names = "--rule", paramLabel = "ID", description = "Run only these rules (repeatable).")
  List<String> ruleIds = new ArrayList<>();

  @Option(
      names = "--ignore",
      paramLabel = "ID",
      description = "Do not run this rule (repeatable), as checkpatch's --ignore.")
  List<String> ignoreIds = new ArrayList<>();

  @Option(
      names = "--min-severity",
      paramLabel = "SEVERITY",
      defaultValue = "info",
      description = "Show only findings at or above this: error, warning or info. Hidden findings do not count for --fail-on.")
  String minSeverity;

  @Option(
      names = "--require-base",
      description = "Exit 2 when a file could only be reviewed from its hunks (no base tree, or the patch did not apply).")
  boolean requireBase;

  @Option(
      names = "--enable-rule",
      paramLabel = "ID",
      description = "Run this rule too, when it is off by default (repeatable; see 'mmreview rules').")
  List<String> enabledIds = new ArrayList<>();

  @Option(
      names = "--all-infos",
      description = "In the human format, show every info finding (default: errors and warnings first, then at most "
          + HumanFormat.DEFAULT_INFO_CAP + " infos per file and patch, and a count of the rest).")
  boolean allInfos;

  @Override
  public Integer call() {
    Host host = Main.host(parent);
    PrintWriter err = spec.commandLine().getErr();
    FindingFormat fmt;
    Severity threshold;
    Severity shown;
    RuleSet rules;
    try {
      fmt = FindingFormat.named(format);
      threshold = "none".equalsIgnoreCase(failOn) ? null : Severity.parse(failOn);
      shown = Severity.parse(minSeverity);
      RuleCatalog catalog = RuleCatalog.load();
      for (String id : concat(concat(ruleIds, ignoreIds), enabledIds)) {
        if (!catalog.contains(id)) {
          throw new IllegalArgumentException("unknown rule '" + id + "' (see 'mmreview rules')");
        }
      }
      // --rule picks exactly these; otherwise every rule on by default plus --enable-rule; then --ignore
      rules =
          RuleSet.load(
              catalog,
              m ->
                  (ruleIds.isEmpty() ? m.enabledByDefault() || enabledIds.contains(m.id()) : ruleIds.contains(m.id()))
                      && !ignoreIds.contains(m.id()));
      if (fmt instanceof GccFormat) {
        fmt = new GccFormat(GccFormat.ColumnUnit.parse(columnUnit));
      }
      // SARIF records the invocation and lists the catalogue's rules.
      if (fmt instanceof SarifFormat sarif) {
        fmt = sarif.invokedAs(catalog.rules().stream().map(RuleMetadata::description).toList(), spec.commandLine().getParseResult().originalArgs(), Optional.ofNullable(threshold));
      }
      if (fmt instanceof HumanFormat human) {
        fmt = human.colored(report.colour(host)).withSummary(!report.quiet)
            .withInfoCap(allInfos ? 0 : HumanFormat.DEFAULT_INFO_CAP);
      }
    } catch (IllegalArgumentException e) {
      err.println("mmreview: check: " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    } catch (RuleCatalogException e) {
      // Broken metadata or a rule without its class is a defect of mmreview, not of the input.
      err.println("mmreview: internal error: " + e.getMessage());
      return ExitCodes.INTERNAL_ERROR;
    }

    List<Path> patchFiles = new ArrayList<>();
    List<Path> sourceFiles = new ArrayList<>();
    for (Path f : files) {
      (ReviewPlanner.isC(f.toString()) ? sourceFiles : patchFiles).add(f);
    }
    if (!sourceFiles.isEmpty() && !all) {
      err.println("mmreview: " + sourceFiles.get(0) + ": a C file, not a patch: give --all to review whole files");
      return ExitCodes.INPUT_ERROR;
    }
    PatchSource.Request req = input.request(patchFiles, host);
    if (req.isEmpty() && sourceFiles.isEmpty()) {
      err.println("mmreview: check: no input (give FILE, --mbox, --inbox, --git, --staged or --worktree)");
      return ExitCodes.INPUT_ERROR;
    }

    ReportFile file = null;
    try {
      PrintWriter out = spec.commandLine().getOut();
      if (report.output != null) {
        file = ReportFile.open(host.cwd().resolve(report.output));
        out = file.writer();
      }
      Run run =
          new Run(new ReviewPlanner(new CParser()), new RuleEngine(rules, all), fmt, out, err, threshold, shown);
      for (Path f : sourceFiles) {
        run.reviewSourceFile(f);
      }
      if (!req.isEmpty()) {
        PatchSource.stream(req, run);
      }
      int status = run.finish();
      if (file != null) {
        file.commit();
      }
      return status;
    } catch (IOException e) {
      err.println("mmreview: " + report.output + ": cannot write the report: " + e.getMessage());
      err.flush();
      return ExitCodes.INPUT_ERROR;
    } finally {
      if (file != null) {
        file.close();
      }
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * One check run: each patch is reviewed and its findings written as soon as intake delivers
   * it, so output appears as it is produced and memory does not grow with the input. Every
   * input is counted as reviewed, skipped, an input error or an internal failure.
   */
  private final class Run implements PatchSource.Sink {
    private final ReviewPlanner planner;
    private final RuleEngine engine;
    private final FindingFormat format;
    private final PrintWriter out;
    private FindingFormat.Output doc;
    private final PrintWriter err;
    private int reviewed;
    private int skipped;
    private int inputErrors;
    private int internalFailures;
    private boolean failing;
    private final Severity threshold;
    /** {@code --min-severity}: findings below it are counted, not shown. */
    private final Severity shown;
    private int hidden;
    private final boolean gcc = CheckCommand.this.format.equalsIgnoreCase("gcc");

    Run(ReviewPlanner planner, RuleEngine engine, FindingFormat format, PrintWriter out, PrintWriter err,
        Severity threshold, Severity shown) {
      this.shown = shown;
      this.format = format;
      this.out = out;
      this.threshold = threshold;
      this.planner = planner;
      this.engine = engine;
      this.err = err;
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
          if (input.selects(rf.path())) {
            contexts.add(rf.partial()
                ? FileContext.hunks(rf.path(), p.source(), p.base())
                : new FileContext(rf.path(), p.source(), true, p.base(), ""));
            collect(engine.run(rf), found);
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
     * What a hunk-only review adds on standard error: gcc's output is read line by line as
     * findings (editors' error formats, scripts counting lines), so its one note per input goes
     * to standard error, as gcc's own notes without a line do ({@code --quiet} drops it with the
     * other notes); with {@code --require-base} a hunk-only file is an input error.
     */
    private void hunkOnly(String input, List<FileContext> contexts) {
      List<FileContext> partial = contexts.stream().filter(c -> !c.wholeFile()).toList();
      if (partial.isEmpty()) {
        return;
      }
      if (gcc && !report.quiet) {
        err.println(input + ": note: hunk-only review of "
            + String.join(", ", partial.stream().map(FileContext::file).toList())
            + " (" + partial.get(0).reason() + ")");
      }
      if (requireBase) {
        for (FileContext c : partial) {
          inputError(input, c.file() + ": hunk-only review refused by --require-base (" + c.reason() + ")");
        }
      }
    }

    @Override
    public void note(String input, String text) {
      if (!report.quiet) {
        err.println("mmreview: " + input + ": " + text);
      }
    }

    @Override
    public void diagnostic(IntakeDiagnostic d) {
      if (d.kind() != IntakeDiagnostic.Kind.SKIPPED || !report.quiet) {
        err.println("mmreview: " + d.input() + ": " + d.reason());
      }
      switch (d.kind()) {
        case ERROR -> inputErrors++;
        case INTERNAL -> internalFailures++;
        case SKIPPED -> {}
      }
    }

    private void collect(RuleEngine.Result r, List<Finding> into) {
      into.addAll(r.findings());
      for (String d : r.diagnostics()) {
        err.println("mmreview: " + d);
        inputErrors++;
      }
      if (!report.quiet) {
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
      int before = found.size();
      found.removeIf(f -> !f.severity().atLeast(shown));
      hidden += before - found.size();
      if (found.isEmpty()) {
        return;
      }
      found.sort(Finding::compare);
      document().add(found);
      if (threshold != null) {
        failing |= found.stream().anyMatch(x -> x.severity().atLeast(threshold));
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
      if (CheckCommand.this.format.equalsIgnoreCase("gcc") && !report.quiet && (skipped > 0 || inputErrors > 0 || internalFailures > 0)) {
        err.println("mmreview: " + summary.render());
      }
      if (hidden > 0 && !report.quiet) {
        err.println("mmreview: " + hidden + " finding" + (hidden == 1 ? "" : "s") + " below --min-severity="
            + shown.label() + " not shown");
      }
      err.flush();
      return status;
    }
  }
}
