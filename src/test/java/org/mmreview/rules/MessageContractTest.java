package org.mmreview.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mmreview.cparse.CParser;
import org.mmreview.report.Finding;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.review.ReviewedFile;

/**
 * The metadata is the one message contract: a rule fills exactly the placeholders of the message
 * (or variant) it reports with, under their names. The builder fails fast on a mismatch, and every
 * rule's fixtures show that its findings read as one of its wordings, each wording used.
 */
class MessageContractTest {
  private static final RuleCatalog CATALOG = RuleCatalog.load();

  private static RuleMetadata meta(String yaml) {
    return RuleCatalog.parse(
        "rules/a-rule.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  private static final RuleMetadata RULE =
      meta(
          "severity: info\n"
              + "title: t\n"
              + "message: use {name} here\n"
              + "variants:\n"
              + "  twice: use {name} or {other} here\n"
              + "rationale: r\n"
              + "precedent: p\n"
              + "fix: write {name}\n"
              + "examples: {bad: b, good: g}\n");

  private static RuleContext context() {
    ReviewedFile file =
        new ReviewPlanner(new CParser()).wholeFile("a.c", "int f(void) { return 1; }\n");
    return new RuleContext(RULE, file, new HashMap<>());
  }

  @Test
  void aFindingFillsItsMessageAndFixByName() {
    RuleContext ctx = context();
    ctx.at(ctx.file().units().get(0)).arg("name", "vma_test()").report();
    ctx.at(ctx.file().units().get(0)).variant("twice").arg("name", "a").arg("other", "b").report();
    assertEquals("use vma_test() here", ctx.candidates().get(0).finding().message());
    assertEquals("write vma_test()", ctx.candidates().get(0).finding().fix());
    assertEquals("use a or b here", ctx.candidates().get(1).finding().message());
  }

  @Test
  void aNameNoWordingHasFailsAtOnce() {
    RuleContext ctx = context();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ctx.at(ctx.file().units().get(0)).arg("nmae", "x"));
    assertTrue(e.getMessage().contains("{nmae}"), e.getMessage());
  }

  @Test
  void anUnknownVariantFailsAtOnce() {
    RuleContext ctx = context();
    assertThrows(
        IllegalArgumentException.class, () -> ctx.at(ctx.file().units().get(0)).variant("thrice"));
  }

  @Test
  void aPlaceholderLeftUnfilledFailsTheReport() {
    RuleContext ctx = context();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ctx.at(ctx.file().units().get(0)).variant("twice").arg("name", "a").report());
    assertTrue(e.getMessage().contains("[other] not filled"), e.getMessage());
    // A name of another wording is no placeholder of this one.
    e =
        assertThrows(
            IllegalStateException.class,
            () -> ctx.at(ctx.file().units().get(0)).arg("name", "a").arg("other", "b").report());
    assertTrue(e.getMessage().contains("[other] not in this message"), e.getMessage());
    assertTrue(ctx.candidates().isEmpty());
  }

  /**
   * Every rule over all its fixtures: no finding message keeps a brace (a placeholder left
   * unfilled), each reads as one of the rule's wordings, and each wording is reported at least
   * once, so a variant no fixture reaches is noticed.
   */
  @TestFactory
  Stream<DynamicTest> everyFindingReadsAsOneOfItsRulesWordings() {
    return CATALOG.rules().stream()
        .map(m -> DynamicTest.dynamicTest(m.id(), () -> checkWordings(m)));
  }

  private static void checkWordings(RuleMetadata m) throws IOException {
    Map<String, Pattern> wordings = new TreeMap<>();
    m.messages().forEach((name, text) -> wordings.put(name, template(text)));
    TreeSet<String> unused = new TreeSet<>(wordings.keySet());
    List<String> problems = new ArrayList<>();
    for (Path fixture :
        RuleMetadataValidationTest.fixtureFiles(RuleFixturesTest.fixtureRoot().resolve(m.id()))) {
      RuleTestHelper.Outcome review = RuleTestHelper.forRule(m.id()).addFixture(fixture).run();
      assertEquals(List.of(), review.diagnostics(), "rule or intake problems on " + fixture);
      for (Finding f : review.findings()) {
        assertFalse(f.message().contains("{"), fixture + ": a placeholder left in: " + f.message());
        // A finding in an #else branch says so after the rule's own wording.
        String worded = ConfigurationLabel.withoutConfiguration(f.message());
        List<String> matching =
            wordings.entrySet().stream()
                .filter(w -> w.getValue().matcher(worded).matches())
                .map(Map.Entry::getKey)
                .toList();
        if (matching.isEmpty()) {
          problems.add(
              fixture.getFileName()
                  + ": reads as none of "
                  + wordings.keySet()
                  + ": "
                  + f.message());
        }
        unused.removeAll(matching);
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(unused.isEmpty(), m.id() + ": no fixture reports the wording(s) " + unused);
  }

  /** A wording as a pattern: its text literally, each placeholder any non-empty text. */
  private static Pattern template(String text) {
    Matcher p = Pattern.compile("\\{[a-z][a-z0-9_]*\\}").matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (p.find()) {
      out.append(Pattern.quote(text.substring(last, p.start()))).append("(.+?)");
      last = p.end();
    }
    out.append(Pattern.quote(text.substring(last)));
    return Pattern.compile(out.toString(), Pattern.DOTALL);
  }
}
