package org.mmreview.cli;

import java.util.ArrayList;
import java.util.List;
import org.mmreview.report.Severity;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleSet;
import picocli.CommandLine.Option;

/**
 * What a review runs and shows, shared by {@code check} and {@code baseline write}: which rules,
 * whole files or added lines, the display filter, whether a hunk-only review is acceptable.
 */
final class ReviewOptions {

  @Option(names = "--all", description = "Report over whole files, not only the lines a patch adds.")
  boolean all;

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

  /** {@code --min-severity} read. */
  Severity shown() {
    return Severity.parse(minSeverity);
  }

  /**
   * The rules to run: {@code --rule} if given, less {@code --ignore}.
   *
   * @throws IllegalArgumentException for an id the catalogue does not have
   */
  RuleSet rules(RuleCatalog catalog) {
    List<String> named = new ArrayList<>(ruleIds);
    named.addAll(ignoreIds);
    for (String id : named) {
      if (!catalog.contains(id)) {
        throw new IllegalArgumentException("unknown rule '" + id + "' (see 'mmreview rules')");
      }
    }
    return RuleSet.load(catalog, m -> (ruleIds.isEmpty() || ruleIds.contains(m.id())) && !ignoreIds.contains(m.id()));
  }
}
