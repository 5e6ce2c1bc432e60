package org.mmreview.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a patch mail's subject: reply prefixes ({@code Re:}, {@code AW:}, {@code Fwd:}), the
 * bracketed tags ({@code [RFC PATCH mm-unstable v3 2/5]}, {@code [PATCH][RESEND]}) and the title.
 */
public final class SubjectParser {

  private static final Pattern REPLY_PREFIX =
      Pattern.compile("^\\s*(?i:re|aw|sv|antw|fwd?|res)\\s*(?:\\[\\d+\\])?\\s*:\\s*");
  private static final Pattern BRACKET = Pattern.compile("^\\s*\\[([^\\]]*)\\]\\s*");
  private static final Pattern INDEX = Pattern.compile("^(\\d+)/(\\d+)$");
  private static final Pattern VERSION = Pattern.compile("^[vV](\\d+)$");
  // compiled once: every mail an audit reads has its subject parsed
  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
  private static final Pattern TAG_SEPARATOR = Pattern.compile("[\\s,]+");

  /** The parts of a subject. */
  public record Subject(boolean reply, SeriesTag tag, String title) {}

  private SubjectParser() {}

  public static Subject parse(String subject) {
    String s =
        subject == null
            ? ""
            : (singleSpaced(subject) ? subject : WHITE_SPACE.matcher(subject).replaceAll(" "))
                .strip();
    boolean reply = false;
    int version = 1;
    int index = 0;
    int total = 0;
    boolean rfc = false;
    boolean resend = false;
    boolean patch = false;
    List<String> prefixes = new ArrayList<>();
    boolean progress = true;
    // prefixes are consumed by moving a start offset, not by copying the rest of the subject:
    // a subject of thousands of "Re: " stays linear
    int at = 0;
    Matcher r = REPLY_PREFIX.matcher(s);
    Matcher b = BRACKET.matcher(s);
    while (progress) {
      progress = false;
      r.region(at, s.length());
      if (r.lookingAt()) {
        reply = true;
        at = r.end();
        progress = true;
        continue;
      }
      b.region(at, s.length());
      if (b.lookingAt()) {
        String inside = b.group(1).strip();
        at = b.end();
        progress = true;
        for (String word : TAG_SEPARATOR.split(inside)) {
          if (word.isEmpty()) {
            continue;
          }
          String up = word.toUpperCase(Locale.ROOT);
          Matcher im = INDEX.matcher(word);
          Matcher vm = VERSION.matcher(word);
          if (up.equals("PATCH") || up.equals("PATCHV") || up.equals("PATCHSET")) {
            patch = true;
          } else if (up.startsWith("PATCHV")
              && up.substring(6).chars().allMatch(Character::isDigit)) {
            patch = true;
            version = Math.max(1, parseIntSafe(up.substring(6)));
          } else if (up.equals("RFC")) {
            rfc = true;
          } else if (up.equals("RESEND")) {
            resend = true;
          } else if (im.matches()) {
            index = parseIntSafe(im.group(1));
            total = parseIntSafe(im.group(2));
          } else if (vm.matches()) {
            version = Math.max(1, parseIntSafe(vm.group(1)));
          } else {
            prefixes.add(word);
          }
        }
      }
    }
    return new Subject(
        reply,
        new SeriesTag(version, index, total, rfc, resend, patch, prefixes),
        s.substring(at).strip());
  }

  /** No white space but single spaces: nothing for the collapsing regex to change. */
  private static boolean singleSpaced(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
        return false;
      }
      if (c == ' ' && i + 1 < s.length() && s.charAt(i + 1) == ' ') {
        return false;
      }
    }
    return true;
  }

  private static int parseIntSafe(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
