package org.mmreview.rules.checks.stubs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.analysis.Prototypes;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.review.ReviewedFile;

/**
 * The file-scope function declarations of a stretch of C text, read line by line as kernel style
 * lays them out: a declaration starts in column 0 (its continuation lines are indented), and a
 * definition's body ends at a {@code }} in column 0. Text, not the parser: a header's {@code #if}
 * and {@code #else} branches must both be read, and a hunk shows them without the directives that
 * would let the parser pick one.
 */
public final class FunctionDeclarations {
  /** What may follow a parameter list: attributes such as {@code __acquires(lock)}. */
  private static final Pattern TRAILER =
      Pattern.compile("(?:\\s*(?:__\\w+|const)(?:\\([^;{]*?\\))?)*\\s*");

  /** What a stub's one statement may return: a constant, a negative errno, an error pointer. */
  private static final Pattern STUB_RETURN =
      Pattern.compile(
          "return(?:\\s+(?:\\((?:[\\w\\s*]+)\\)\\s*)?(?:-?\\w+|ERR_PTR\\(\\s*-\\w+\\s*\\)))?\\s*;");

  private static final Pattern LAST_IDENTIFIER = Pattern.compile("\\b([A-Za-z_]\\w*)\\s*$");

  private static final Pattern STATIC = Pattern.compile("(?:.*\\s)?static\\b.*");
  private static final Pattern MACRO_NAME = Pattern.compile("[A-Z0-9_]+");
  private static final Pattern TYPE_WORDS = Pattern.compile("[\\w\\s*]+");
  private static final Pattern TYPE_SEPARATORS = Pattern.compile("[\\s*]+");

  private static final Set<String> NOT_TYPES =
      Set.of("return", "if", "while", "for", "switch", "sizeof", "typedef", "else", "goto");

  /** Where a declaration stands. */
  public enum Kind {
    /** {@code int foo(int a);} */
    PROTOTYPE,
    /** A definition with a body that does something. */
    DEFINITION,
    /** A {@code static inline} definition whose body is empty or one constant {@code return}. */
    STUB
  }

  /**
   * One function declaration.
   *
   * @param name the function's name
   * @param params its parameter count, -1 for a variadic one
   * @param kind prototype, definition or stub
   * @param isStatic declared {@code static}
   * @param line the line of its name
   * @param lines the lines of its signature, first to last
   */
  public record Declaration(
      String name, int params, Kind kind, boolean isStatic, int line, int[] lines) {
    /** The line range of the signature. */
    public int firstLine() {
      return lines[0];
    }

    public int lastLine() {
      return lines[lines.length - 1];
    }
  }

  private FunctionDeclarations() {}

  /** {@link #scan} of a unit's text from line 1, remembered across the patches of a thread. */
  private static final UnitTextMemo<List<Declaration>> FROM_LINE_ONE =
      new UnitTextMemo<>(text -> List.copyOf(scan(text, 1)));

  /**
   * {@link #scan} of a unit of the patch under review, scanned once per text: config-stub-mismatch
   * reads every file's declarations, forward-declaration-unneeded its own file's.
   */
  public static List<Declaration> ofUnit(ReviewedFile file, CompilationUnit u) {
    return movedBy(FROM_LINE_ONE.get(file, u), u.range().beginLine() - 1);
  }

  /** Declarations read from line 1, as read from line {@code 1 + by}. */
  static List<Declaration> movedBy(List<Declaration> fromOne, int by) {
    if (by == 0 || fromOne.isEmpty()) {
      return fromOne;
    }
    List<Declaration> moved = new ArrayList<>(fromOne.size());
    for (Declaration d : fromOne) {
      int[] lines = d.lines().clone();
      for (int k = 0; k < lines.length; k++) {
        lines[k] += by;
      }
      moved.add(
          new Declaration(d.name(), d.params(), d.kind(), d.isStatic(), d.line() + by, lines));
    }
    return Collections.unmodifiableList(moved);
  }

