package org.mmreview.rules.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfigStubMismatchNamesTest {
  @Test
  void reorderedWordsAndSlipsAreOneName() {
    assertTrue(
        ConfigStubMismatch.similar("grow_pool_to_node_by_order", "grow_pool_to_order_by_node"));
    assertTrue(ConfigStubMismatch.similar("widget_resize", "widget_reisze"));
    assertFalse(ConfigStubMismatch.similar("widget_resize", "__widget_resize"));
    assertFalse(ConfigStubMismatch.similar("widget_lock", "widget_unlock"));
  }

  @Test
  void differentFunctionsAreNot() {
    assertFalse(ConfigStubMismatch.similar("widget_resize", "widget_resize"));
    assertFalse(ConfigStubMismatch.similar("widget_get", "widget_put"));
    assertFalse(ConfigStubMismatch.similar("pool_shrink_node", "pool_grow_node"));
  }

  @Test
  void distance() {
    assertEquals(2, ConfigStubMismatch.distance("abcd", "acbd"));
    assertEquals(0, ConfigStubMismatch.distance("", ""));
  }
}
