package org.mmreview.report;

/**
 * What an output format says about a rule besides its findings (SARIF's {@code rules} array), in
 * report's own terms: the catalogue lives above report and hands these down.
 */
public record RuleDescription(
    String id, String title, Severity severity, String rationale, String fix, String precedent) {
  public RuleDescription {
    rationale = rationale == null ? "" : rationale;
    fix = fix == null ? "" : fix;
    precedent = precedent == null ? "" : precedent;
  }
}
