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
import org.mmreview.report.Baseline;
import org.mmreview.report.Finding;
import org.mmreview.report.FindingFormat;
import org.mmreview.report.InputFileException;
import org.mmreview.report.RunSummary;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleCatalogException;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mmreview baseline}: findings accepted as they are, hidden by {@code check --baseline}. */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description =
        "Record today's findings so that 'check --baseline FILE' hides them: 'baseline write FILE ...'.",
    subcommands = {BaselineCommand.Write.class})
public final class BaselineCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand Main parent;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  /**
   * {@code mmreview baseline write FILE [check's inputs and options]}: reviews as {@code check}
   * would and records every finding it would show. The reasons of an existing FILE are kept for the
   * findings still there.
   */
  @Command(
      name = "write",
      mixinStandardHelpOptions = true,
      description = {
        "Review as 'check' does and record the findings it shows in FILE (YAML; JSON for a .json name),",
        "sorted, with an empty reason to fill in. Reasons already in FILE are kept.",
      },
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {
        "3:internal error: mmreview failed on some input (the baseline is still written)",
        "2:usage or input error, or FILE could not be read or written",
        "0:FILE written"
      })
  static final class Write implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ParentCommand BaselineCommand parent;

    @Mixin PatchInputOptions input;

    @Mixin ReviewOptions review;

    @Parameters(index = "0", paramLabel = "FILE", description = "The baseline to write.")
    Path out;

    @Parameters(
        index = "1..*",
        paramLabel = "INPUT",
        description = "Patch, diff, .eml or mbox files (- for standard input); C files with --all.")
    List<Path> files = new ArrayList<>();

    @Option(
        names = {"-q", "--quiet"},
        description = "No notes on standard error.")
    boolean quiet;

    @Override
    public Integer call() {
      Host host = Main.host(parent == null ? null : parent.parent);
      PrintWriter err = spec.commandLine().getErr();
      Path target = host.cwd().resolve(out);
      RuleSet rules;
      ConfigFile cfg;
      Optional<Baseline> previous = Optional.empty();
      try {
        RuleCatalog catalog = RuleCatalog.load();
        cfg = review.config(host.cwd(), catalog);
        rules = review.rules(catalog, cfg);
        review.shown(cfg);
        review.showPreExisting();
      } catch (IllegalArgumentException e) {
        err.println("mmreview: baseline write: " + e.getMessage());
        return ExitCodes.INPUT_ERROR;
      } catch (InputFileException e) {
        err.println("mmreview: " + e.getMessage());
        return ExitCodes.INPUT_ERROR;
      } catch (RuleCatalogException e) {
        err.println("mmreview: internal error: " + e.getMessage());
        return ExitCodes.INTERNAL_ERROR;
      }
      try {
        if (Files.exists(target)) {
          previous = Optional.of(Baseline.read(target));
        }
      } catch (InputFileException e) {
        err.println("mmreview: " + e.getMessage() + " (move it away to start a new baseline)");
        return ExitCodes.INPUT_ERROR;
      }
      Inputs in = Inputs.split("baseline write", files, review.all, input, host, err);
      if (in == null) {
        return ExitCodes.INPUT_ERROR;
      }
      Recorder recorder = new Recorder(previous);
      boolean paths = !input.paths.isEmpty();
      ReviewRun.Settings settings =
          new ReviewRun.Settings(
              null,
              review.shown(cfg),
              quiet,
              false,
              review.requireBase,
              f -> input.selects(f) && cfg.selects(f, paths),
              Optional.empty(),
              null,
              ReviewRun.ids(rules),
              cfg.severities(),
              review.showPreExisting());
      ReviewRun run =
          new ReviewRun(
              new ReviewPlanner(new CParser()),
              new RuleEngine(rules, review.all),
              recorder,
              spec.commandLine().getOut(),
              err,
              settings);
      int status = in.review(run);
      Baseline written = new Baseline(recorder.entries);
      try {
        written.write(target);
      } catch (IOException e) {
        err.println("mmreview: " + out + ": cannot write the baseline: " + e.getMessage());
        return ExitCodes.INPUT_ERROR;
      }
      if (!quiet) {
        err.println(
            "mmreview: "
                + out
                + ": "
                + written.entries().size()
                + " finding"
                + (written.entries().size() == 1 ? "" : "s")
                + " recorded");
      }
      err.flush();
      // Findings are what a baseline is for: they do not fail this command.
      return status == ExitCodes.FINDINGS ? ExitCodes.OK : status;
    }
  }

  /** The output "format" of {@code baseline write}: keeps an entry per finding shown. */
  private static final class Recorder implements FindingFormat {
    private final Optional<Baseline> previous;
    private final List<Baseline.Entry> entries = new ArrayList<>();

    Recorder(Optional<Baseline> previous) {
      this.previous = previous;
    }

    @Override
    public Output start(PrintWriter ignored) {
      return new Output() {
        @Override
        public void add(List<Finding> batch) {
          for (Finding f : batch) {
            entries.add(
                Baseline.Entry.of(f, previous.map(b -> b.reason(f.fingerprint())).orElse("")));
          }
        }

        @Override
        public void finish(RunSummary summary) {}
      };
    }
  }
}
