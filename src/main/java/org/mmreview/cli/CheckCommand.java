package org.mmreview.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.mmreview.cparse.CParser;
import org.mmreview.report.Baseline;
import org.mmreview.report.CheckpatchFormat;
import org.mmreview.report.FindingFormat;
import org.mmreview.report.GccFormat;
import org.mmreview.report.HumanFormat;
import org.mmreview.report.InputFileException;
import org.mmreview.report.SarifFormat;
import org.mmreview.report.Severity;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleCatalogException;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleMetadata;
import org.mmreview.rules.RuleSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmreview check}: reviews patches (or, with {@code --all}, whole C files) and reports
 * findings as each input is reviewed. Exit status: 3 when mmreview failed on anything (the failure
 * contained, the rest reviewed), else 2 when any input could not be read, else 1 for findings at or
 * above {@code --fail-on}, else 0.
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

  @Parameters(
      paramLabel = "FILE",
      description = "Patch, diff, .eml or mbox files (- for standard input); C files with --all.")
  List<Path> files = new ArrayList<>();

  @Mixin ReviewOptions review;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description =
          "human (the default), gcc (file:line:col: severity: message [rule]), json, sarif (SARIF 2.1.0) or checkpatch (what b4 prep --check parses: file:line: ERROR|WARNING|CHECK: message; nothing when clean, no notes).")
  String format;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      description =
          "Exit 1 when a finding is at or above this: error (the default), warning, info or none.")
  String failOn;

  @Option(
      names = "--column-unit",
      paramLabel = "UNIT",
      defaultValue = "display",
      description =
          "Columns of --format=gcc: display (tabs to 8, as GCC 11+ and Emacs) or byte (Vim's %%c).")
  String columnUnit;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description =
          "Hide the findings recorded in this baseline (see 'mmreview baseline write'); stale entries are listed at the end.")
  Path baselineFile;

  @Option(
      names = "--all-infos",
      description =
          "In the human format, show every info finding (default: errors and warnings first, then at most "
              + HumanFormat.DEFAULT_INFO_CAP
              + " infos per file and patch, and a count of the rest).")
  boolean allInfos;

  @Override
  public Integer call() {
    Host host = Main.host(parent);
    PrintWriter err = spec.commandLine().getErr();
    FindingFormat fmt;
    Severity threshold;
    Severity shown;
    RuleSet rules;
    Optional<Baseline> baseline = Optional.empty();
    Path baselinePath;
    String formatName;
    ConfigFile cfg;
    boolean showPreExisting;
    try {
      RuleCatalog catalog = RuleCatalog.load();
      // The command line overrides the configuration, which overrides the built-in defaults:
      // the options have no picocli default, so that "not given" can be told from "given".
      cfg = review.config(host.cwd(), catalog);
      formatName = format != null ? format : cfg.format().orElse("human");
      String failing = failOn != null ? failOn : cfg.failOn().orElse("error");
      fmt = FindingFormat.named(formatName);
      threshold = "none".equalsIgnoreCase(failing) ? null : Severity.parse(failing);
      shown = review.shown(cfg);
      showPreExisting = review.showPreExisting();
      rules = review.rules(catalog, cfg);
      if (fmt instanceof GccFormat) {
        fmt = new GccFormat(GccFormat.ColumnUnit.parse(columnUnit));
      }
      // SARIF records the invocation and lists the catalogue's rules.
      if (fmt instanceof SarifFormat sarif) {
        fmt =
            sarif.invokedAs(
                catalog.rules().stream().map(RuleMetadata::description).toList(),
                spec.commandLine().getParseResult().originalArgs(),
                Optional.ofNullable(threshold));
      }
      if (fmt instanceof HumanFormat human) {
        fmt =
            human
                .colored(report.colour(host))
                .withSummary(!report.quiet)
                .withInfoCap(allInfos ? 0 : HumanFormat.DEFAULT_INFO_CAP);
      }
      baselinePath =
          baselineFile != null ? host.cwd().resolve(baselineFile) : cfg.baseline().orElse(null);
      if (baselinePath != null) {
        baseline = Optional.of(Baseline.read(baselinePath));
      }
    } catch (IllegalArgumentException e) {
      err.println("mmreview: check: " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    } catch (InputFileException e) {
      err.println("mmreview: " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    } catch (RuleCatalogException e) {
      // Broken metadata or a rule without its class is a defect of mmreview, not of the input.
      err.println("mmreview: internal error: " + e.getMessage());
      return ExitCodes.INTERNAL_ERROR;
    }

    Inputs in = Inputs.split("check", files, review.all, input, host, err);
    if (in == null) {
      return ExitCodes.INPUT_ERROR;
    }

    ReportFile file = null;
    try {
      PrintWriter out = spec.commandLine().getOut();
      if (report.output != null) {
        file = ReportFile.open(host.cwd().resolve(report.output));
        out = file.writer();
      }
      ReviewRun.Settings settings =
          new ReviewRun.Settings(
              threshold,
              shown,
              // b4 reads every line checkpatch prints, on either stream, as a report: a note
              // would count as a failure.
              report.quiet || fmt instanceof CheckpatchFormat,
              formatName.equalsIgnoreCase("gcc"),
              review.requireBase,
              selects(cfg),
              baseline,
              baselinePath,
              ReviewRun.ids(rules),
              cfg.severities(),
              showPreExisting);
      ReviewRun run =
          new ReviewRun(
              new ReviewPlanner(new CParser()),
              new RuleEngine(rules, review.all),
              fmt,
              out,
              err,
              settings);
      int status = in.review(run);
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

  /**
   * {@code --path}, and the configuration's {@code paths} (its include only without {@code
   * --path}).
   */
  private Predicate<String> selects(ConfigFile cfg) {
    boolean given = !input.paths.isEmpty();
    return f -> input.selects(f) && cfg.selects(f, given);
  }
}
