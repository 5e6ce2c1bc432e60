package org.mmreview.series;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each finding of a series family stands across its versions v1..vN, as a reviewer of vN
 * wants to hear it: {@code new in vN}, {@code still present since vK}, or, for what an earlier
 * version had and this one has not, {@code fixed in vN}. Findings are matched by fingerprint (rule,
 * file, function, normalised evidence), which survives rebases and reordering inside a version.
 * Pure: the audit and the bot feed it from their stores, {@code check} from one run.
 */
public final class VersionLabels {

  /** What one version's finding, or one finding an earlier version had, is across versions. */
  public enum Kind {
    NEW("new in v%d"),
    STILL_PRESENT("still present since v%d"),
    FIXED("fixed in v%d");

    private final String pattern;

    Kind(String pattern) {
      this.pattern = pattern;
    }
  }

  /**
   * One label.
   *
   * @param fingerprint the finding's fingerprint
   * @param kind new, still present, or fixed
   * @param since for {@code STILL_PRESENT} the first version of the unbroken run that has it; for
   *     {@code NEW} and {@code FIXED} the version the label is about
   */
  public record Label(String fingerprint, Kind kind, int since) {
    /** {@code new in v3}, {@code still present since v1}, {@code fixed in v4}. */
    public String text() {
      return String.format(kind.pattern, since);
    }
  }

  private VersionLabels() {}

  /**
   * The labels of version {@code version} of a family.
   *
   * @param byVersion each version's fingerprints (of findings introduced by that version), by
   *     version number; versions not posted (a v2 never sent) are simply absent
   * @return the labels of {@code version}'s own findings, then {@code FIXED} for those of the
   *     closest earlier version that {@code version} no longer has
   */
  public static List<Label> of(Map<Integer, ? extends Set<String>> byVersion, int version) {
    Set<String> now = byVersion.containsKey(version) ? byVersion.get(version) : Set.of();
    List<Integer> earlier = byVersion.keySet().stream().filter(v -> v < version).sorted().toList();
    List<Label> out = new ArrayList<>();
    for (String fp : new LinkedHashSet<>(now)) {
      int since = version;
      for (int i = earlier.size() - 1; i >= 0; i--) {
        if (!byVersion.get(earlier.get(i)).contains(fp)) {
          break;
        }
        since = earlier.get(i);
      }
      out.add(new Label(fp, since == version ? Kind.NEW : Kind.STILL_PRESENT, since));
    }
    if (!earlier.isEmpty()) {
      for (String fp : new LinkedHashSet<>(byVersion.get(earlier.get(earlier.size() - 1)))) {
        if (!now.contains(fp)) {
          out.add(new Label(fp, Kind.FIXED, version));
        }
      }
    }
    return out;
  }

  /** The labels of every version of a family, by version, oldest first. */
  public static Map<Integer, List<Label>> all(Map<Integer, ? extends Set<String>> byVersion) {
    Map<Integer, List<Label>> out = new LinkedHashMap<>();
    byVersion.keySet().stream().sorted().forEach(v -> out.put(v, of(byVersion, v)));
    return out;
  }

  /** A family's fingerprints by version, built one finding at a time. */
  public static final class Builder {
    private final Map<Integer, Set<String>> byVersion = new HashMap<>();

    /** Records that {@code version} was posted, even with no finding. */
    public Builder version(int version) {
      byVersion.computeIfAbsent(version, v -> new LinkedHashSet<>());
      return this;
    }

    public Builder add(int version, String fingerprint) {
      byVersion.computeIfAbsent(version, v -> new LinkedHashSet<>()).add(fingerprint);
      return this;
    }

    public Map<Integer, Set<String>> build() {
      return Map.copyOf(byVersion);
    }
  }
}
