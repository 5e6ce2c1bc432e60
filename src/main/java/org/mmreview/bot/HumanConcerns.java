package org.mmreview.bot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The code lines a human reviewer commented on in a reply: reviewers quote the hunk and write under
 * the line they mean, so the quoted diff lines right above each comment (at most {@link #ABOVE})
 * are what the comment is about. The bot does not repeat a finding on those lines.
 */
public final class HumanConcerns {

  /** Quoted lines above a comment that count as commented on. */
  static final int ABOVE = 3;

  private HumanConcerns() {}

  /** The normalised quoted lines commented on in {@code body}. */
  public static Set<String> of(String body) {
    Set<String> out = new LinkedHashSet<>();
    List<String> quoted = new ArrayList<>();
    for (String raw : body.split("\\R", -1)) {
      String l = raw.stripTrailing();
      if (l.startsWith(">")) {
        String q = l.replaceFirst("^(>\\s?)+", "");
        if (q.startsWith("+") || q.startsWith(" ") || q.startsWith("-")) {
          quoted.add(q);
        } else if (!q.isBlank()) {
          // quoted prose (the commit message, an earlier comment) ends the block
          quoted.clear();
        }
        continue;
      }
      if (l.isBlank() || isAttribution(l) || l.strip().equals("[...]") || l.startsWith("-- ")) {
        continue;
      }
      // a comment: the diff lines quoted just above it are what it is about
      for (int i = Math.max(0, quoted.size() - ABOVE); i < quoted.size(); i++) {
        String n = normalise(quoted.get(i).substring(1));
        if (n.length() > 2) {
          out.add(n);
        }
      }
      quoted.clear();
    }
    return out;
  }

  /** A code line compared across mail and patch: whitespace collapsed, nothing else. */
  public static String normalise(String code) {
    return code.strip().replaceAll("\\s+", " ");
  }

  private static boolean isAttribution(String l) {
    return l.endsWith("wrote:") || l.endsWith("writes:");
  }
}
