package org.mmreview.cli;

/** Exit statuses hooks rely on (same contract as checkpatch / git hooks). */
public final class ExitCodes {
  /** Nothing at or above the failure threshold. */
  public static final int OK = 0;

  /** Findings at or above the failure threshold. */
  public static final int FINDINGS = 1;

  /** Usage or input error: a bad flag, a missing file, an unreadable input. */
  public static final int INPUT_ERROR = 2;

  /** A bug in mmreview itself. */
  public static final int INTERNAL_ERROR = 3;

  private ExitCodes() {}
}
