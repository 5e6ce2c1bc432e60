package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.mmreview.ast.Words;

/**
 * The VMA flags API that replaces open-coded {@code vma->vm_flags & VM_FOO} tests: {@code
 * vma_test(vma, VMA_FOO_BIT)}, the {@code vma_flags_*()} helpers and the {@code VMA_*_BIT} numbers.
 * Knows whether a text uses it and how to spell a legacy test in it.
 */
public final class VmaFlagsApi {
  /**
   * A use of the new API: a vma_test*() or vma_flags_*() call, or a VMA_*_BIT name. The reference
   * definition; {@link #findsUse} is the fast equivalent (VmaFlagsApiTest).
   */
  static final Pattern USE =
      Pattern.compile("\\bvma_test\\w*\\s*\\(|\\bvma_flags_\\w+\\s*\\(|\\bVMA_[A-Z0-9_]+_BIT\\b");

  /** Comments, which may name the API without using it. */
  /** The reference definition; {@link #stripComments} is the fast equivalent (VmaFlagsApiTest). */
  static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  private VmaFlagsApi() {}

  /** True when {@code text} (a file, or a patch's added lines) uses the new API. */
  public static boolean usedIn(String text) {
    // Stripping comments only turns characters into spaces, so any match of USE in the stripped
    // text is a run of identifier characters present in the raw text: when none of the three
    // prefixes occurs, skip the (slow, whole-file) comment pass. Same answer, a scan instead.
    if (!text.contains("vma_test") && !text.contains("vma_flags_") && !text.contains("VMA_")) {
      return false;
    }
    return findsUse(stripComments(text));
  }

  /**
   * Whether {@link #USE} finds a match in {@code text}, by a scan from each occurrence of the three
   * prefixes: the regex, which starts with a word boundary, tries a match at every index of a whole
   * file.
   */
  static boolean findsUse(String text) {
    for (int at = text.indexOf("vma_"); at >= 0; at = text.indexOf("vma_", at + 1)) {
      if (!Words.boundary(text, at)) {
        continue;
      }
      if (text.startsWith("test", at + 4) && callFollows(text, wordEnd(text, at + 8))) {
        return true;
      }
      if (text.startsWith("flags_", at + 4)) {
        int end = wordEnd(text, at + 10);
        if (end > at + 10 && callFollows(text, end)) {
          return true;
        }
      }
    }
    for (int at = text.indexOf("VMA_"); at >= 0; at = text.indexOf("VMA_", at + 1)) {
      if (!Words.boundary(text, at)) {
        continue;
      }
      // [A-Z0-9_]+ then _BIT then a boundary: the run of those characters ends in _BIT, with at
      // least one before it, and no word character follows the run
      int end = at + 4;
      while (end < text.length() && isUpperWord(text.charAt(end))) {
        end++;
      }
      if (end - (at + 4) >= 5 && text.startsWith("_BIT", end - 4) && Words.boundary(text, end)) {
        return true;
      }
    }
    return false;
  }

  /** The end of the run of regex word characters ({@code \\w}) from {@code i}. */
  private static int wordEnd(String text, int i) {
    while (i < text.length() && Words.isAsciiWord(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Whether white space and then {@code (} follow at {@code i} ({@code \\s*\\(}). */
  private static boolean callFollows(String text, int i) {
    int j = Words.skipSpace(text, i);
    return j < text.length() && text.charAt(j) == '(';
  }

  private static boolean isUpperWord(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /**
   * {@code COMMENT.matcher(text).replaceAll(" ")} by hand: the reluctant DOTALL pattern costs a
   * backtracking step per character of every comment, which over whole files showed up as the
   * largest single cost of VmaFlagsLegacyTest. Same leftmost-first semantics: a {@code /*} with no
   * closing {@code *}{@code /} is kept as text and the scan goes on at the next character.
   */
  public static String stripComments(String text) {
    int n = text.length();
    StringBuilder out = new StringBuilder(n);
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '/' && i + 1 < n) {
        char d = text.charAt(i + 1);
        if (d == '*') {
          int close = text.indexOf("*/", i + 2);
          if (close >= 0) {
            out.append(' ');
            i = close + 2;
            continue;
          }
        } else if (d == '/') {
          int nl = text.indexOf('\n', i + 2);
          out.append(' ');
          i = nl < 0 ? n : nl;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /**
   * True for names of multi-bit masks ({@code VM_ACCESS_FLAGS}, {@code VM_STACK_DEFAULT_FLAGS},
   * {@code *_MASK}).
   */
  public static boolean isMask(String legacyFlag) {
    return legacyFlag.endsWith("_FLAGS") || legacyFlag.endsWith("_MASK");
  }

  /** The bit name for a legacy flag: {@code VMA_SHARED_BIT} for {@code VM_SHARED}. */
  public static String bitOf(String legacyFlag) {
    return "VMA_" + legacyFlag.substring("VM_".length()) + "_BIT";
  }

  /**
   * The replacement for a legacy test of {@code flags} on {@code vma}: one {@code vma_test()} per
   * flag ({@code vma_test(vma, VMA_IO_BIT) || vma_test(vma, VMA_PFNMAP_BIT)}), negated as the
   * original was.
   */
  public static String replacement(String vma, List<String> flags, boolean negated) {
    if (flags.stream().anyMatch(VmaFlagsApi::isMask)) {
      // VM_ACCESS_FLAGS and friends name several bits: there is no single VMA_*_BIT for them.
      return "vma_flags_*() on &"
          + vma
          + "->flags with the VMA_*_BIT mask of "
          + String.join(" | ", flags);
    }
    List<String> tests = new ArrayList<>();
    for (String f : flags) {
      tests.add("vma_test(" + vma + ", " + bitOf(f) + ")");
    }
    String any = String.join(" || ", tests);
    if (!negated) {
      return any;
    }
    return tests.size() == 1 ? "!" + any : "!(" + any + ")";
  }
}
