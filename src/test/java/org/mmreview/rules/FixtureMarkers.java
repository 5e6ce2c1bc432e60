package org.mmreview.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inline expectations of a fixture file: {@code // expect: <id>} or {@code /* expect: <id>}
 * (several ids separated by commas), each optionally with the severity the finding must have
 * ({@code expect: bug-on-recoverable:error}), and {@code // known-gap: <id> <reason>}.
 */
record FixtureMarkers(Path file, List<Marker> expects, List<Marker> knownGaps) {

  /**
   * One marker: the 1-based line in the fixture file, the rule id, the severity the finding
   * must have (empty: any), the line's text.
   */
  record Marker(int line, String id, java.util.Optional<String> severity, String text) {}

  private static final Pattern EXPECT =
      Pattern.compile(
          "(?://|/\\*)\\s*expect:\\s*([a-z0-9-]+(?::[a-z]+)?(?:\\s*,\\s*[a-z0-9-]+(?::[a-z]+)?)*)");
  private static final Pattern KNOWN_GAP =
      Pattern.compile("(?://|/\\*)\\s*known-gap:\\s*([a-z0-9-]+)");

  static FixtureMarkers read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Marker> expects = new ArrayList<>();
    List<Marker> gaps = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = EXPECT.matcher(line);
      while (m.find()) {
        for (String spec : m.group(1).split("\\s*,\\s*")) {
          String[] idAndSeverity = spec.split(":", 2);
          expects.add(new Marker(i + 1, idAndSeverity[0],
              java.util.Optional.ofNullable(idAndSeverity.length > 1 ? idAndSeverity[1] : null), line));
        }
      }
      Matcher g = KNOWN_GAP.matcher(line);
      while (g.find()) {
        gaps.add(new Marker(i + 1, g.group(1), java.util.Optional.empty(), line));
      }
    }
    return new FixtureMarkers(file, List.copyOf(expects), List.copyOf(gaps));
  }

  boolean fires(String id) {
    return expects.stream().anyMatch(m -> m.id().equals(id));
  }
}
