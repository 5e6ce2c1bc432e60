package org.mmreview.review;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;

/**
 * The hunks of a file that show one function, joined so that the analyses see the function's added
 * code whole. A patch that declares a variable near a function's top and uses it thirty lines down
 * comes as two hunks; parsed apart, the def-use, the CFG and every rule that needs both see only
 * one of them. A hunk joins the one before when git's section heading says it starts inside a
 * function ({@code @@ ... @@ static int foo(...)}) that the hunk before is inside of too: it shows
 * that function's first line after its last closing brace in column one, or it starts inside the
 * same function and closes none. The gap between them, lines the patch does not show, must be at
 * most {@link #MAX_GAP} lines.
 *
 * <p>The joined text keeps the file's line numbers: the gap becomes that many lines holding no
 * code, so every node, and so every finding, keeps its line, and the diff filter still drops
 * findings on lines the patch does not add. The gap's code may open or close blocks; the kernel's
 * indentation tells how many (one tab a level): the first gap line gets the braces that bring the
 * depth the first hunk ends at to the depth the next one starts at, so the statements after the gap
 * sit as deep as they do in the file (the blocks they sit in may differ from the file's: the
 * analyses see the gap's code as absent, which it is to them anyway).
 */
final class FunctionHunks {
  /**
   * The largest gap joined. Past it, the two hunks share less and less (other locals, other
   * blocks), and the indentation guess spans more unseen code.
   */
  static final int MAX_GAP = 40;

  private FunctionHunks() {}

  /** The hunks, in order, grouped: each group one hunk or the nearby hunks of one function. */
  static List<List<Hunk>> groups(List<Hunk> hunks) {
    List<List<Hunk>> out = new ArrayList<>();
    List<Hunk> current = null;
    for (Hunk h : hunks) {
      if (current != null && joins(current.get(current.size() - 1), h)) {
        current.add(h);
        continue;
      }
      current = new ArrayList<>();
      current.add(h);
      out.add(current);
    }
    return out;
  }

  /** One side ({@code own}: added or removed lines, with the context) of a group, gaps filled. */
  static String joined(List<Hunk> group, HunkLine.Kind own) {
    if (group.size() == 1) {
      return ReviewPlanner.side(group.get(0), own);
    }
    StringBuilder b = new StringBuilder();
    Hunk before = null;
    for (Hunk h : group) {
      String text = ReviewPlanner.side(h, own);
      if (before != null) {
        int gap = gap(before, h);
        String previous = ReviewPlanner.side(before, own);
        // a comment the hunk before leaves open ends in the gap (joins() made sure the next hunk
        // does not start inside one)
        String depth = braces(previous, text);
        // indented: a brace in column one reads as a function's edge to the top-level splitter,
        // and a gap closing a block would end the function there
        String fill =
            (endsInComment(previous) ? "*/" : "")
                + (depth == null || depth.isEmpty() ? "" : "\t" + depth);
        for (int i = 0; i < gap; i++) {
          b.append(i == 0 ? fill : "").append('\n');
        }
      }
      b.append(text);
      before = h;
    }
    return b.toString();
  }

