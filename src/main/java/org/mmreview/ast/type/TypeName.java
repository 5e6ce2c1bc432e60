package org.mmreview.ast.type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.Words;

/**
 * A type as written, in a normalised spelling such as {@code struct vm_area_struct *} or {@code int
 * (*)(int)} (abstract declarator form: no declared name inside).
 */
public final class TypeName extends Node {
  // compiled once: types are normalised and tested for every declaration of every parsed hunk
  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
  private static final Pattern RECORD = Pattern.compile("(.*\\s)?(struct|union)\\s.*");
  private static final Pattern MACRO_CALL = Pattern.compile("[A-Z_][A-Z0-9_]*\\s*\\(.*\\)");

  private static final Set<String> QUALIFIERS =
      Set.of(
          "const",
          "volatile",
          "restrict",
          "__restrict",
          "__restrict__",
          "_Atomic",
          "__rcu",
          "__user",
          "__iomem",
          "__percpu",
          "__force",
          "__kernel",
          "__must_check",
          "register",
          "struct",
          "union",
          "enum",
          "signed",
          "__signed__");

  private final String spelling;

  public TypeName(Range range, String spelling) {
    super(range);
    this.spelling = normalise(spelling);
  }

  /** The normalised spelling: single spaces, {@code *} attached as in {@code struct foo *}. */
  @Override
  public String text() {
    return spelling;
  }

  /** Same as {@link #text()}. */
  public String spelling() {
    return spelling;
  }

  /**
   * The name of the underlying type without qualifiers, struct/union/enum keyword, pointers and
   * arrays: {@code vm_area_struct} for {@code const struct vm_area_struct *}, {@code unsigned long}
   * for {@code unsigned long}.
   */
  public String baseName() {
    String s = spelling;
    int paren = s.indexOf('(');
    if (paren >= 0) {
      s = s.substring(0, paren);
    }
    int bracket = s.indexOf('[');
    if (bracket >= 0) {
      s = s.substring(0, bracket);
    }
    List<String> words = new ArrayList<>();
    for (String w : WHITE_SPACE.split(s.replace('*', ' ').trim())) {
      if (!w.isEmpty() && !QUALIFIERS.contains(w)) {
        words.add(w);
      }
    }
    return String.join(" ", words);
  }

  /**
   * Number of {@code *} at the outer level: 1 for {@code struct page *}, 1 for a function pointer.
   */
  public int pointerDepth() {
    if (isFunctionPointer()) {
      return 1;
    }
    int n = 0;
    for (char c : spelling.toCharArray()) {
      if (c == '*') {
        n++;
      }
    }
    return n;
  }

  /** True for pointers, including function pointers. */
  public boolean isPointer() {
    return pointerDepth() > 0;
  }

  /** True for {@code ret (*)(args)}. */
  public boolean isFunctionPointer() {
    return spelling.contains("(*");
  }

  /** True for array types such as {@code int [4]}. */
  public boolean isArray() {
    return !isFunctionPointer() && spelling.contains("[");
  }

  /** True when the spelling names a struct or union (possibly through pointers). */
  public boolean isRecord() {
    return RECORD.matcher(spelling).matches()
        || spelling.startsWith("struct ")
        || spelling.startsWith("union ");
  }

  /**
   * This type declaring {@code name}: {@code struct page *p}, {@code int (*fn)(int)}, {@code int
   * a[4]}, {@code int f(void)} for the function type {@code int (void)}.
   */
  public String declare(String name) {
    if (name == null || name.isEmpty() || isMacroDeclaring(name)) {
      return spelling;
    }
    int fp = spelling.indexOf("(*");
    if (fp >= 0) {
      int close = spelling.indexOf(')', fp);
      return spelling.substring(0, close) + name + spelling.substring(close);
    }
    int paren = parameterListStart();
    if (paren >= 0) {
      // A function type, "int (struct page *)": the name goes before the parameter list.
      String head = spelling.substring(0, paren).stripTrailing();
      return head + (head.endsWith("*") ? "" : " ") + name + spelling.substring(paren);
    }
    int bracket = spelling.indexOf('[');
    if (bracket >= 0) {
      String head = spelling.substring(0, bracket).stripTrailing();
      return head
          + (head.endsWith("*") ? "" : " ")
          + name
          + spelling.substring(bracket).replace(" [", "[");
    }
    return spelling + (spelling.endsWith("*") ? "" : " ") + name;
  }

  private static final Set<String> TYPE_OPERATORS =
      Set.of(
          "typeof",
          "__typeof__",
          "__typeof",
          "_Atomic",
          "__attribute__",
          "__aligned",
          "_Alignas",
          "alignas",
          "__attribute");

  /**
   * True for a macro that declares the name itself: {@code DECLARE_BITMAP(map, N)} declaring map.
   */
  public boolean isMacroDeclaring(String name) {
    return MACRO_CALL.matcher(spelling).matches() && Words.contains(spelling, name);
  }

  /** Where the parameter list of a function type starts, or -1 when this is not one. */
  private int parameterListStart() {
    if (!spelling.endsWith(")")) {
      return -1;
    }
    int depth = 0;
    for (int i = spelling.length() - 1; i >= 0; i--) {
      char c = spelling.charAt(i);
      if (c == ')') {
        depth++;
      } else if (c == '(' && --depth == 0) {
        String head = spelling.substring(0, i).stripTrailing();
        int w = head.length();
        while (w > 0 && Character.isJavaIdentifierPart(head.charAt(w - 1))) {
          w--;
        }
        return head.isEmpty() || TYPE_OPERATORS.contains(head.substring(w)) ? -1 : i;
      }
    }
    return -1;
  }

  /**
   * Collapses white space and formats pointer stars as {@code T *}, {@code T **}: white space runs
   * become one space, none is kept beside a {@code *}, and a star gets a space before it (but after
   * another star, a {@code (} or at the start) and one after it when a name follows. One pass over
   * the characters: every declaration of every parsed hunk makes a type name.
   */
  static String normalise(String raw) {
    String s = raw.strip();
    int n = s.length();
    StringBuilder b = new StringBuilder(n + 4);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Words.isRegexSpace(c)) {
        int next = Words.skipSpace(s, i);
        char before = b.length() > 0 ? b.charAt(b.length() - 1) : ' ';
        if (before != '*' && before != ' ' && (next >= n || s.charAt(next) != '*')) {
          b.append(' ');
        }
        i = next - 1;
      } else if (c == '*') {
        char before = b.length() > 0 ? b.charAt(b.length() - 1) : ' ';
        if (before != '*' && before != '(' && before != ' ') {
          b.append(' ');
        }
        b.append('*');
        int next = Words.skipSpace(s, i + 1);
        if (next < n && Character.isJavaIdentifierPart(s.charAt(next))) {
          b.append(' ');
        }
        i = next - 1;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("spelling", spelling, "baseName", baseName(), "pointer", isPointer());
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
