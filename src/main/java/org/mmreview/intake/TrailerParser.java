package org.mmreview.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the trailers of a commit message ({@code Signed-off-by:}, {@code Fixes:}, {@code Link:},
 * {@code Reviewed-by:} ...) and the {@code base-commit:} line format-patch writes after the diff.
 */
public final class TrailerParser {

  private static final Pattern TRAILER =
      Pattern.compile("^([A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]):\\s*(.*)$");
  private static final Pattern BASE_COMMIT =
      Pattern.compile("(?m)^base-commit:\\s*([0-9a-f]{7,40})\\s*$");

  private TrailerParser() {}

  /**
   * Trailers of the message: the lines shaped {@code Key: value} in its last paragraph
   * (continuation lines starting with whitespace are joined).
   */
  public static List<Trailer> trailers(String message) {
    List<String> lines = new ArrayList<>(List.of(message.strip().split("\n")));
    int start = lines.size();
    while (start > 0 && !lines.get(start - 1).isBlank()) {
      start--;
    }
    List<Trailer> out = new ArrayList<>();
    int trailerLike = 0;
    int total = 0;
    for (int i = start; i < lines.size(); i++) {
      String l = lines.get(i).stripTrailing();
      if (!l.isEmpty() && Character.isWhitespace(l.charAt(0)) && !out.isEmpty()) {
        Trailer last = out.remove(out.size() - 1);
        out.add(new Trailer(last.key(), last.value() + " " + l.strip()));
        continue;
      }
      total++;
      Matcher m = TRAILER.matcher(l);
      if (m.matches() && !m.group(1).startsWith("http")) {
        trailerLike++;
        out.add(new Trailer(m.group(1), m.group(2).strip()));
      }
    }
    // git's rule of thumb: a trailer block is mostly trailers
    if (trailerLike == 0 || trailerLike * 4 < total * 3) {
      return List.of();
    }
    return out;
  }

  /** The {@code base-commit:} id anywhere in the text (format-patch puts it after the diff). */
  public static Optional<String> baseCommit(String text) {
    if (!text.contains("base-commit:")) {
      // most mails have none: an indexOf instead of the regex trying every line of the body
      return Optional.empty();
    }
    Matcher m = BASE_COMMIT.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
