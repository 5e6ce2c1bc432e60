package org.mmreview.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A comment as a positioned token ({@code /* ... *}{@code /} or {@code // ...}); not owned by a
 * node. A hunk's edges may cut a block comment: its text may then lack the opening (a hunk starting
 * inside it) or the closing (a hunk ending inside it).
 */
public final class Comment {
  private final Range range;
  private final String text;

  public Comment(Range range, String text) {
    this.range = Objects.requireNonNull(range, "range");
    this.text = Objects.requireNonNull(text, "text");
  }

  public Range range() {
    return range;
  }

  /** The raw text, delimiters included. */
  public String text() {
    return text;
  }

  /** True for {@code /* *}{@code /} comments (or their cut parts), false for {@code //} ones. */
  public boolean isBlock() {
    return text.startsWith("/*") || text.endsWith("*/");
  }

  /**
   * The text without the delimiters and without the leading {@code *} decoration of block comment
   * lines; each line trimmed; blank first/last lines dropped.
   */
  public List<String> contentLines() {
    String body;
    if (isBlock()) {
      int from = text.startsWith("/*") ? 2 : 0;
      body =
          text.substring(
              from,
              text.endsWith("*/") && text.length() >= from + 2 ? text.length() - 2 : text.length());
    } else {
      body = text.startsWith("//") ? text.substring(2) : text;
    }
    List<String> lines = new ArrayList<>();
    for (String line : body.split("\n", -1)) {
      String t = line.strip();
      if (isBlock() && t.startsWith("*")) {
        t = t.substring(1).strip();
      }
      lines.add(t);
    }
    while (!lines.isEmpty() && lines.get(0).isEmpty()) {
      lines.remove(0);
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return List.copyOf(lines);
  }

  /** The content lines joined with single spaces. */
  public String content() {
    return String.join(" ", contentLines()).strip();
  }

  @Override
  public String toString() {
    return "Comment@" + range;
  }
}
