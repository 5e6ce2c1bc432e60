package org.mmreview.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mmreview.report.InputFileException;
import org.mmreview.report.Severity;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleSet;
import org.mmreview.series.Surface;
import picocli.CommandLine.Option;

/**
 * What a review runs and shows, shared by {@code check} and {@code baseline write}: which rules,
 * whole files or added lines, the display filter, whether a hunk-only review is acceptable.
 */
final class ReviewOptions {

  @Option(
      names = "--all",
      description = "Report over whole files, not only the lines a patch adds.")
  boolean all;

  @Option(names = "--rule", paramLabel = "ID", description = "Run only these rules (repeatable).")
  List<String> ruleIds = new ArrayList<>();

  @Option(
      names = "--enable-rule",
      paramLabel = "ID",
      description =
          "Run this rule too, when it is off by default (repeatable; see 'mmreview rules').")
  List<String> enabledIds = new ArrayList<>();

  @Option(
      names = "--ignore",
      paramLabel = "ID",
      description = "Do not run this rule (repeatable), as checkpatch's --ignore.")
  List<String> ignoreIds = new ArrayList<>();

  @Option(
      names = "--min-severity",
      paramLabel = "SEVERITY",
      description =
          "Show only findings at or above this: error, warning or info (default: info, warning with --hook, or the configuration's). Hidden findings do not count for --fail-on.")
  String minSeverity;

  @Option(
      names = "--require-base",
      description =
          "Exit 2 when a file could only be reviewed from its hunks (no base tree, or the patch did not apply).")
  boolean requireBase;

  @Option(
      names = "--show",
      paramLabel = "WHAT",
      split = ",",
      description =
          "Show findings hidden by default: pre-existing (found in the code before the patch too).")
  List<String> show = new ArrayList<>();

  /**
   * Whether {@code --show pre-existing} was given.
   *
   * @throws IllegalArgumentException for a value {@code --show} does not know
   */
  boolean showPreExisting() {
    for (String s : show) {
      if (!s.equals("pre-existing")) {
        throw new IllegalArgumentException("--show takes pre-existing; got '" + s + "'");
      }
    }
    return !show.isEmpty();
  }

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The configuration (default: the first "
              + ConfigFile.NAME
              + " from the current directory up to the repository's root).")
  Path config;

  /**
   * The configuration in effect: {@code --config}, else the one found upward from {@code cwd}.
   *
   * @throws InputFileException when it cannot be read or says something wrong
   */
  ConfigFile config(Path cwd, RuleCatalog catalog) throws InputFileException {
    return ConfigFile.load(config, cwd, catalog::contains);
  }

  @Option(
      names = "--hook",
      description =
          "Review as a git hook does: show warnings and errors, or what the configuration's hooks.min-severity says (the installed hooks pass it).")
  boolean hook;

  /**
   * {@code --min-severity}, else the configuration's for where the review runs ({@code
   * min-severity}, or {@code hooks.min-severity} with {@code --hook}), else that place's default:
   * info for {@code check}, warning for a hook.
   */
  Severity shown(ConfigFile cfg) {
    if (minSeverity != null) {
      return Severity.parse(minSeverity);
    }
    Surface surface = hook ? Surface.HOOK : Surface.CHECK;
    return surface.minSeverity(cfg.minSeverity(surface));
  }

  /**
   * The rules to run: {@code --rule} if given, else the configuration's {@code rules.enable}, else
   * all; less {@code --ignore} and the configuration's {@code rules.disable} (a rule named with
   * {@code --rule} runs even when the configuration disables it).
   *
   * @throws IllegalArgumentException for an id the catalogue does not have
   */
  RuleSet rules(RuleCatalog catalog, ConfigFile cfg) {
    List<String> named = new ArrayList<>(ruleIds);
    named.addAll(ignoreIds);
    named.addAll(enabledIds);
    for (String id : named) {
      if (!catalog.contains(id)) {
        throw new IllegalArgumentException("unknown rule '" + id + "' (see 'mmreview rules')");
      }
    }
    List<String> enabled = ruleIds.isEmpty() ? cfg.rules().enable() : ruleIds;
    List<String> disabled = new ArrayList<>(cfg.rules().disable());
    disabled.removeAll(ruleIds);
    disabled.addAll(ignoreIds);
    // Named rules run even when off by default; otherwise the rules on by default, plus
    // --enable-rule.
    return RuleSet.load(
        catalog,
        m ->
            ((enabled.isEmpty() ? m.enabledByDefault() : enabled.contains(m.id()))
                    || enabledIds.contains(m.id()))
                && !disabled.contains(m.id()));
  }
}
