package org.mmreview;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The layout tells the architecture: data flows intake → review → cparse → analysis → rules →
 * report → series, with the store, the audit and the bot above it and cli on top, and no package
 * depends on one above it. Each package may use only the packages listed for it here (checked on
 * the compiled classes with ArchUnit, so a fully qualified name in the code counts as much as an
 * import).
 */
class LayeringTest {
  private static final List<String> PACKAGES =
      List.of(
          "intake",
          "ast",
          "cparse",
          "review",
          "analysis",
          "kernel",
          "rules",
          "report",
          "series",
          "store",
          "audit",
          "bot",
          "cli");

  /** Who may use whom, besides itself and its own subpackages. */
  private static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

  static {
    MAY_USE.put("intake", Set.of());
    MAY_USE.put("ast", Set.of());
    MAY_USE.put("kernel", Set.of());
    MAY_USE.put("report", Set.of());
    MAY_USE.put("cparse", Set.of("ast"));
    MAY_USE.put("review", Set.of("intake", "cparse", "ast"));
    MAY_USE.put("analysis", Set.of("ast", "cparse", "kernel"));
    MAY_USE.put(
        "rules", Set.of("analysis", "ast", "cparse", "intake", "review", "report", "kernel"));
    // The review of a patch or a series, shared by check, the audit and the bot.
    MAY_USE.put("series", Set.of("intake", "review", "cparse", "ast", "rules", "report"));
    // The SQLite store of the audit and the bot: what was seen, found and sent.
    MAY_USE.put("store", Set.of("intake", "report"));
    MAY_USE.put("audit", Set.of("intake", "review", "series", "store", "report", "rules"));
    MAY_USE.put("bot", Set.of("intake", "review", "series", "store", "report", "rules"));
    MAY_USE.put("cli", Set.copyOf(PACKAGES));
  }

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.mmreview");
  }

  @TestFactory
  List<DynamicTest> noPackageUsesOneAboveIt() {
    return MAY_USE.entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey(),
                    () -> {
                      String[] forbidden =
                          PACKAGES.stream()
                              .filter(p -> !p.equals(e.getKey()) && !e.getValue().contains(p))
                              .map(p -> "org.mmreview." + p + "..")
                              .toArray(String[]::new);
                      if (forbidden.length == 0) {
                        return;
                      }
                      noClasses()
                          .that()
                          .resideInAPackage("org.mmreview." + e.getKey() + "..")
                          .should()
                          .dependOnClassesThat()
                          .resideInAnyPackage(forbidden)
                          .allowEmptyShould(true)
                          .check(classes);
                    }))
        .toList();
  }
}
