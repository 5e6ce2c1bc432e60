package org.mmreview.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The metadata rules every {@code rules/<id>.yaml} and its fixture folder must follow. Runs one
 * dynamic test per rule so a failure names the rule.
 */
class RuleMetadataValidationTest {

  private static final Pattern DATE = Pattern.compile("\\b(19|20)\\d\\d-\\d\\d-\\d\\d\\b");
  private static final RuleCatalog CATALOG = RuleCatalog.load();

  private static Path fixturesRoot() {
    return RuleCatalogTest.root().resolve("fixtures").resolve("rules");
  }

  static List<Path> fixtureFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".patch"))
          .sorted()
          .toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRuleHasCompleteMetadata() {
    return CATALOG.rules().stream()
        .map(r -> DynamicTest.dynamicTest(r.id(), () -> checkMetadata(r)));
  }

  private static void checkMetadata(RuleMetadata r) {
    String id = r.id();
    assertTrue(id.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*"), id + ": id is not kebab-case");
    assertNotNull(r.severity(), id + ": severity");
    for (String[] field :
        new String[][] {
          {"title", r.title()},
          {"message", r.message()},
          {"rationale", r.rationale()},
          {"precedent", r.precedent()},
          {"fix", r.fix()}
        }) {
      assertNotNull(field[1], id + ": missing " + field[0]);
      assertFalse(field[1].isBlank(), id + ": empty " + field[0]);
    }
    assertNotNull(r.examples(), id + ": missing examples");
    assertNotNull(r.examples().bad(), id + ": missing examples.bad");
    assertNotNull(r.examples().good(), id + ": missing examples.good");
    assertFalse(r.examples().bad().isBlank(), id + ": empty examples.bad");
    assertFalse(r.examples().good().isBlank(), id + ": empty examples.good");
    assertFalse(r.notReported().isEmpty(), id + ": not_reported must say what stays silent");
    r.notReported().forEach(s -> assertFalse(s.isBlank(), id + ": empty not_reported item"));

    assertFalse(r.title().contains("\n"), id + ": title must be one line");
    assertTrue(r.title().length() <= 90, id + ": title longer than 90 characters");
    assertTrue(DATE.matcher(r.precedent()).find(), id + ": precedent needs a YYYY-MM-DD date");

    // The message and its variants: each a finding's whole text, braces only in placeholders.
    // Which names each one needs is checked where the rule fills them (MessageContractTest).
    assertFalse(
        r.variants().containsKey(RuleMetadata.DEFAULT_VARIANT),
        id + ": '" + RuleMetadata.DEFAULT_VARIANT + "' names the message itself, not a variant");
    r.messages()
        .forEach(
            (name, text) -> {
              String what = id + ": message " + name;
              assertTrue(name.matches("[a-z][a-z0-9_]*"), what + ": variant names are snake_case");
              assertNotNull(text, what + " missing");
              assertFalse(text.isBlank(), what + " empty");
              assertTrue(text.length() <= 400, what + " longer than two sentences' worth");
              assertBracesOnlyInPlaceholders(what, text);
            });
    assertBracesOnlyInPlaceholders(id + ": fix", r.fix());
    r.fixVariants()
        .forEach(
            (name, text) -> {
              assertTrue(
                  r.variants().containsKey(name),
                  id + ": fix_variants." + name + " names no message variant");
              assertFalse(text == null || text.isBlank(), id + ": fix_variants." + name + " empty");
              assertBracesOnlyInPlaceholders(id + ": fix_variants." + name, text);
            });

    assertTrue(SourceVersion.isName(r.ruleClassName()), id + ": bad class name");
  }

  /** A brace outside a {@code {snake_case}} placeholder would reach the user as written. */
  private static void assertBracesOnlyInPlaceholders(String what, String text) {
    String rest = text.replaceAll("\\{[a-z][a-z0-9_]*\\}", "");
    assertFalse(
        rest.contains("{") || rest.contains("}"),
        what + ": a brace that is no {placeholder}: " + text);
  }

  @TestFactory
  Stream<DynamicTest> everyRuleHasFiringAndSilentFixtures() {
    return CATALOG.ids().stream().map(id -> DynamicTest.dynamicTest(id, () -> checkFixtures(id)));
  }

  private static void checkFixtures(String id) throws IOException {
    Path dir = fixturesRoot().resolve(id);
    assertTrue(Files.isDirectory(dir), "missing fixture folder fixtures/rules/" + id);
    List<Path> files = fixtureFiles(dir);
    int firing = 0;
    int silent = 0;
    for (Path f : files) {
      FixtureMarkers markers = FixtureMarkers.read(f);
      if (markers.fires(id)) {
        firing++;
      } else {
        silent++;
      }
      checkDescribed(f);
      if (f.toString().endsWith(".patch")) {
        checkPatchMarkers(f, markers);
      }
    }
    assertTrue(firing >= 1, id + ": needs at least one fixture with an expect marker");
    assertTrue(silent >= 1, id + ": needs at least one silent fixture");
  }

  /**
   * Every rule pins the wording of at least one finding ({@code // expect: id "text"}), as Error
   * Prone's {@code // BUG: Diagnostic contains:}: a message reworded by a changed {@code .arg(...)}
   * or a mismatched variant fails a fixture, not only a placeholder left in braces.
   */
  @TestFactory
  Stream<DynamicTest> everyRulePinsAMessageInAFixture() {
    return CATALOG.ids().stream()
        .map(
            id ->
                DynamicTest.dynamicTest(
                    id,
                    () -> {
                      long pinned = 0;
                      for (Path f : fixtureFiles(fixturesRoot().resolve(id))) {
                        pinned +=
                            FixtureMarkers.read(f).expects().stream()
                                .filter(m -> m.id().equals(id) && m.messagePart().isPresent())
                                .filter(m -> !m.messagePart().get().isBlank())
                                .count();
                      }
                      assertTrue(
                          pinned >= 1,
                          id
                              + ": no fixture pins a message; add `// expect: "
                              + id
                              + " \"part of the message\"` to a firing line");
                    }));
  }

  /** A fixture says what it tests: a .c file opens with a comment, a patch carries a note. */
  private static void checkDescribed(Path f) throws IOException {
    String text = Files.readString(f, StandardCharsets.UTF_8);
    if (f.toString().endsWith(".c")) {
      String first = text.stripLeading();
      assertTrue(
          first.startsWith("/*") || first.startsWith("//"),
          f + ": a .c fixture starts with a comment saying what it tests");
    } else {
      int diff = text.indexOf("\ndiff --git ");
      assertTrue(diff > 0, f + ": a .patch fixture needs a git diff");
      assertTrue(
          text.substring(0, diff).contains("\nFixture: "),
          f + ": a .patch fixture needs a 'Fixture: ' note before the diff");
    }
  }

  /**
   * In a patch, findings are reported on the post-image: markers sit on added lines, or on context
   * lines (an old line the patch makes wrong, reported because an added line is its evidence).
   */
  private static void checkPatchMarkers(Path f, FixtureMarkers markers) {
    for (FixtureMarkers.Marker m : markers.expects()) {
      assertTrue(
          (m.text().startsWith("+") && !m.text().startsWith("+++")) || m.text().startsWith(" "),
          f + ":" + m.line() + ": expect marker outside an added or context line");
    }
  }

  @Test
  void fixtureMarkersNameKnownRules() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path f : fixtureFiles(fixturesRoot())) {
      FixtureMarkers markers = FixtureMarkers.read(f);
      for (FixtureMarkers.Marker m : markers.expects()) {
        if (!CATALOG.contains(m.id())) {
          problems.add(f + ":" + m.line() + ": expect names unknown rule '" + m.id() + "'");
        }
      }
      for (FixtureMarkers.Marker m : markers.knownGaps()) {
        if (!CATALOG.contains(m.id())) {
          problems.add(f + ":" + m.line() + ": known-gap names unknown rule '" + m.id() + "'");
        }
      }
    }
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems));
    }
  }

  @Test
  void everyFixtureFolderBelongsToARule() throws IOException {
    Path root = fixturesRoot();
    assertTrue(Files.isDirectory(root), "missing fixtures/rules");
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        String name = d.getFileName().toString();
        assertTrue(
            CATALOG.contains(name), "fixtures/rules/" + name + " has no rules/" + name + ".yaml");
      }
    }
  }
}
