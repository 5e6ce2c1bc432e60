package org.mmreview.intake;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code @@ -a,b +c,d @@ heading} block.
 *
 * @param patchLine 1-based line of the {@code @@} header in the patch or mail text
 */
public record Hunk(
    int oldStart,
    int oldCount,
    int newStart,
    int newCount,
    String sectionHeading,
    List<HunkLine> lines,
    int patchLine) {

  private static final Pattern HEADING_NAME = Pattern.compile("(\\w+)\\s*\\(");

  public Hunk {
    lines = List.copyOf(lines);
    sectionHeading = sectionHeading == null ? "" : sectionHeading;
  }

  /**
   * The function the section heading names ({@code static int foo(struct bar *b,} gives {@code
   * foo}): the first word followed by a parenthesis; empty when the heading has none.
   */
  public Optional<String> headingFunction() {
    Matcher m = HEADING_NAME.matcher(sectionHeading);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Number of added lines. */
  public int added() {
    return (int) lines.stream().filter(l -> l.kind() == HunkLine.Kind.ADD).count();
  }

  /** Number of removed lines. */
  public int removed() {
    return (int) lines.stream().filter(l -> l.kind() == HunkLine.Kind.REMOVE).count();
  }

  /** The header line in canonical form, {@code @@ -a,b +c,d @@ heading}. */
  public String header() {
    String h = "@@ -" + oldStart + "," + oldCount + " +" + newStart + "," + newCount + " @@";
    return sectionHeading.isEmpty() ? h : h + " " + sectionHeading;
  }

  /** The hunk as unified-diff text (canonical header, body lines, newline-terminated). */
  public String toDiffText() {
    StringBuilder sb = new StringBuilder(header()).append('\n');
    for (HunkLine l : lines) {
      sb.append(l.diffText()).append('\n');
      if (l.noNewlineAtEnd()) {
        sb.append("\\ No newline at end of file\n");
      }
    }
    return sb.toString();
  }
}
