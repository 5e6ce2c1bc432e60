package org.mmreview.report;

/**
 * How much of one reviewed file the rules saw, so no output can pass a hunk-only review off as a
 * whole one.
 *
 * @param file the post-image path
 * @param origin the patch it came from; empty for a whole file ({@code --all})
 * @param wholeFile true when the rules saw whole functions (a base tree gave the file), false when
 *     they saw only the patch's hunks
 * @param base the base the file came from and how it was chosen ({@code --tree DIR}, {@code
 *     base-commit 1234abcd5678}, ...); empty when none was used
 * @param reason for a hunk-only file, why, in words that say what to do about it
 */
public record FileContext(
    String file, String origin, boolean wholeFile, String base, String reason) {

  public FileContext {
    origin = origin == null ? "" : origin;
    base = base == null ? "" : base;
    reason = reason == null ? "" : reason;
  }

  /** A file reviewed from the hunks alone, with or without a base that failed to give it. */
  public static FileContext hunks(String file, String origin, String base) {
    return new FileContext(
        file,
        origin,
        false,
        base,
        base.isEmpty()
            ? "no base tree: give --repo or --tree to review whole functions"
            : "the patch did not apply to " + base);
  }

  /** {@code whole-file} or {@code hunks}, as JSON writes it. */
  public String context() {
    return wholeFile ? "whole-file" : "hunks";
  }

  /** The human header line of a hunk-only file; {@code mm/x.c: hunk-only review (why)}. */
  public String hunkOnlyNote() {
    String in = origin.isEmpty() || origin.equals(file) ? "" : " in " + origin;
    return file + ": hunk-only review" + in + " (" + reason + ")";
  }
}