  /**
   * The function declarations of {@code text}, whose first line is line {@code firstLine}: comments
   * and strings blanked first, preprocessor lines skipped.
   */
  public static List<Declaration> scan(String text, int firstLine) {
    Lines lines = new Lines(blankedChars(text));
    int count = lines.size();
    List<Declaration> out = new ArrayList<>();
    int i = 0;
    while (i < count) {
      if (!startsDeclaration(lines.first(i))) {
        i++;
        continue;
      }
      StringBuilder sig = new StringBuilder();
      int depth = 0;
      int j = i;
      char end = 0;
      scanning:
      for (; j < count && j < i + 12; j++) {
        String s = lines.get(j);
        // a name in column 0 after its return type's line is kernel style; after a parameter
        // list it starts the next declaration
        boolean nextDeclaration =
            startsDeclaration(lines.first(j)) && sig.indexOf("(") >= 0 && depth == 0;
        if (j > i && (s.startsWith("#") || nextDeclaration || s.startsWith("}"))) {
          break;
        }
        for (int k = 0; k < s.length(); k++) {
          char c = s.charAt(k);
          if (c == '(') {
            depth++;
          } else if (c == ')') {
            depth--;
          } else if (depth == 0 && (c == ';' || c == '{' || c == '=')) {
            end = c;
            sig.append(s, 0, k);
            break scanning;
          }
        }
        sig.append(s).append(' ');
      }
      if (end == 0 || end == '=' || j >= count) {
        i = Math.max(i + 1, Math.min(j, count));
        continue;
      }
      int last = end == '{' ? bodyEnd(lines, j) : j;
      Optional<String[]> parts = split(singleSpaced(sig).trim());
      if (parts.isPresent()) {
        String prefix = parts.get()[0];
        String name = parts.get()[1];
        boolean isStatic = STATIC.matcher(prefix).matches();
        Kind kind =
            end == ';'
                ? Kind.PROTOTYPE
                : isStatic && prefix.contains("inline") && isStubBody(lines, j, last)
                    ? Kind.STUB
                    : Kind.DEFINITION;
        int nameLine = i;
        for (int k = i; k <= j; k++) {
          if (namesCallee(lines.get(k), name)) {
            nameLine = k;
            break;
          }
        }
        int[] sigLines = new int[j - i + 1];
        for (int k = i; k <= j; k++) {
          sigLines[k - i] = firstLine + k;
        }
        out.add(
            new Declaration(
                name,
                parameterCount(parts.get()[2]),
                kind,
                isStatic,
                firstLine + nameLine,
                sigLines));
      }
      i = Math.max(last, j) + 1;
    }
    return out;
  }

  /**
   * A signature's storage class and return type, name and parameter text, when {@code sig} is a
   * function's: the name is the identifier before the first parenthesis, the parameters run to its
   * matching one, and only attributes may follow.
   */
  private static Optional<String[]> split(String sig) {
    int open = sig.indexOf('(');
    if (open < 0) {
      return Optional.empty();
    }
    Matcher name = LAST_IDENTIFIER.matcher(sig.substring(0, open));
    if (!name.find()) {
      return Optional.empty();
    }
    int depth = 0;
    int close = -1;
    for (int k = open; k < sig.length() && close < 0; k++) {
      if (sig.charAt(k) == '(') {
        depth++;
      } else if (sig.charAt(k) == ')' && --depth == 0) {
        close = k;
      }
    }
    String prefix = sig.substring(0, name.start());
    String params = close < 0 ? "" : sig.substring(open + 1, close);
    if (close < 0
        || !TRAILER.matcher(sig.substring(close + 1)).matches()
        || !isReturnType(prefix)
        || MACRO_NAME.matcher(name.group(1)).matches() // a macro: DEFINE_MUTEX(), LIST_HEAD()
        || params.contains("(*")) {
      return Optional.empty();
    }
    return Optional.of(new String[] {prefix, name.group(1), params});
  }

  /**
   * Whether {@code line} has {@code name} as a whole word followed, after any blanks, by {@code (}
   * or the line's end: where a signature spells its function's name.
   */
  private static boolean namesCallee(String line, String name) {
    for (int at = line.indexOf(name); at >= 0; at = line.indexOf(name, at + 1)) {
      if (at > 0 && isWordChar(line.charAt(at - 1))) {
        continue;
      }
      int k = at + name.length();
      while (k < line.length() && " \t\n\u000B\f\r".indexOf(line.charAt(k)) >= 0) {
        k++;
      }
      if (k == line.length() || line.charAt(k) == '(') {
        return true;
      }
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /**
   * True for a line that can start a file-scope declaration in kernel style, given its first
   * character ({@link Lines#first}).
   */
  private static boolean startsDeclaration(char first) {
    return Character.isLetter(first) || first == '_';
  }

  /** The last line of the body opened on line {@code open}: the next {@code }} in column 0. */
  private static int bodyEnd(Lines lines, int open) {
    String opening = lines.get(open);
    int o = opening.indexOf('{');
    if (o >= 0 && opening.indexOf('}', o) > o) {
      return open; // { return 0; } on one line
    }
    for (int k = open + 1; k < lines.size(); k++) {
      char first = lines.first(k);
      if (first == '}') {
        return k;
      }
      if (startsDeclaration(first) || first == '#') {
        return k - 1; // a hunk cut the body short, or the text is not kernel style
      }
    }
    return lines.size() - 1;
  }

  /** True when the body between the braces is empty or one constant-returning statement. */
  private static boolean isStubBody(Lines lines, int open, int close) {
    if (close >= lines.size() || !lines.get(close).contains("}")) {
      return false;
    }
    StringBuilder b = new StringBuilder();
    for (int k = open; k <= close; k++) {
      b.append(lines.get(k)).append(' ');
    }
    String all = b.toString();
    int from = all.indexOf('{');
    int to = all.lastIndexOf('}');
    if (from < 0 || to < from) {
      return false;
    }
    String body = singleSpaced(all.substring(from + 1, to)).trim();
    return body.isEmpty() || STUB_RETURN.matcher(body).matches();
  }

  /**
   * {@code s} with every run of blanks ({@code \s}: space, tab, newline, vertical tab, form feed,
   * carriage return) made one space, as {@code s.replaceAll("\\s+", " ")} would give it.
   */
  static String singleSpaced(CharSequence s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean blank = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
        if (!blank) {
          b.append(' ');
          blank = true;
        }
      } else {
        b.append(c);
        blank = false;
      }
    }
    return b.toString();
  }

