package org.mmreview.rules;

import org.mmreview.report.RuleDescription;

import org.mmreview.report.Severity;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule's documentation, as written in {@code rules/<id>.yaml}: the single source of truth
 * for its id, severity, message and the reviewer knowledge behind it.
 *
 * @param id the rule id, equal to the file name without {@code .yaml}
 * @param severity the default severity of a finding
 * @param title a one-line summary for tables
 * @param message the finding text, one or two sentences; may hold {@code {placeholders}}
 * @param placeholders the names a rule fills into {@code message}; every one used must be listed
 * @param rationale why reviewers object, in their terms
 * @param precedent which review raised it (thread subject, reviewer, date)
 * @param fix the concrete fix hint
 * @param examples a short flagged and a short fine C snippet
 * @param escalation when the severity is raised, if ever; {@code null} when never
 * @param notReported the shapes that must stay silent
 */
public record RuleMetadata(
    String id,
    Severity severity,
    String title,
    String message,
    List<String> placeholders,
    String rationale,
    String precedent,
    String fix,
    Examples examples,
    String escalation,
    @JsonProperty("not_reported") List<String> notReported) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)\\}");

  /** Normalises missing lists to empty ones and trims the free text. */
  public RuleMetadata {
    placeholders = placeholders == null ? List.of() : List.copyOf(placeholders);
    notReported = notReported == null ? List.of() : List.copyOf(notReported);
    title = trim(title);
    message = trim(message);
    rationale = trim(rationale);
    precedent = trim(precedent);
    fix = trim(fix);
    escalation = trim(escalation);
  }

  /** The flagged and the fine example of a rule, as C source text. */
  public record Examples(String bad, String good) {}

  /** The escalation note, when the rule has one. */
  public Optional<String> escalationNote() {
    return Optional.ofNullable(escalation).filter(s -> !s.isEmpty());
  }

  /** The placeholder names {@code message} actually uses, in sorted order. */
  public Set<String> placeholdersUsed() {
    Set<String> used = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(message == null ? "" : message);
    while (m.find()) {
      used.add(m.group(1));
    }
    return used;
  }

  /**
   * Fills the message's placeholders; a placeholder without a value stays as written so a
   * missing value is visible rather than silently dropped.
   */
  public String formatMessage(java.util.Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The check class implementing this rule (see {@link RuleCatalog#ruleClassName(String)}). */
  /** The rule as output formats describe it. */
  public RuleDescription description() {
    return new RuleDescription(id, title, severity, rationale, fix, precedent);
  }

  public String ruleClassName() {
    return RuleCatalog.ruleClassName(id);
  }

  private static String trim(String s) {
    return s == null ? null : s.strip();
  }
}
