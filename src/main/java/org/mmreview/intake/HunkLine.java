package org.mmreview.intake;

/**
 * One line of a hunk body.
 *
 * @param kind context, added or removed
 * @param text the line without its one-character prefix and without the line terminator
 * @param oldLine pre-image line number (0 for added lines)
 * @param newLine post-image line number (0 for removed lines)
 * @param patchLine 1-based line number in the patch or mail text (checkpatch's {@code #NNN})
 * @param noNewlineAtEnd the line was followed by {@code \ No newline at end of file}
 */
public record HunkLine(
    Kind kind, String text, int oldLine, int newLine, int patchLine, boolean noNewlineAtEnd) {

  /** Kind of a hunk line. */
  public enum Kind {
    CONTEXT,
    ADD,
    REMOVE;

    /** The diff prefix character of this kind. */
    public char prefix() {
      return switch (this) {
        case CONTEXT -> ' ';
        case ADD -> '+';
        case REMOVE -> '-';
      };
    }
  }

  /** The line as it appears in a unified diff, prefix included (no terminator). */
  public String diffText() {
    return kind.prefix() + text;
  }

  HunkLine withNumbers(int oldLine, int newLine) {
    return new HunkLine(kind, text, oldLine, newLine, patchLine, noNewlineAtEnd);
  }
}