  /** Whether {@code next} continues the function {@code h} ends inside. */
  static boolean joins(Hunk h, Hunk next) {
    int gap = gap(h, next);
    if (gap < 1 || gap > MAX_GAP || next.headingFunction().isEmpty()) {
      return false;
    }
    String heading = next.sectionHeading().strip();
    if (heading.isEmpty()) {
      return false;
    }
    String text = ReviewPlanner.side(h, HunkLine.Kind.ADD);
    List<String> lines = text.lines().toList();
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (!l.isBlank()
          && !Character.isWhitespace(l.charAt(0))
          && (heading.startsWith(l.strip()) || l.strip().startsWith(heading))) {
        header = i;
      }
    }
    if (header < 0 && !heading.equals(h.sectionHeading().strip())) {
      return false;
    }
    // the function must still be open at the hunk's end: no closing brace in column one after its
    // header (or anywhere, when the hunk starts inside it)
    for (int i = header + 1; i < lines.size(); i++) {
      if (lines.get(i).startsWith("}")) {
        return false;
      }
    }
    String after = ReviewPlanner.side(next, HunkLine.Kind.ADD);
    return braces(text, after) != null
        && !startsInComment(after)
        && !startsInComment(ReviewPlanner.side(next, HunkLine.Kind.REMOVE));
  }

  /**
   * Whether {@code text} ends inside a block comment (one its last lines open, the hunk cut). Text
   * in string and character literals is skipped.
   */
  static boolean endsInComment(String text) {
    return commentState(text) == 1;
  }

  /**
   * Whether {@code text} starts inside a block comment: a {@code *}{@code /} comes before any
   * {@code /}{@code *} (the hunk's context starts in a comment's middle).
   */
  static boolean startsInComment(String text) {
    int close = text.indexOf("*/");
    int open = text.indexOf("/*");
    return close >= 0 && (open < 0 || close < open);
  }

  /** 1 when {@code text} ends inside a block comment, 0 otherwise. */
  private static int commentState(String text) {
    boolean comment = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char n = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (comment) {
        if (c == '*' && n == '/') {
          comment = false;
          i++;
        }
      } else if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote || c == '\n') {
          quote = 0;
        }
      } else if (c == '/' && n == '*') {
        comment = true;
        i++;
      } else if (c == '/' && n == '/') {
        int eol = text.indexOf('\n', i);
        i = eol < 0 ? text.length() : eol;
      } else if (c == '"' || c == '\'') {
        quote = c;
      }
    }
    return comment ? 1 : 0;
  }

  /** The lines between the end of {@code h} and the start of {@code next} in the post-image. */
  private static int gap(Hunk h, Hunk next) {
    return next.newStart() - (h.newStart() + h.newCount());
  }

  /**
   * The braces that take the block depth at the end of {@code before} to the depth at the start of
   * {@code after}, by their indentation: '}' for each level the gap closes, '{' for each it opens;
   * empty when the depth is the same. The depth of a line is its tabs, one more for a {@code case}
   * label (set at its switch's column) and for a line closing a block; a statement's depth is that
   * of its first line (continuation lines are set deeper), one more after it when it opens a block.
   * Null when either side shows no line to tell, when both are at the top level (the function lies
   * wholly in the gap), or when the next hunk starts at a {@code case} label the gap would open
   * blocks for: the switch is in the gap, and a label outside one would mislead the control flow.
   */
  static String braces(String before, String after) {
    List<String> lines = before.lines().toList();
    int last = lines.size() - 1;
    while (last >= 0 && !tellsDepth(lines.get(last))) {
      last--;
    }
    if (last < 0) {
      return null;
    }
    int first = last;
    for (int i = last - 1; i >= 0; i--) {
      String l = lines.get(i);
      if (!tellsDepth(l) && !isContinuation(l)) {
        continue;
      }
      if (endsStatement(l)) {
        break;
      }
      if (tellsDepth(l)) {
        first = i;
      }
    }
    String opener = lines.get(first);
    int end =
        tabs(opener)
            + (isCaseLabel(opener) ? 1 : 0)
            + (stripComments(lines.get(last)).stripTrailing().endsWith("{") ? 1 : 0);
    int start = -1;
    String next = null;
    for (String l : after.lines().toList()) {
      if (tellsDepth(l)) {
        next = l;
        start = tabs(l) + (l.strip().startsWith("}") ? 1 : 0) + (isCaseLabel(l) ? 1 : 0);
        break;
      }
    }
    if (start < 0 || start == 0 && end == 0 || start > end && isCaseLabel(next)) {
      // nothing tells the depth, or both sides are outside any function, or a switch in the gap
      return null;
    }
    return (end > start ? "}" : "{").repeat(Math.abs(end - start));
  }

  private static boolean endsStatement(String l) {
    String s = stripComments(l).stripTrailing();
    return s.endsWith(";") || s.endsWith("{") || s.endsWith("}") || s.endsWith(":");
  }

  private static String stripComments(String l) {
    int at = l.indexOf("//");
    String s = at >= 0 ? l.substring(0, at) : l;
    int block = s.lastIndexOf("/*");
    return block >= 0 && s.indexOf("*/", block) > 0 ? s.substring(0, block) : s;
  }

  private static boolean isCaseLabel(String l) {
    String s = l.strip();
    return s.startsWith("case ") || s.startsWith("default:") || s.startsWith("default :");
  }

  /**
   * A line whose indentation is its depth: code set with tabs only (none at the top level), not a
   * comment, a preprocessor line or a goto label (each set at its own column), nor a continuation
   * line aligned with spaces.
   */
  private static boolean tellsDepth(String l) {
    int t = tabs(l);
    if (t == l.length() || l.charAt(t) == ' ') {
      return false;
    }
    String s = l.strip();
    return !s.isEmpty()
        && !s.startsWith("*")
        && !s.startsWith("/*")
        && !s.startsWith("//")
        && !s.startsWith("#")
        && !(t == 0 && LABEL.matcher(s).matches());
  }

  /** A line aligned with spaces after its tabs: part of a statement begun above. */
  private static boolean isContinuation(String l) {
    int t = tabs(l);
    return t < l.length() && l.charAt(t) == ' ' && !l.isBlank() && !l.strip().startsWith("*");
  }

  private static final Pattern LABEL = Pattern.compile("\\w+:");

  private static int tabs(String l) {
    int n = 0;
    while (n < l.length() && l.charAt(n) == '\t') {
      n++;
    }
    return n;
  }
}
