package org.mmreview.rules.checks.typo;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Decides whether a word of a comment is a typo: not a word of the {@link WordList} (nor a regular
 * derivation of one, nor a name of the code around it) and one edit away from a frequent word, or,
 * for long words, two edits from a name the file's own code uses ({@code seceremem} in
 * secretmem.c).
 */
public final class Speller {
  /** Shorter words are too close to too many others (and often abbreviations). */
  static final int MIN_LENGTH = 4;

  /** From this length on a word may be two edits from one of the file's identifier parts. */
  static final int TWO_EDIT_LENGTH = 8;

  private static final List<String> SUFFIXES =
      List.of(
          "s", "es", "ed", "d", "ing", "ly", "er", "ers", "able", "ness", "ity", "ment", "al",
          "ize", "ise", "ized", "ised", "ization", "isation");
  private static final List<String> PREFIXES =
      List.of(
          "un",
          "re",
          "pre",
          "non",
          "de",
          "sub",
          "over",
          "under",
          "mis",
          "multi",
          "co",
          "in",
          "dis",
          "post",
          "auto",
          "self",
          "super",
          "inter",
          "intra",
          "per",
          "anti",
          "semi",
          // Kernel names put a letter before a word: mmap, kcompactd, zcache, vmalloc, wfault,
          // fallocate.
          "m",
          "k",
          "z",
          "v",
          "w",
          "f");

  private final WordList words;

  public Speller(WordList words) {
    this.words = words;
  }

  /**
   * The frequent word {@code word} is a typo of, or empty when it is a word (of the list, of the
   * code in {@code names}, which holds lower-case identifiers and their {@code _}-separated parts),
   * when checkpatch.pl's list reports it, or when nothing frequent is near. The names are asked for
   * only when the word is not one of the list's: nearly every word of a comment is, and gathering a
   * file's names costs more than the whole spell check of its comments.
   */
  public Optional<String> correction(String word, Supplier<Set<String>> codeNames) {
    String w = word.toLowerCase(Locale.ROOT);
    if (w.length() < MIN_LENGTH || accepted(w, words::contains) || words.checkpatchReports(w)) {
      return Optional.empty();
    }
    // accepted() asks whether one of a fixed list of derivations of w is known: none is a word of
    // the list, so with the names as more known words only a name can accept w
    Set<String> names = codeNames.get();
    if (accepted(w, names::contains)) {
      return Optional.empty();
    }
    Optional<String> best = closestFrequent(w);
    if (best.isPresent() || w.length() < TWO_EDIT_LENGTH) {
      return best;
    }
    String near = null;
    for (String n : names) {
      if (n.length() >= TWO_EDIT_LENGTH - 2
          && Math.abs(n.length() - w.length()) <= 2
          && distance(w, n) <= 2
          && (near == null || n.compareTo(near) < 0)) {
        near = n;
      }
    }
    return Optional.ofNullable(near);
  }

  /** A known word (of the list, or a name of the code), or a prefix or suffix away from one. */
  private static boolean accepted(String w, Predicate<String> known) {
    if (known.test(w)) {
      return true;
    }
    for (String p : PREFIXES) {
      if (w.length() - p.length() >= 3
          && w.startsWith(p)
          && derived(w.substring(p.length()), known)) {
        return true;
      }
    }
    return derived(w, known);
  }

  private static boolean derived(String w, Predicate<String> known) {
    if (known.test(w)) {
      return true;
    }
    for (String s : SUFFIXES) {
      if (w.length() - s.length() < 3 || !w.endsWith(s)) {
        continue;
      }
      String base = w.substring(0, w.length() - s.length());
      // `d` only after an `e` (used, freed): `secnod` is not `secno` (a sector number) + d.
      if (s.equals("d") && !base.endsWith("e")) {
        continue;
      }
      if (known.test(base) || known.test(base + "e")) {
        return true;
      }
      // mapped, stopping: the doubled consonant; policies, copied: the y.
      int n = base.length();
      if (n >= 4
          && base.charAt(n - 1) == base.charAt(n - 2)
          && known.test(base.substring(0, n - 1))) {
        return true;
      }
      if (base.endsWith("i") && known.test(base.substring(0, n - 1) + "y")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Typing drops a letter or swaps two neighbours more often than it hits a wrong key or an extra
   * one, so a word reached by an insertion or a transposition is preferred unless a substitution or
   * a deletion reaches a word this many times more used ({@code aync}: {@code async} before the
   * more frequent {@code sync}).
   */
  private static final long LESS_LIKELY_EDIT = 4;

  /**
   * The likeliest frequent word one edit (Damerau) from {@code w}. A candidate is built and looked
   * up only when {@link WordList#mayBeFrequent} lets its hash code through, the hash code computed
   * from those of {@code w}'s prefixes and suffixes ({@link String#hashCode}'s polynomial): most of
   * the 54 candidates per letter are no word, and building each was most of this method's cost.
   */
  Optional<String> closestFrequent(String w) {
    Candidate best = new Candidate();
    StringBuilder sb = new StringBuilder(w.length() + 1);
    int n = w.length();
    int[] pow = new int[n + 1]; // 31^k
    int[] prefix = new int[n + 1]; // hash code of w[0, i)
    int[] suffix = new int[n + 1]; // hash code of w[j, n)
    pow[0] = 1;
    for (int k = 0; k < n; k++) {
      pow[k + 1] = pow[k] * 31;
      prefix[k + 1] = prefix[k] * 31 + w.charAt(k);
    }
    for (int j = n - 1; j >= 0; j--) {
      suffix[j] = w.charAt(j) * pow[n - 1 - j] + suffix[j + 1];
    }
    for (int i = 0; i <= n; i++) {
      if (i < n && words.mayBeFrequent(prefix[i] * pow[n - i - 1] + suffix[i + 1])) {
        sb.setLength(0);
        sb.append(w, 0, i).append(w, i + 1, n);
        best.offer(sb.toString(), LESS_LIKELY_EDIT);
      }
      if (i + 1 < n
          && words.mayBeFrequent(
              ((prefix[i] * 31 + w.charAt(i + 1)) * 31 + w.charAt(i)) * pow[n - i - 2]
                  + suffix[i + 2])) {
        sb.setLength(0);
        sb.append(w, 0, i).append(w.charAt(i + 1)).append(w.charAt(i)).append(w, i + 2, n);
        best.offer(sb.toString(), 1);
      }
      for (char ch = 'a'; ch <= 'z'; ch++) {
        if (words.mayBeFrequent((prefix[i] * 31 + ch) * pow[n - i] + suffix[i])) {
          sb.setLength(0);
          sb.append(w, 0, i).append(ch).append(w, i, n);
          best.offer(sb.toString(), 1);
        }
        if (i < n
            && w.charAt(i) != ch
            && words.mayBeFrequent((prefix[i] * 31 + ch) * pow[n - i - 1] + suffix[i + 1])) {
          sb.setLength(0);
          sb.append(w, 0, i).append(ch).append(w, i + 1, n);
          best.offer(sb.toString(), LESS_LIKELY_EDIT);
        }
      }
    }
    return Optional.ofNullable(best.word);
  }

  /** The best candidate so far: the lowest rank times the edit's weight. */
  private final class Candidate {
    String word;
    long score = Long.MAX_VALUE;

    void offer(String candidate, long weight) {
      Optional<Integer> r = words.rank(candidate);
      if (r.isPresent() && (r.get() + 1L) * weight < score) {
        word = candidate;
        score = (r.get() + 1L) * weight;
      }
    }
  }

  /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
