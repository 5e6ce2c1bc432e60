package org.mmreview.intake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads unified diffs the way {@code git apply} does: {@code diff --git} headers with their
 * extended lines (modes, renames, copies, binary), traditional {@code ---}/{@code +++} pairs, and
 * hunks whose line counts must match their bodies. Text between file sections (commit message,
 * diffstat, signature) is ignored. Never throws: problems come back as data.
 */
public final class DiffParser {

  /**
   * The most lines a hunk may reach (start plus count): far above any source file, low enough that
   * line arithmetic downstream never overflows an int.
   */
  static final int MAX_LINES = 10_000_000;

  private static final Pattern HUNK_HEADER =
      Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@ ?(.*)$");

  /** The files read from a diff text and what was wrong with it. */
  public record Result(List<FileChange> files, List<String> problems) {
    public Result {
      files = List.copyOf(files);
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final String[] lines;
  private final int lineOffset;
  private final boolean lastLineTerminated;
  private final List<FileChange> files = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private int pos;

  private DiffParser(String text, int lineOffset) {
    this.lines = text.split("\n", -1);
    this.lastLineTerminated = text.endsWith("\n");
    this.lineOffset = lineOffset;
  }

  /** Parses a diff whose first line is line 1. */
  public static Result parse(String text) {
    return parse(text, 0);
  }

  /**
   * Parses a diff embedded in a larger text.
   *
   * @param lineOffset number of lines of the enclosing text before {@code text}'s first line
   */
  public static Result parse(String text, int lineOffset) {
    DiffParser p = new DiffParser(text, lineOffset);
    p.run();
    return new Result(p.files, p.problems);
  }

  private int count() {
    // split() leaves one empty trailing element after a final newline
    return lastLineTerminated ? lines.length - 1 : lines.length;
  }

  private String line(int i) {
    return lines[i];
  }

  /**
   * A header line without the CR of a CRLF end: a diff passed through a CRLF tool keeps its paths
   * and headers. Body lines keep theirs (a CR there may be file content).
   */
  private String headerLine(int i) {
    String l = lines[i];
    return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
  }

  private int patchLine(int i) {
    return lineOffset + i + 1;
  }

  private void run() {
    int n = count();
    pos = 0;
    while (pos < n) {
      String l = line(pos);
      if (l.startsWith("diff --git ")) {
        if (!gitSection()) {
          return;
        }
      } else if (l.startsWith("--- ")
          && pos + 2 < n
          && line(pos + 1).startsWith("+++ ")
          && line(pos + 2).startsWith("@@ -")) {
        if (!traditionalSection()) {
          return;
        }
      } else if (l.startsWith("@@ -") && HUNK_HEADER.matcher(l).matches()) {
        problems.add("line " + patchLine(pos) + ": hunk without a file header");
        return;
      } else if (l.startsWith("@@@ ")) {
        problems.add("line " + patchLine(pos) + ": combined diff (merge) is not supported");
        return;
      } else {
        pos++;
      }
    }
  }

  /** Parses one {@code diff --git} section; false when the diff is corrupt. */
  private boolean gitSection() {
    int headerLine = pos;
    String[] names = gitHeaderNames(headerLine(pos).substring("diff --git ".length()));
    String oldPath = names[0];
    String newPath = names[1];
    ChangeType type = ChangeType.MODIFY;
    boolean binary = false;
    Optional<String> oldMode = Optional.empty();
    Optional<String> newMode = Optional.empty();
    pos++;
    int n = count();
    while (pos < n) {
      String l = headerLine(pos);
      if (l.startsWith("old mode ")) {
        oldMode = Optional.of(l.substring(9).trim());
      } else if (l.startsWith("new mode ")) {
        newMode = Optional.of(l.substring(9).trim());
      } else if (l.startsWith("deleted file mode ")) {
        type = ChangeType.DELETE;
        oldMode = Optional.of(l.substring(18).trim());
      } else if (l.startsWith("new file mode ")) {
        type = ChangeType.ADD;
        newMode = Optional.of(l.substring(14).trim());
      } else if (l.startsWith("rename from ")) {
        type = ChangeType.RENAME;
        oldPath = unquote(l.substring(12));
      } else if (l.startsWith("rename to ")) {
        type = ChangeType.RENAME;
        newPath = unquote(l.substring(10));
      } else if (l.startsWith("rename old ") || l.startsWith("rename new ")) {
        type = ChangeType.RENAME;
        String p = unquote(l.substring(11));
        if (l.startsWith("rename old ")) {
          oldPath = p;
        } else {
          newPath = p;
        }
      } else if (l.startsWith("copy from ")) {
        type = ChangeType.COPY;
        oldPath = unquote(l.substring(10));
      } else if (l.startsWith("copy to ")) {
        type = ChangeType.COPY;
        newPath = unquote(l.substring(8));
      } else if (l.startsWith("similarity index ")
          || l.startsWith("dissimilarity index ")
          || l.startsWith("index ")) {
        // informational
      } else if (l.startsWith("--- ")) {
        String p = gitFileName(l.substring(4));
        if (p.equals(FileChange.DEV_NULL)) {
          type = ChangeType.ADD;
        } else if (type != ChangeType.RENAME && type != ChangeType.COPY) {
          oldPath = stripPrefix(p);
        }
      } else if (l.startsWith("+++ ")) {
        String p = gitFileName(l.substring(4));
        if (p.equals(FileChange.DEV_NULL)) {
          type = ChangeType.DELETE;
        } else if (type != ChangeType.RENAME && type != ChangeType.COPY) {
          newPath = stripPrefix(p);
        }
      } else if (l.startsWith("GIT binary patch")
          || (l.startsWith("Binary files ") && l.endsWith(" differ"))) {
        binary = true;
        pos++;
        while (pos < n && !line(pos).startsWith("diff --git ")) {
          pos++;
        }
        break;
      } else {
        break;
      }
      pos++;
    }
    if (type == ChangeType.ADD) {
      oldPath = FileChange.DEV_NULL;
    } else if (type == ChangeType.DELETE) {
      newPath = FileChange.DEV_NULL;
    }
    if (oldPath == null && newPath == null) {
      problems.add(
          "line " + patchLine(headerLine) + ": cannot read the file names of 'diff --git'");
      return false;
    }
    if (oldPath == null) {
      oldPath = newPath;
    }
    if (newPath == null) {
      newPath = oldPath;
    }
    List<Hunk> hunks = new ArrayList<>();
    if (!binary && !hunks(hunks)) {
      return false;
    }
    files.add(FileChange.fromDiff(oldPath, newPath, type, binary, hunks, oldMode, newMode));
    return true;
  }

  /** Parses a traditional {@code --- a} / {@code +++ b} section. */
  private boolean traditionalSection() {
    String oldName = fileName(headerLine(pos).substring(4));
    String newName = fileName(headerLine(pos + 1).substring(4));
    pos += 2;
    ChangeType type = ChangeType.MODIFY;
    String oldPath = stripPrefix(oldName);
    String newPath = stripPrefix(newName);
    if (oldName.equals(FileChange.DEV_NULL)) {
      type = ChangeType.ADD;
      oldPath = FileChange.DEV_NULL;
    } else if (newName.equals(FileChange.DEV_NULL)) {
      type = ChangeType.DELETE;
      newPath = FileChange.DEV_NULL;
    }
    List<Hunk> hunks = new ArrayList<>();
    if (!hunks(hunks)) {
      return false;
    }
    files.add(
        FileChange.fromDiff(
            oldPath, newPath, type, false, hunks, Optional.empty(), Optional.empty()));
    return true;
  }

  /** Reads consecutive hunks at {@code pos}; false (with a problem) when one is corrupt. */
  private boolean hunks(List<Hunk> out) {
    int n = count();
    while (pos < n && line(pos).startsWith("@@ -")) {
      int headerIndex = pos;
      Matcher m = HUNK_HEADER.matcher(headerLine(pos));
      if (!m.matches()) {
        problems.add(
            "line " + patchLine(pos) + ": malformed hunk header '" + clip(line(pos)) + "'");
        return false;
      }
      long oldStartValue = lineNumber(m.group(1));
      long oldCountValue = m.group(2) == null ? 1 : lineNumber(m.group(2));
      long newStartValue = lineNumber(m.group(3));
      long newCountValue = m.group(4) == null ? 1 : lineNumber(m.group(4));
      if (oldStartValue + oldCountValue > MAX_LINES || newStartValue + newCountValue > MAX_LINES) {
        problems.add(
            "line "
                + patchLine(pos)
                + ": hunk header out of range (more than "
                + MAX_LINES
                + " lines): '"
                + clip(headerLine(pos))
                + "'");
        return false;
      }
      int oldStart = (int) oldStartValue;
      int oldCount = (int) oldCountValue;
      int newStart = (int) newStartValue;
      int newCount = (int) newCountValue;
      String heading = m.group(5);
      pos++;
      int oldLeft = oldCount;
      int newLeft = newCount;
      int oldLine = oldStart == 0 ? 0 : oldStart;
      int newLine = newStart == 0 ? 0 : newStart;
      List<HunkLine> body = new ArrayList<>();
      while (oldLeft > 0 || newLeft > 0) {
        if (pos >= n) {
          problems.add(
              "line "
                  + patchLine(headerIndex)
                  + ": hunk ends early: header says -"
                  + oldCount
                  + " +"
                  + newCount
                  + " but the patch ends with "
                  + oldLeft
                  + " old and "
                  + newLeft
                  + " new lines missing");
          return false;
        }
        String l = line(pos);
        char c = l.isEmpty() ? '\n' : l.charAt(0);
        switch (c) {
          case ' ', '\n' -> {
            if (oldLeft == 0 || newLeft == 0) {
              return countMismatch(headerIndex, oldCount, newCount, oldLeft, newLeft);
            }
            body.add(
                new HunkLine(
                    HunkLine.Kind.CONTEXT,
                    l.isEmpty() ? "" : l.substring(1),
                    oldLine++,
                    newLine++,
                    patchLine(pos),
                    false));
            oldLeft--;
            newLeft--;
          }
          case '-' -> {
            if (oldLeft == 0) {
              return countMismatch(headerIndex, oldCount, newCount, oldLeft, newLeft);
            }
            body.add(
                new HunkLine(
                    HunkLine.Kind.REMOVE, l.substring(1), oldLine++, 0, patchLine(pos), false));
            oldLeft--;
          }
          case '+' -> {
            if (newLeft == 0) {
              return countMismatch(headerIndex, oldCount, newCount, oldLeft, newLeft);
            }
            body.add(
                new HunkLine(
                    HunkLine.Kind.ADD, l.substring(1), 0, newLine++, patchLine(pos), false));
            newLeft--;
          }
          case '\\' -> {
            if (!markNoNewline(body, l)) {
              return damaged(headerIndex, pos);
            }
          }
          default -> {
            return damaged(headerIndex, pos);
          }
        }
        pos++;
      }
      // "\ No newline at end of file" after the last counted line
      if (pos < n && line(pos).startsWith("\\ ") && line(pos).length() >= 12) {
        markNoNewline(body, line(pos));
        pos++;
      }
      if (body.stream().noneMatch(h -> h.kind() != HunkLine.Kind.CONTEXT)) {
        problems.add("line " + patchLine(headerIndex) + ": hunk changes nothing");
        return false;
      }
      out.add(
          new Hunk(oldStart, oldCount, newStart, newCount, heading, body, patchLine(headerIndex)));
    }
    return true;
  }

  /** A hunk header number; anything too long to be a line number reads as out of range. */
  private static long lineNumber(String digits) {
    return digits.length() > 9 ? Long.MAX_VALUE / 4 : Long.parseLong(digits);
  }

  private static boolean markNoNewline(List<HunkLine> body, String l) {
    if (body.isEmpty() || !l.startsWith("\\ ") || l.length() < 12) {
      return false;
    }
    HunkLine last = body.remove(body.size() - 1);
    body.add(
        new HunkLine(
            last.kind(), last.text(), last.oldLine(), last.newLine(), last.patchLine(), true));
    return true;
  }

  private boolean countMismatch(
      int headerIndex, int oldCount, int newCount, int oldLeft, int newLeft) {
    problems.add(
        "line "
            + patchLine(headerIndex)
            + ": hunk line counts do not match its header -"
            + oldCount
            + " +"
            + newCount
            + " (line "
            + patchLine(pos)
            + " is one more '"
            + (line(pos).isEmpty() ? ' ' : line(pos).charAt(0))
            + "' line than announced)");
    return false;
  }

  private boolean damaged(int headerIndex, int at) {
    String l = line(at);
    String prev = at > 0 ? line(at - 1) : "";
    String what;
    if (prev.length() >= 60 && !l.isEmpty() && !Character.isWhitespace(l.charAt(0))) {
      what = "line-wrapped patch: line " + patchLine(at) + " continues the previous line";
    } else if (!l.isEmpty() && (l.charAt(0) == '\t' || Character.isWhitespace(l.charAt(0)))) {
      what = "whitespace-damaged patch: line " + patchLine(at) + " lost its leading ' '";
    } else {
      what = "corrupt hunk: line " + patchLine(at) + " does not start with ' ', '+' or '-'";
    }
    problems.add(what + " (hunk at line " + patchLine(headerIndex) + ": '" + clip(l) + "')");
    return false;
  }

  private static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /**
   * The name in a {@code ---}/{@code +++} line of a git diff: up to a tab, unquoted, trailing
   * spaces kept (as {@code git apply} keeps them).
   */
  static String gitFileName(String s) {
    if (s.startsWith("\"")) {
      return unquote(s);
    }
    int tab = s.indexOf('\t');
    String name = tab >= 0 ? s.substring(0, tab) : s;
    return name.equals(FileChange.DEV_NULL + " ") ? FileChange.DEV_NULL : name;
  }

  /** The name part of a traditional {@code ---}/{@code +++} line: up to a tab, unquoted. */
  static String fileName(String s) {
    if (s.startsWith("\"")) {
      return unquote(s);
    }
    int tab = s.indexOf('\t');
    String name = tab >= 0 ? s.substring(0, tab) : s;
    // traditional diffs put a date after spaces; git never does for names without spaces
    return name.stripTrailing();
  }

  /** Drops the first path component ({@code a/}, {@code b/}, or any other, like -p1). */
  static String stripPrefix(String p) {
    if (p.equals(FileChange.DEV_NULL)) {
      return p;
    }
    int slash = p.indexOf('/');
    return slash >= 0 ? p.substring(slash + 1) : p;
  }

  /** Reads {@code a/x b/y} (possibly quoted) from a {@code diff --git} line. */
  static String[] gitHeaderNames(String rest) {
    if (rest.startsWith("\"")) {
      int end = endOfQuoted(rest);
      String a = unquote(rest.substring(0, end + 1));
      String b = rest.substring(end + 1).trim();
      return new String[] {stripPrefix(a), stripPrefix(unquote(b))};
    }
    if (rest.endsWith("\"")) {
      int start = rest.lastIndexOf(" \"");
      if (start > 0) {
        return new String[] {
          stripPrefix(rest.substring(0, start)), stripPrefix(unquote(rest.substring(start + 1)))
        };
      }
    }
    // Same name on both sides is the common case: "a/NAME b/NAME".
    int len = rest.length();
    if (len % 2 == 1) {
      int half = len / 2;
      String a = rest.substring(0, half);
      String b = rest.substring(half + 1);
      if (rest.charAt(half) == ' ' && stripPrefix(a).equals(stripPrefix(b))) {
        return new String[] {stripPrefix(a), stripPrefix(b)};
      }
    }
    int sp = rest.indexOf(" b/");
    if (sp > 0) {
      return new String[] {stripPrefix(rest.substring(0, sp)), stripPrefix(rest.substring(sp + 1))};
    }
    int any = rest.indexOf(' ');
    if (any > 0) {
      return new String[] {
        stripPrefix(rest.substring(0, any)), stripPrefix(rest.substring(any + 1))
      };
    }
    return new String[] {null, null};
  }

  private static int endOfQuoted(String s) {
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.charAt(i) == '"') {
        return i;
      }
    }
    return s.length() - 1;
  }

  /** Undoes git's C-style quoting of path names. */
  static String unquote(String s) {
    s = s.strip();
    if (s.length() < 2 || !s.startsWith("\"") || !s.endsWith("\"")) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length() - 1) {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> out.write('\n');
        case 't' -> out.write('\t');
        case 'a' -> out.write(7);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'r' -> out.write('\r');
        case 'v' -> out.write(11);
        case '"', '\\' -> out.write(e);
        default -> {
          if (e >= '0' && e <= '7' && i + 2 < s.length()) {
            out.write(Integer.parseInt(s.substring(i, i + 3), 8));
            i += 2;
          } else {
            out.write(e);
          }
        }
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
