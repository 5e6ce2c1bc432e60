package org.mmreview.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleCatalogException;
import org.mmreview.rules.RuleDocs;
import org.mmreview.rules.RuleMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mmreview rules}: the rule catalogue as a table, as Markdown, or one rule in full. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "List the rules (id, severity, title), or explain one with 'rules explain ID'.",
    subcommands = {RulesCommand.Explain.class})
public final class RulesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--markdown",
      description = "Print the Markdown catalogue page (the content of docs/rules.md).")
  boolean markdown;

  @Override
  public Integer call() {
    Optional<RuleCatalog> catalog = loadCatalog(spec);
    if (catalog.isEmpty()) {
      return ExitCodes.INTERNAL_ERROR;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(markdown ? RuleDocs.markdown(catalog.get()) : RuleDocs.table(catalog.get()));
    out.flush();
    return ExitCodes.OK;
  }

  /** Loads the shipped catalogue; on failure reports it on the command's error stream. */
  static Optional<RuleCatalog> loadCatalog(CommandSpec spec) {
    try {
      return Optional.of(RuleCatalog.load());
    } catch (RuleCatalogException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("mmreview: internal error: broken rule metadata: " + e.getMessage());
      err.flush();
      return Optional.empty();
    }
  }

  /** {@code mmreview rules explain ID}: the full documentation of one rule. */
  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      description = "Print everything mmreview knows about one rule.")
  static final class Explain implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "A rule id, as listed by 'mmreview rules'.")
    String id;

    @Override
    public Integer call() {
      Optional<RuleCatalog> catalog = loadCatalog(spec);
      if (catalog.isEmpty()) {
        return ExitCodes.INTERNAL_ERROR;
      }
      Optional<RuleMetadata> rule = catalog.get().find(id);
      if (rule.isEmpty()) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("mmreview: unknown rule id '" + id + "' (see 'mmreview rules')");
        err.flush();
        return ExitCodes.INPUT_ERROR;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(RuleDocs.explain(rule.get()));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
