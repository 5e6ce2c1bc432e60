package org.mmreview.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A rule whose metadata says {@code enabled_by_default: false} runs only when asked for. */
class RuleSetDefaultsTest {
  private static final RuleCatalog CATALOG = RuleCatalog.load();

  private static boolean has(RuleSet set, String id) {
    return set.entries().stream().anyMatch(e -> e.metadata().id().equals(id));
  }

  @Test
  void anOffByDefaultRuleRunsOnlyWhenEnabledOrNamed() {
    String off = "explanatory-comment-dropped";
    assertFalse(
        CATALOG.rules().stream()
            .filter(m -> m.id().equals(off))
            .findFirst()
            .orElseThrow()
            .onByDefault());
    assertFalse(has(RuleSet.all(CATALOG), off));
    assertTrue(has(RuleSet.all(CATALOG), "bug-on-recoverable"));
    assertTrue(has(RuleSet.allWith(CATALOG, List.of(off)), off));
    assertTrue(has(RuleSet.only(CATALOG, List.of(off)), off));
    assertTrue(has(RuleSet.everything(CATALOG), off));
  }
}
