package org.mmreview.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.report.Severity;

class RuleCatalogTest {

  static Path root() {
    return Path.of(System.getProperty("mmreview.root", "."));
  }

  static List<String> idsInSourceTree() throws IOException {
    try (Stream<Path> files = Files.list(root().resolve("rules"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length()))
          .sorted()
          .toList();
    }
  }

  private static String minimalRule(String id) {
    return "severity: info\n"
        + "title: t\n"
        + "message: m {name}\n"
        + "rationale: r\n"
        + "precedent: p\n"
        + "fix: f\n"
        + "examples: {bad: b, good: g}\n";
  }

  @Test
  void classpathCatalogHoldsEveryYamlOfTheSourceTree() throws IOException {
    RuleCatalog catalog = RuleCatalog.load();
    assertEquals(idsInSourceTree(), catalog.ids());
    assertTrue(catalog.size() > 0);
  }

  @Test
  void sourceTreeAndClasspathAgree() {
    assertEquals(RuleCatalog.load().rules(), RuleCatalog.loadFrom(root().resolve("rules")).rules());
  }

  @Test
  void ruleClassNameIsUpperCamelCaseInChecksPackage() {
    assertEquals(
        "org.mmreview.rules.checks.UffdOpsNullCheck",
        RuleCatalog.ruleClassName("uffd-ops-null-check"));
    assertEquals(
        "org.mmreview.rules.checks.VmaSrcDstMismatch",
        RuleCatalog.ruleClassName("vma-src-dst-mismatch"));
    assertEquals("org.mmreview.rules.checks.Bug", RuleCatalog.ruleClassName("bug"));
    assertThrows(IllegalArgumentException.class, () -> RuleCatalog.ruleClassName("Bad_Id"));
    assertThrows(IllegalArgumentException.class, () -> RuleCatalog.ruleClassName("trailing-"));
  }

  private static Path jar(Path dir, boolean directoryEntries, Map<String, String> files)
      throws IOException {
    Path jar = dir.resolve("rules-" + directoryEntries + ".jar");
    try (OutputStream os = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(os)) {
      if (directoryEntries) {
        out.putNextEntry(new JarEntry("rules/"));
        out.closeEntry();
      }
      for (Map.Entry<String, String> f : files.entrySet()) {
        out.putNextEntry(new JarEntry(f.getKey()));
        out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void loadsFromJarWithoutDirectoryEntries(@TempDir Path dir) throws IOException {
    Path jar =
        jar(
            dir,
            false,
            Map.of(
                "rules/a-rule.yaml", minimalRule("a-rule"),
                "rules/b-rule.yaml", minimalRule("b-rule"),
                "rules/nested/c-rule.yaml", minimalRule("c-rule"),
                "other/d-rule.yaml", minimalRule("d-rule")));
    RuleCatalog catalog = RuleCatalog.loadFrom(jar);
    assertEquals(List.of("a-rule", "b-rule"), catalog.ids());
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertEquals(List.of("a-rule", "b-rule"), RuleCatalog.load(loader, Optional.of(jar)).ids());
    }
  }

  @Test
  void loadsFromClassLoaderOverJarWithDirectoryEntries(@TempDir Path dir) throws IOException {
    Path jar = jar(dir, true, Map.of("rules/a-rule.yaml", minimalRule("a-rule")));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      RuleCatalog catalog = RuleCatalog.load(loader, Optional.empty());
      assertEquals(List.of("a-rule"), catalog.ids());
      assertEquals(Severity.INFO, catalog.find("a-rule").orElseThrow().severity());
    }
  }

  @Test
  void loadsFromClassLoaderOverDirectory(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(dir.resolve("rules/x-rule.yaml"), minimalRule("x-rule"));
    Files.writeString(dir.resolve("rules/notes.txt"), "not a rule");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertEquals(List.of("x-rule"), RuleCatalog.load(loader, Optional.empty()).ids());
    }
  }

  @Test
  void theIdIsTheFileNameAndNotRepeatedInside(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("one-rule.yaml"), minimalRule("one-rule"));
    assertEquals(List.of("one-rule"), RuleCatalog.loadFrom(dir).ids());
    Files.writeString(dir.resolve("one-rule.yaml"), "id: other-rule\n" + minimalRule("one-rule"));
    RuleCatalogException e =
        assertThrows(RuleCatalogException.class, () -> RuleCatalog.loadFrom(dir));
    assertTrue(
        e.getMessage().contains("one-rule.yaml") && e.getMessage().contains("drop it"),
        e.getMessage());
  }

  @Test
  void unknownFieldsAndBadSeveritiesAreRejected() {
    String typo = minimalRule("a") + "rationle: oops\n";
    assertThrows(
        RuleCatalogException.class,
        () ->
            RuleCatalog.parse(
                "a.yaml", new ByteArrayInputStream(typo.getBytes(StandardCharsets.UTF_8))));
    String badSeverity = minimalRule("a").replace("severity: info", "severity: fatal");
    RuleCatalogException e =
        assertThrows(
            RuleCatalogException.class,
            () ->
                RuleCatalog.parse(
                    "a.yaml",
                    new ByteArrayInputStream(badSeverity.getBytes(StandardCharsets.UTF_8))));
    assertTrue(e.getMessage().contains("fatal"), e.getMessage());
  }

  @Test
  void emptyClassLoaderIsAnError() throws IOException {
    try (URLClassLoader loader = new URLClassLoader(new URL[0], null)) {
      assertThrows(RuleCatalogException.class, () -> RuleCatalog.load(loader, Optional.empty()));
    }
  }

  @Test
  void formatMessageFillsKnownPlaceholdersAndKeepsMissingOnesVisible() {
    RuleMetadata meta =
        RuleCatalog.parse(
            "a.yaml",
            new ByteArrayInputStream(
                minimalRule("a")
                    .replace("m {name}", "use {name} not {other}")
                    .getBytes(StandardCharsets.UTF_8)));
    assertEquals("use vma_test() not {other}", meta.formatMessage(Map.of("name", "vma_test()")));
  }

  @Test
  void severityParsesItsLabelsOnly() {
    assertEquals(Severity.ERROR, Severity.parse("error"));
    assertEquals(Severity.WARNING, Severity.parse(" Warning "));
    assertThrows(IllegalArgumentException.class, () -> Severity.parse("fatal"));
    assertTrue(Severity.ERROR.atLeast(Severity.WARNING));
    assertTrue(!Severity.INFO.atLeast(Severity.WARNING));
  }
}