  /** True when {@code prefix} reads as storage class and return type, not code or a macro. */
  private static boolean isReturnType(String prefix) {
    String p = prefix.trim();
    if (p.isEmpty() || !TYPE_WORDS.matcher(p).matches()) {
      return false; // a label, a macro call, an initialiser
    }
    return !NOT_TYPES.contains(TYPE_SEPARATORS.split(p)[0]);
  }

  /** The number of parameters of {@code params}, the text between the parentheses. */
  static int parameterCount(String params) {
    String p = params.trim();
    if (p.isEmpty() || p.equals("void")) {
      return 0;
    }
    return p.contains("...") ? -1 : Prototypes.topLevelSplit(p).size();
  }

  /** {@code text} with comments and string literals replaced by spaces, newlines kept. */
  static String blankCommentsAndStrings(String text) {
    return new String(blankedChars(text));
  }

  /**
   * The lines of {@link #blankCommentsAndStrings}, as {@code split("\n", -1)} would give them
   * (FunctionDeclarationsTest): cut from the blanked characters, without the whole blanked text as
   * a string first (it was built, compressed back to Latin-1 and split, once per unit of a patch).
   */
  static String[] blankedLines(String text) {
    Lines lines = new Lines(blankedChars(text));
    String[] out = new String[lines.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = lines.get(i);
    }
    return out;
  }

  /**
   * The lines of blanked characters, each made a string only when the scan reads more of it than
   * its first character: most lines of a unit are inside a body, where only that character counts
   * (a string per line was a fifth of the scan).
   */
  private static final class Lines {
    private final char[] chars;

    /** Where each line starts; one more entry, just past the text's end plus a newline. */
    private final int[] starts;

    private final String[] made;

    Lines(char[] chars) {
      this.chars = chars;
      int count = 1;
      for (char c : chars) {
        if (c == '\n') {
          count++;
        }
      }
      starts = new int[count + 1];
      int line = 1;
      for (int i = 0; i < chars.length; i++) {
        if (chars[i] == '\n') {
          starts[line++] = i + 1;
        }
      }
      starts[count] = chars.length + 1;
      made = new String[count];
    }

    int size() {
      return made.length;
    }

    /** Line {@code i}'s first character, 0 for an empty line. */
    char first(int i) {
      return starts[i + 1] - 1 > starts[i] ? chars[starts[i]] : 0;
    }

    /** Line {@code i}, without its newline. */
    String get(int i) {
      if (made[i] == null) {
        made[i] = new String(chars, starts[i], starts[i + 1] - 1 - starts[i]);
      }
      return made[i];
    }
  }

  private static char[] blankedChars(String text) {
    char[] b = text.toCharArray();
    int n = b.length;
    int i = 0;
    while (i < n) {
      char c = b[i];
      if (c == '/' && i + 1 < n && b[i + 1] == '*') {
        int e = text.indexOf("*/", i + 2);
        e = e < 0 ? n : e + 2;
        blank(b, i, e);
        i = e;
      } else if (c == '/' && i + 1 < n && b[i + 1] == '/') {
        int e = text.indexOf('\n', i);
        e = e < 0 ? n : e;
        blank(b, i, e);
        i = e;
      } else if (c == '"' || c == '\'') {
        int e = i + 1;
        while (e < n && b[e] != c && b[e] != '\n') {
          e += b[e] == '\\' ? 2 : 1;
        }
        e = Math.min(e + 1, n);
        blank(b, i + 1, Math.max(i + 1, e - 1));
        i = e;
      } else {
        i++;
      }
    }
    return b;
  }

  private static void blank(char[] b, int from, int to) {
    for (int k = from; k < to; k++) {
      if (b[k] != '\n') {
        b[k] = ' ';
      }
    }
  }
}
