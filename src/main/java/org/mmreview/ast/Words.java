package org.mmreview.ast;

/**
 * Whole-word searches in C text: what the regular expressions {@code \bNAME\b} and {@code
 * \bNAME\s*\(} find, with the word boundary as java.util.regex has it (a letter, a digit or '_' on
 * one side only), found without a regular expression. A pattern that begins with {@code \b} has no
 * literal prefix to skip ahead with, so the regex engine tries a match at every index of the text;
 * the rules ask these questions for every name they judge, over every unit of every patch of an
 * archive, where {@link String#indexOf(String, int)} of the name does the same in a fraction of the
 * time.
 */
public final class Words {
  private Words() {}

  /**
   * The index of the first occurrence of {@code word} at or after {@code from} with a word boundary
   * on both sides ({@code \bword\b}), or -1.
   */
  public static int indexOf(String text, String word, int from) {
    for (int at = text.indexOf(word, Math.max(from, 0)); at >= 0; at = text.indexOf(word, at + 1)) {
      if (boundary(text, at) && boundary(text, at + word.length())) {
        return at;
      }
      if (word.isEmpty() && at >= text.length()) {
        return -1;
      }
    }
    return -1;
  }

  /** True when {@code text} holds {@code word} with a word boundary on both sides. */
  public static boolean contains(String text, String word) {
    return indexOf(text, word, 0) >= 0;
  }

  /**
   * The index of the first call-like occurrence of {@code name} at or after {@code from}: a word
   * boundary before it, then white space and an opening parenthesis ({@code \bname\s*\(}); -1 when
   * there is none. {@link #callParenEnd} gives the index just past its parenthesis.
   */
  public static int callIndexOf(String text, String name, int from) {
    for (int at = text.indexOf(name, Math.max(from, 0)); at >= 0; at = text.indexOf(name, at + 1)) {
      if (boundary(text, at) && callParenEnd(text, name, at) >= 0) {
        return at;
      }
      if (name.isEmpty() && at >= text.length()) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * For {@code name} at {@code at}: the index just past the {@code (} that follows it after white
   * space only, or -1.
   */
  public static int callParenEnd(String text, String name, int at) {
    int i = skipSpace(text, at + name.length());
    return i < text.length() && text.charAt(i) == '(' ? i + 1 : -1;
  }

  /** The index of the first character at or after {@code i} that is not {@code \s}. */
  public static int skipSpace(String text, int i) {
    while (i < text.length() && isRegexSpace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Whether {@code \b} holds at index {@code i}: a word character on exactly one side. */
  public static boolean boundary(String text, int i) {
    boolean left = i > 0 && isWord(Character.codePointBefore(text, i));
    boolean right = i < text.length() && isWord(Character.codePointAt(text, i));
    return left != right;
  }

  /** The word characters of {@code \w}: ASCII letters, digits and '_'. */
  public static boolean isAsciiWord(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** java.util.regex's word character for {@code \b}: a letter, a digit or '_'. */
  private static boolean isWord(int c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  /**
   * java.util.regex's {@code \s}: space, tab, newline, vertical tab, form feed, carriage return.
   */
  public static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }
}
