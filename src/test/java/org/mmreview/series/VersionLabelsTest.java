package org.mmreview.series;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VersionLabelsTest {
  private static List<String> texts(List<VersionLabels.Label> labels) {
    return labels.stream().map(l -> l.fingerprint() + " " + l.text()).toList();
  }

  @Test
  void firstVersionHasOnlyNewFindings() {
    var fam = new VersionLabels.Builder().add(1, "a").add(1, "b").build();
    assertEquals(List.of("a new in v1", "b new in v1"), texts(VersionLabels.of(fam, 1)));
  }

  @Test
  void stillPresentCountsFromTheStartOfTheUnbrokenRun() {
    Map<Integer, Set<String>> fam =
        Map.of(1, Set.of("a"), 2, Set.of("b"), 3, Set.of("a", "b"), 4, Set.of("a", "b", "c"));
    assertEquals(
        List.of("a still present since v3", "b still present since v2", "c new in v4"),
        texts(VersionLabels.of(fam, 4)).stream().sorted().toList());
  }

  @Test
  void whatTheLastPostedVersionHadAndThisOneHasNotIsFixed() {
    // v2 was never posted: v3 is compared with v1.
    var fam = new VersionLabels.Builder().add(1, "a").add(1, "b").add(3, "b").version(4).build();
    assertEquals(
        List.of("b still present since v1", "a fixed in v3"), texts(VersionLabels.of(fam, 3)));
    assertEquals(List.of("b fixed in v4"), texts(VersionLabels.of(fam, 4)));
  }

  @Test
  void allLabelsEveryVersionOldestFirst() {
    var fam = new VersionLabels.Builder().add(2, "x").add(1, "x").build();
    assertEquals(List.of(1, 2), List.copyOf(VersionLabels.all(fam).keySet()));
    assertEquals(List.of("x still present since v1"), texts(VersionLabels.all(fam).get(2)));
  }
}
