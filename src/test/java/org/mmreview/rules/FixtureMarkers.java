package org.mmreview.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inline expectations of a piece of test C or of a patch, the one parser of them for fixture
 * files and for {@link RuleTestHelper}'s text blocks:
 *
 * <pre>
 *   BUG_ON(!ops);  // expect: bug-on-recoverable
 *   BUG_ON(x);     // expect: bug-on-recoverable:error "derives from the ioctl"
 *   lock(a);       /* expect: rule-a, rule-b:warning *&#47;
 *   f();           // known-gap: rule-a why it is missed
 * </pre>
 *
 * Each expectation names a rule id, optionally the severity its finding must have and a part of its
 * message in double quotes; several are separated by commas. A {@code known-gap} marks a line that
 * should carry the finding but does not yet: reported, not failed.
 */
public record FixtureMarkers(List<Marker> expects, List<Marker> knownGaps) {

  /**
   * One marker: the 1-based line in the text, the rule id, the severity the finding must have and
   * the part its message must contain (both empty: any), the line's text.
   */
  public record Marker(
      int line, String id, Optional<String> severity, Optional<String> messagePart, String text) {}

  private static final Pattern EXPECT = Pattern.compile("(?://|/\\*)\\s*expect:");
  private static final Pattern KNOWN_GAP =
      Pattern.compile("(?://|/\\*)\\s*known-gap:\\s*([a-z0-9-]+)");
  private static final Pattern SPEC =
      Pattern.compile("\\G\\s*([a-z0-9-]+)(?::([a-z]+))?(?:\\s*\"([^\"]*)\")?\\s*(,)?");
  private static final Pattern ANY_MARKER =
      Pattern.compile(
          "(//\\s*(?:expect|known-gap):.*$)|(/\\*\\s*(?:expect|known-gap):.*?\\*/)",
          Pattern.MULTILINE);

  public FixtureMarkers {
    expects = List.copyOf(expects);
    knownGaps = List.copyOf(knownGaps);
  }

  public static FixtureMarkers read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  public static FixtureMarkers parse(String text) {
    List<String> lines = text.lines().toList();
    List<Marker> expects = new ArrayList<>();
    List<Marker> gaps = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = EXPECT.matcher(line);
      while (m.find()) {
        Matcher s = SPEC.matcher(line);
        s.region(m.end(), line.length());
        while (s.find()) {
          expects.add(
              new Marker(
                  i + 1,
                  s.group(1),
                  Optional.ofNullable(s.group(2)),
                  Optional.ofNullable(s.group(3)),
                  line));
          if (s.group(4) == null) {
            break;
          }
        }
      }
      Matcher g = KNOWN_GAP.matcher(line);
      while (g.find()) {
        gaps.add(new Marker(i + 1, g.group(1), Optional.empty(), Optional.empty(), line));
      }
    }
    return new FixtureMarkers(expects, gaps);
  }

  public boolean fires(String id) {
    return expects.stream().anyMatch(m -> m.id().equals(id));
  }

  /**
   * {@code text} with every marker comment blanked to spaces, so that rules reading comments do not
   * see the test's own markers; every line, column and offset is kept.
   */
  public static String blank(String text) {
    Matcher m = ANY_MARKER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, " ".repeat(m.group().length()));
    }
    m.appendTail(out);
    return out.toString();
  }
}
