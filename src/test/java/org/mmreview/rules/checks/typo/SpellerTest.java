package org.mmreview.rules.checks.typo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The speller's one-edit search skips a candidate whose hash code, computed from the typo's prefix
 * and suffix hash codes, no frequent word has: against a plain search that builds and looks up
 * every candidate, on typos of real frequent words and on random letters, the answers are the same.
 */
class SpellerTest {
  private static final WordList WORDS = WordList.shipped();

  /** The search without the hash filter: every candidate built, in the same order and weights. */
  private static Optional<String> plainClosest(String w) {
    String best = null;
    long score = Long.MAX_VALUE;
    List<String> candidates = new ArrayList<>();
    List<Long> weights = new ArrayList<>();
    int n = w.length();
    for (int i = 0; i <= n; i++) {
      if (i < n) {
        candidates.add(w.substring(0, i) + w.substring(i + 1));
        weights.add(4L);
      }
      if (i + 1 < n) {
        candidates.add(w.substring(0, i) + w.charAt(i + 1) + w.charAt(i) + w.substring(i + 2));
        weights.add(1L);
      }
      for (char ch = 'a'; ch <= 'z'; ch++) {
        candidates.add(w.substring(0, i) + ch + w.substring(i));
        weights.add(1L);
        if (i < n && w.charAt(i) != ch) {
          candidates.add(w.substring(0, i) + ch + w.substring(i + 1));
          weights.add(4L);
        }
      }
    }
    for (int k = 0; k < candidates.size(); k++) {
      Optional<Integer> r = WORDS.rank(candidates.get(k));
      if (r.isPresent() && (r.get() + 1L) * weights.get(k) < score) {
        best = candidates.get(k);
        score = (r.get() + 1L) * weights.get(k);
      }
    }
    return Optional.ofNullable(best);
  }

  @Test
  void filteredSearchIsThePlainOne() {
    Speller speller = new Speller(WORDS);
    Random random = new Random(20261203);
    String[] seeds = {
      "memory",
      "mapping",
      "allocate",
      "pointer",
      "release",
      "reference",
      "shrink",
      "userfault",
      "because",
      "already",
      "function",
      "success",
      "separate",
      "writeback",
      "protection"
    };
    int found = 0;
    for (int round = 0; round < 3000; round++) {
      String w;
      if (round % 3 == 0) {
        StringBuilder sb = new StringBuilder();
        int len = 4 + random.nextInt(9);
        for (int k = 0; k < len; k++) {
          sb.append((char) ('a' + random.nextInt(26)));
        }
        w = sb.toString();
      } else {
        String s = seeds[random.nextInt(seeds.length)];
        int at = random.nextInt(s.length());
        char ch = (char) ('a' + random.nextInt(26));
        w =
            switch (random.nextInt(4)) {
              case 0 -> s.substring(0, at) + s.substring(at + 1);
              case 1 -> s.substring(0, at) + ch + s.substring(at);
              case 2 -> s.substring(0, at) + ch + s.substring(at + 1);
              default ->
                  at + 1 < s.length()
                      ? s.substring(0, at) + s.charAt(at + 1) + s.charAt(at) + s.substring(at + 2)
                      : s + ch;
            };
      }
      Optional<String> expected = plainClosest(w);
      assertEquals(expected, speller.closestFrequent(w), w);
      if (expected.isPresent()) {
        found++;
      }
    }
    assertTrue(found > 1000, "typos of frequent words find their word: " + found);
  }
}
