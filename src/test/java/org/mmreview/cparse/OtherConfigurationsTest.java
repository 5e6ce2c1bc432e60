package org.mmreview.cparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.decl.FunctionDefinition;

/** The other configurations of a file: which branches they take and which lines are theirs. */
class OtherConfigurationsTest {
  private final CParser parser = new CParser();

  @Test
  void everyLiveBranchWithCodeIsParsedOnceAndLabelled() {
    String text =
        """
        #ifdef CONFIG_A
        static int a_on(void) { return 1; }
        #else
        static int a_off(void) { return 0; }
        #endif
        #if defined(CONFIG_B)
        static int b_one(void) { return 1; }
        #elif defined(CONFIG_C)
        static int b_two(void) { return 2; }
        #else
        static int b_three(void) { return 3; }
        #endif
        #if 0
        static int dead(void) { return 9; }
        #endif
        #ifndef CONFIG_D
        static int d_off(void) { return 0; }
        #endif
        """;
    List<ConfigurationParse> others = parser.parseOtherConfigurations("x.c", text);
    Set<String> seen = new TreeSet<>();
    for (ConfigurationParse c : others) {
      for (FunctionDefinition f : c.result().unit().functions()) {
        c.configuration()
            .regionAt(f.range().beginLine())
            .ifPresent(r -> seen.add(f.name() + " [" + r.label() + "]"));
      }
      assertTrue(c.result().problems().isEmpty(), c.configuration().name());
    }
    assertEquals(
        Set.of(
            "a_off [#else of CONFIG_A]",
            "b_two [#elif defined(CONFIG_C)]",
            "b_three [#else of defined(CONFIG_B)]"),
        seen);
    // #elif and #else of one group cannot share a configuration.
    assertEquals(2, others.size());
  }

  @Test
  void aBranchNestedInAMainBranchIsReachedInALaterConfiguration() {
    String text =
        """
        #ifdef CONFIG_OUTER
        #ifdef CONFIG_INNER
        static int in_on(void) { return 1; }
        #else
        static int in_off(void) { return 0; }
        #endif
        #else
        static int out_off(void) { return 0; }
        #endif
        """;
    Set<String> seen = new TreeSet<>();
    for (ConfigurationParse c : parser.parseOtherConfigurations("x.c", text)) {
      for (FunctionDefinition f : c.result().unit().functions()) {
        c.configuration()
            .regionAt(f.range().beginLine())
            .ifPresent(r -> seen.add(f.name() + " [" + r.label() + "]"));
      }
    }
    assertEquals(Set.of("in_off [#else of CONFIG_INNER]", "out_off [#else of CONFIG_OUTER]"), seen);
  }

  @Test
  void aFileWithoutElseHasNoOtherConfiguration() {
    String text = "#ifdef CONFIG_A\nstatic int a(void) { return 1; }\n#endif\n";
    assertEquals(List.of(), parser.parseOtherConfigurations("x.c", text));
  }
}
