package org.mmreview.ast.pp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/**
 * A preprocessor line ({@code #include}, {@code #define}, {@code #if} ...), continuations joined.
 */
public final class PreprocessorLine extends Node {
  /**
   * A backslash-newline continuation; compiled once, every directive of every hunk goes through it.
   */
  private static final Pattern CONTINUATION = Pattern.compile("\\\\\\r?\\n");

  /** The directive of a preprocessor line. */
  public enum Directive {
    INCLUDE,
    DEFINE,
    UNDEF,
    IF,
    IFDEF,
    IFNDEF,
    ELIF,
    ELSE,
    ENDIF,
    PRAGMA,
    ERROR,
    OTHER;

    /** The directive for a directive word such as {@code ifdef}; OTHER when unknown. */
    public static Directive of(String word) {
      return switch (word.strip()) {
        case "include", "include_next" -> INCLUDE;
        case "define" -> DEFINE;
        case "undef" -> UNDEF;
        case "if" -> IF;
        case "ifdef" -> IFDEF;
        case "ifndef" -> IFNDEF;
        case "elif", "elifdef", "elifndef" -> ELIF;
        case "else" -> ELSE;
        case "endif" -> ENDIF;
        case "pragma" -> PRAGMA;
        case "error", "warning" -> ERROR;
        default -> OTHER;
      };
    }
  }

  private final Directive directive;
  private final String text;
  private final String macroName;

  /** {@code text} is the whole line with backslash-newline continuations joined. */
  public PreprocessorLine(Range range, Directive directive, String text, String macroName) {
    super(range);
    this.directive = Objects.requireNonNull(directive, "directive");
    this.text = Objects.requireNonNull(text, "text");
    this.macroName = macroName;
  }

  /** Builds the line from its text alone, deriving the directive and the macro name. */
  public static PreprocessorLine parse(Range range, String rawText) {
    String joined =
        rawText.indexOf('\\') < 0
            ? rawText.strip()
            : CONTINUATION.matcher(rawText).replaceAll(" ").strip();
    String rest = joined.startsWith("#") ? joined.substring(1).stripLeading() : joined;
    int end = 0;
    while (end < rest.length() && Character.isJavaIdentifierPart(rest.charAt(end))) {
      end++;
    }
    Directive d = Directive.of(rest.substring(0, end));
    String name = null;
    if (d == Directive.DEFINE
        || d == Directive.UNDEF
        || d == Directive.IFDEF
        || d == Directive.IFNDEF) {
      String after = rest.substring(end).stripLeading();
      int n = 0;
      while (n < after.length() && Character.isJavaIdentifierPart(after.charAt(n))) {
        n++;
      }
      name = n > 0 ? after.substring(0, n) : null;
    }
    return new PreprocessorLine(range, d, joined, name);
  }

  public Directive directive() {
    return directive;
  }

  /** The line with continuations joined. */
  @Override
  public String text() {
    return text;
  }

  /** The macro named by {@code #define}, {@code #undef}, {@code #ifdef}, {@code #ifndef}. */
  public Optional<String> macroName() {
    return Optional.ofNullable(macroName);
  }

  @Override
  public Map<String, Object> properties() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("directive", directive.name());
    m.put("text", text);
    macroName().ifPresent(n -> m.put("macroName", n));
    return m;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
