package org.mmreview.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The identity of a finding across runs, versions of a patch and code moving: the rule, the file,
 * the enclosing function and the evidence's text with whitespace normalised, hashed. Line numbers
 * are not part of it, so the same concern keeps its fingerprint when code above it grows or
 * shrinks, when it is re-indented, or when a local elsewhere in the function is renamed; it changes
 * when the evidence itself changes. Baselines and lifecycle labels compare these.
 *
 * <p>The value is 16 hex digits; the second and later findings of one file with the same identity
 * get {@code :2}, {@code :3}... in source order (see {@link #occurrence}).
 */
public final class Fingerprint {
  /** The version of this recipe; SARIF's {@code partialFingerprints} key carries it. */
  public static final String VERSION = "mmreview/v2";

  private Fingerprint() {}

  /**
   * @param function the enclosing function's name, empty outside any function
   * @param evidence the source text of each evidence range (the primary first)
   */
  public static String of(String ruleId, String file, String function, List<String> evidence) {
    StringBuilder b = new StringBuilder();
    b.append(ruleId).append('\0').append(file).append('\0').append(function);
    for (String e : evidence) {
      b.append('\0').append(normalise(e));
    }
    return sha256(b.toString()).substring(0, 16);
  }

  /** {@code base} for the first finding with that identity, {@code base:n} for the n-th. */
  /**
   * The fingerprint of a finding in another configuration ({@code #else of CONFIG_FOO}): the main
   * fingerprint of the same evidence tied to the configuration's label, so it differs from the same
   * code's finding in the main branch.
   */
  public static String inConfiguration(String base, String configuration) {
    return sha256(base + "\0in\0" + normalise(configuration)).substring(0, 16);
  }

  public static String occurrence(String base, int n) {
    return n <= 1 ? base : base + ":" + n;
  }

  /**
   * Whitespace made irrelevant: runs of it vanish, except between two word characters (where they
   * separate tokens: {@code unsigned long}) and become one space. {@code foo(a,b)} and {@code foo
   * (a, b)} read the same; {@code unsignedlong} does not read as {@code unsigned long}.
   */
  public static String normalise(String text) {
    StringBuilder b = new StringBuilder(text.length());
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        pendingSpace = b.length() > 0;
        continue;
      }
      if (pendingSpace && isWord(b.charAt(b.length() - 1)) && isWord(c)) {
        b.append(' ');
      }
      pendingSpace = false;
      b.append(c);
    }
    return b.toString();
  }

  private static boolean isWord(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
