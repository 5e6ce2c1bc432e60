package org.mmreview.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.IntakeDiagnostic;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchSource;
import org.mmreview.report.Finding;
import org.mmreview.report.FindingFormat;
import org.mmreview.report.GccFormat;
import org.mmreview.report.SarifFormat;
import org.mmreview.rules.ReviewPlanner;
import org.mmreview.rules.ReviewedFile;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleCatalogException;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;
import org.mmreview.rules.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmreview check}: reviews patches (or, with {@code --all}, whole C files) and reports
 * findings. Exit status: 0 nothing at or above {@code --fail-on}, 1 findings, 2 input or usage
 * error.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Review patches (files, mails, mboxes, --git, --staged) or, with --all, whole C files.",
      "Exit status: 0 nothing at or above --fail-on, 1 findings, 2 input or usage error."
    })
public final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin PatchInputOptions input;

  @Parameters(paramLabel = "FILE", description = "Patch, diff, .eml or mbox files; C files with --all.")
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

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    FindingFormat fmt;
    Severity threshold;
    RuleSet rules;
    try {
      fmt = FindingFormat.named(format);
      threshold = "none".equalsIgnoreCase(failOn) ? null : Severity.parse(failOn);
      RuleCatalog catalog = RuleCatalog.load();
      for (String id : ruleIds) {
        if (!catalog.contains(id)) {
          throw new IllegalArgumentException("unknown rule '" + id + "' (see 'mmreview rules')");
        }
      }
      rules = ruleIds.isEmpty() ? RuleSet.all(catalog) : RuleSet.only(catalog, ruleIds);
      if (fmt instanceof GccFormat) {
        fmt = new GccFormat(GccFormat.ColumnUnit.parse(columnUnit));
      }
      // SARIF records the invocation and lists the catalogue's rules.
      if (fmt instanceof SarifFormat sarif) {
        fmt = sarif.invokedAs(catalog, spec.commandLine().getParseResult().originalArgs(), Optional.ofNullable(threshold));
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
    PatchSource.Request req = input.request(patchFiles);
    if (req.isEmpty() && sourceFiles.isEmpty()) {
      err.println("mmreview: check: no input (give FILE, --mbox, --inbox, --git, --staged or --worktree)");
      return ExitCodes.INPUT_ERROR;
    }

    CParser parser = new CParser();
    ReviewPlanner planner = new ReviewPlanner(parser);
    RuleEngine engine = new RuleEngine(rules, all);
    List<Finding> findings = new ArrayList<>();
    int problems = 0;
    int reviewed = 0;
    for (Path f : sourceFiles) {
      try {
        String text = SourceFiles.read(f);
        Optional<String> refused = CParser.checkInput(text);
        if (refused.isPresent()) {
          err.println("mmreview: " + f + ": " + refused.get());
          problems++;
          continue;
        }
        reviewed++;
        problems += collect(engine.run(planner.wholeFile(f.toString(), text)), findings, err);
      } catch (SourceFiles.InputException e) {
        err.println("mmreview: " + f + ": " + e.getMessage());
        problems++;
      }
    }
    if (!req.isEmpty()) {
      PatchSource.Result read = PatchSource.read(req);
      for (IntakeDiagnostic d : read.diagnostics()) {
        err.println("mmreview: " + d.input() + ": " + d.reason());
        problems++;
      }
      for (Patch p : read.patches()) {
        reviewed++;
        try {
          for (ReviewedFile rf : planner.patch(p)) {
            if (input.selects(rf.path())) {
              problems += collect(engine.run(rf), findings, err);
            }
          }
        } catch (RuntimeException e) {
          // One patch that trips a defect of ours is reported and skipped; the rest go on.
          err.println("mmreview: " + p.source() + ": internal error, patch skipped: " + e);
          problems++;
        }
      }
    }
    findings.sort(Finding::compare);
    if (reviewed == 0 && problems > 0) {
      err.flush();
      return ExitCodes.INPUT_ERROR;
    }
    fmt.write(findings, out);
    out.flush();
    err.flush();
    boolean fail = threshold != null && findings.stream().anyMatch(x -> x.severity().atLeast(threshold));
    return fail ? ExitCodes.FINDINGS : ExitCodes.OK;
  }

  private static int collect(RuleEngine.Result r, List<Finding> into, PrintWriter err) {
    into.addAll(r.findings());
    for (String d : r.diagnostics()) {
      err.println("mmreview: " + d);
    }
    for (String d : r.failures()) {
      err.println("mmreview: " + d);
    }
    return r.diagnostics().size() + r.failures().size();
  }

}
