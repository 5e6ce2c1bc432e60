package org.mmreview.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How sure a finding is and how hard it should block: spelled in lower case in metadata and output.
 */
public enum Severity {
  /** Likely a real bug or a security hole. */
  ERROR,
  /** Reviewers will ask for a change. */
  WARNING,
  /** A style or maintainability remark. */
  INFO;

  /** The spelling used in rule metadata, reports and the CLI. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a metadata or command-line spelling ({@code error}, {@code warning}, {@code info}).
   *
   * @throws IllegalArgumentException for anything else, naming the accepted values
   */
  @JsonCreator
  public static Severity parse(String text) {
    if (text != null) {
      for (Severity s : values()) {
        if (s.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        "severity must be one of error, warning, info; got '" + text + "'");
  }

  /** True when this severity is at least as serious as {@code threshold}. */
  public boolean atLeast(Severity threshold) {
    return ordinal() <= threshold.ordinal();
  }
}
