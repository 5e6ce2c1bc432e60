package org.mmreview.report;

/**
 * Where a finding stands in the history of the code it is about, decided by comparing fingerprints
 * with the findings of the code before the patch.
 */
public enum Lifecycle {
  /** Not decided: whole files reviewed without a patch ({@code --all FILE.c}). */
  NONE(""),
  /**
   * The patch brings it: not among the pre-image's findings (or a hunk-only review's added lines).
   */
  INTRODUCED("introduced"),
  /** The same fingerprint was found in the pre-image: the patch did not cause it. */
  PRE_EXISTING("pre-existing"),
  /** Introduced by one patch of a series and gone after a later one. */
  FIXED_LATER("fixed-later");

  private final String label;

  Lifecycle(String label) {
    this.label = label;
  }

  /** The name outputs use ({@code introduced}, {@code pre-existing}); empty for {@link #NONE}. */
  public String label() {
    return label;
  }

  public boolean known() {
    return this != NONE;
  }
}
