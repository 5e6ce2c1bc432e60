package org.mmreview.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Texts made of random runs of given pieces, the same for a seed: for testing a hand-written scan
 * against the regular expression it replaces, where the pieces are the edges that matter (word
 * characters, white space, the pattern's literals, non-ASCII letters).
 */
public final class PieceTexts {
  private PieceTexts() {}

  /** {@code count} texts of up to {@code maxPieces - 1} pieces each. */
  public static List<String> of(long seed, int count, int maxPieces, String... pieces) {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>(count);
    for (int round = 0; round < count; round++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(maxPieces);
      for (int i = 0; i < n; i++) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      out.add(b.toString());
    }
    return out;
  }
}
