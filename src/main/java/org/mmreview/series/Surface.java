package org.mmreview.series;

import java.util.List;
import java.util.Optional;
import org.mmreview.report.Finding;
import org.mmreview.report.Severity;

/**
 * Where a review's findings are shown, and what each place shows unless the project's configuration
 * says otherwise. Info findings are a reviewer's remarks: worth reading at a terminal ({@code
 * check}), noise in a pre-commit hook that blocks nothing on them, and noise in a mail the bot
 * sends to a list. So hooks and the bot show warnings and errors, and a project that wants its
 * infos there enables them ({@code hooks: {min-severity: info}}, {@code bot: {min-severity: info}}
 * in {@code .mmreview.yaml}).
 */
public enum Surface {
  /** {@code mmreview check} at a terminal or in CI: everything. */
  CHECK(Severity.INFO),
  /** The git hooks (pre-commit, sendemail-validate, pre-push): warnings and errors. */
  HOOK(Severity.WARNING),
  /** The review bot's replies: warnings and errors. */
  BOT(Severity.WARNING);

  private final Severity defaultMinSeverity;

  Surface(Severity defaultMinSeverity) {
    this.defaultMinSeverity = defaultMinSeverity;
  }

  /** The least severe finding shown here when nothing is configured. */
  public Severity defaultMinSeverity() {
    return defaultMinSeverity;
  }

  /** The configured minimum for this surface, else its default. */
  public Severity minSeverity(Optional<Severity> configured) {
    return configured.orElse(defaultMinSeverity);
  }

  /** The findings at or above {@code min}, in their order. */
  public static List<Finding> shown(List<Finding> findings, Severity min) {
    return findings.stream().filter(f -> f.severity().atLeast(min)).toList();
  }
}
