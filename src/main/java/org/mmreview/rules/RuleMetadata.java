package org.mmreview.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.report.RuleDescription;
import org.mmreview.report.Severity;

/**
 * One rule's documentation, as written in {@code rules/<id>.yaml}: the single source of truth for
 * its severity, messages and the reviewer knowledge behind it. The id is the file name; the
 * placeholders are the {@code {names}} the message and fix hold, filled by the rule under those
 * names ({@link RuleContext.FindingBuilder} fails on any mismatch).
 *
 * @param id the rule id: the file name without {@code .yaml}, never written in the file
 * @param severity the default severity of a finding
 * @param title a one-line summary for tables
 * @param message the finding text, one or two sentences; may hold {@code {placeholders}}
 * @param variants other wordings of the message for distinct cases, by name ({@code user_argument:
 *     ...}), chosen by the rule with {@code .variant(name)}; sentences live here, not concatenated
 *     in Java
 * @param rationale why reviewers object, in their terms
 * @param precedent which review raised it (thread subject, reviewer, date)
 * @param fix the concrete fix hint; may hold {@code {placeholders}} too
 * @param fixVariants the fix hint of a message variant, by the variant's name, when that case needs
 *     its own advice; a variant without one uses {@code fix}
 * @param examples a short flagged and a short fine C snippet
 * @param escalation when the severity is raised, if ever; {@code null} when never
 * @param notReported the shapes that must stay silent
 * @param enabledByDefault false for a rule that runs only when asked for ({@code --rule ID} or
 *     configuration), because its measured precision is below the bar for its severity; the doc
 *     says why. Absent means true.
 */
public record RuleMetadata(
    String id,
    Severity severity,
    String title,
    String message,
    Map<String, String> variants,
    String rationale,
    String precedent,
    String fix,
    @JsonProperty("fix_variants") Map<String, String> fixVariants,
    Examples examples,
    String escalation,
    @JsonProperty("not_reported") List<String> notReported,
    @JsonProperty("enabled_by_default") Boolean enabledByDefault) {

  /** The name of {@code message} among the variants. */
  public static final String DEFAULT_VARIANT = "default";

  /** A placeholder: a snake_case name in braces. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)\\}");

  /** Normalises missing lists and maps to empty ones and trims the free text. */
  public RuleMetadata {
    notReported = notReported == null ? List.of() : List.copyOf(notReported);
    Map<String, String> v = new LinkedHashMap<>();
    if (variants != null) {
      variants.forEach((name, text) -> v.put(name, trim(text)));
    }
    variants = Collections.unmodifiableMap(v);
    Map<String, String> fv = new LinkedHashMap<>();
    if (fixVariants != null) {
      fixVariants.forEach((name, text) -> fv.put(name, trim(text)));
    }
    fixVariants = Collections.unmodifiableMap(fv);
    enabledByDefault = enabledByDefault == null || enabledByDefault;
    title = trim(title);
    message = trim(message);
    rationale = trim(rationale);
    precedent = trim(precedent);
    fix = trim(fix);
    escalation = trim(escalation);
  }

  /** The same metadata under {@code id} (the catalogue names a rule after its file). */
  RuleMetadata withId(String id) {
    return new RuleMetadata(
        id,
        severity,
        title,
        message,
        variants,
        rationale,
        precedent,
        fix,
        fixVariants,
        examples,
        escalation,
        notReported,
        enabledByDefault);
  }

  /** The flagged and the fine example of a rule, as C source text. */
  public record Examples(String bad, String good) {}

  /** The escalation note, when the rule has one. */
  public Optional<String> escalationNote() {
    return Optional.ofNullable(escalation).filter(s -> !s.isEmpty());
  }

  /** Every wording of the message by variant name, {@value #DEFAULT_VARIANT} first. */
  public Map<String, String> messages() {
    Map<String, String> all = new LinkedHashMap<>();
    all.put(DEFAULT_VARIANT, message);
    all.putAll(variants);
    return Collections.unmodifiableMap(all);
  }

  /**
   * The names a finding of {@code variant} must fill, in sorted order: the placeholders of that
   * message and of the fix.
   *
   * @throws IllegalArgumentException for a variant the metadata does not have
   */
  public Set<String> placeholders(String variant) {
    Set<String> used = placeholdersIn(messageOf(variant));
    used.addAll(placeholdersIn(fixOf(variant)));
    return used;
  }

  /** True unless the metadata says {@code enabled_by_default: false}. */
  public boolean onByDefault() {
    return enabledByDefault;
  }

  /** The fix hint of a variant: its own when {@code fix_variants} has one, else {@code fix}. */
  public String fixOf(String variant) {
    messageOf(variant);
    return fixVariants.getOrDefault(variant, fix);
  }

  /** The placeholder names {@code text} uses, in sorted order. */
  public static Set<String> placeholdersIn(String text) {
    Set<String> used = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text == null ? "" : text);
    while (m.find()) {
      used.add(m.group(1));
    }
    return used;
  }

  /**
   * Fills the message's placeholders; a placeholder without a value stays as written so a missing
   * value is visible rather than silently dropped.
   */
  public String formatMessage(Map<String, String> values) {
    return format(message, values);
  }

  /** Fills the placeholders of one variant of the message (see {@link #formatMessage(Map)}). */
  public String formatMessage(String variant, Map<String, String> values) {
    return format(messageOf(variant), values);
  }

  /** Fills the fix's placeholders, if it has any. */
  public String formatFix(Map<String, String> values) {
    return fix == null ? null : format(fix, values);
  }

  /** Fills the placeholders of the fix hint of one variant (see {@link #fixOf(String)}). */
  public String formatFix(String variant, Map<String, String> values) {
    String text = fixOf(variant);
    return text == null ? null : format(text, values);
  }

  private String messageOf(String variant) {
    String text = DEFAULT_VARIANT.equals(variant) ? message : variants.get(variant);
    if (text == null) {
      throw new IllegalArgumentException(
          "rules/"
              + id
              + ".yaml has no message variant '"
              + variant
              + "' (it has "
              + messages().keySet()
              + ")");
    }
    return text;
  }

  private static String format(String text, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
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
