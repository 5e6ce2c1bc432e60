package org.mmreview.series;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mmreview.report.Finding;
import org.mmreview.report.Lifecycle;

/**
 * The versions of each series family met so far in one run, for {@code check} to label each finding
 * of vN with {@link VersionLabels} ({@code new in v3}, {@code still present since v1}) and say what
 * vN fixed of the version before. Only fingerprints (with a few words naming each, for the "fixed
 * in" note) are kept per version, never findings, and only for the most recent {@code maxFamilies}
 * families: a whole archive's run stays bounded.
 *
 * <p>A version's fingerprints are those its patches brought: introduced, or introduced and fixed
 * later in the same version. Labels are given only when the family has another version in the
 * input: a lone v3 is not "new in v3" as far as this run can tell.
 */
public final class FamilyHistory {

  /**
   * A version's reviews with their findings labelled, and what it fixed.
   *
   * @param reviews the reviews, findings labelled across versions
   * @param fixed one line per finding of the closest earlier version this one no longer has: rule,
   *     file and function
   */
  public record Labelled(List<PatchReview> reviews, List<String> fixed) {
    public Labelled {
      reviews = List.copyOf(reviews);
      fixed = List.copyOf(fixed);
    }
  }

  /** Per family: per version, fingerprint to what names it. */
  private final Map<String, Map<Integer, Map<String, String>>> families;

  public FamilyHistory(int maxFamilies) {
    this.families =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(
              Map.Entry<String, Map<Integer, Map<String, String>>> eldest) {
            return size() > maxFamilies;
          }
        };
  }

  /**
   * Records one posted version of {@code family} (a whole series, or one patch on its own) and
   * labels its findings against the versions recorded before; an empty family (a git range, a bare
   * diff) is returned as it is. A version posted twice (a resend) replaces the first.
   */
  public Labelled version(String family, int version, List<PatchReview> reviews) {
    if (family.isEmpty()) {
      return new Labelled(reviews, List.of());
    }
    Map<String, String> mine = new LinkedHashMap<>();
    for (PatchReview r : reviews) {
      for (Finding f : r.findings()) {
        if (brought(f)) {
          mine.putIfAbsent(f.fingerprint(), describe(f));
        }
      }
    }
    Map<Integer, Map<String, String>> versions =
        families.computeIfAbsent(family, k -> new HashMap<>());
    versions.put(version, mine);
    if (versions.size() < 2) {
      return new Labelled(reviews, List.of());
    }
    Map<Integer, Set<String>> byVersion = new HashMap<>();
    versions.forEach((v, fps) -> byVersion.put(v, fps.keySet()));
    Map<String, String> text = new HashMap<>();
    List<String> fixed = new ArrayList<>();
    int previous =
        versions.keySet().stream().filter(v -> v < version).max(Integer::compare).orElse(0);
    for (VersionLabels.Label l : VersionLabels.of(byVersion, version)) {
      if (l.kind() == VersionLabels.Kind.FIXED) {
        fixed.add(versions.get(previous).get(l.fingerprint()) + ": " + l.text());
      } else {
        text.put(l.fingerprint(), l.text());
      }
    }
    List<PatchReview> out = new ArrayList<>(reviews.size());
    for (PatchReview r : reviews) {
      List<Finding> found = new ArrayList<>(r.findings().size());
      for (Finding f : r.findings()) {
        String label = brought(f) ? text.get(f.fingerprint()) : null;
        found.add(label == null ? f : f.withVersionLabel(label));
      }
      out.add(new PatchReview(r.source(), r.contexts(), found, r.problems()));
    }
    return new Labelled(out, fixed);
  }

  private static boolean brought(Finding f) {
    return f.lifecycle() == Lifecycle.INTRODUCED || f.lifecycle() == Lifecycle.FIXED_LATER;
  }

  /** {@code rule-id in mm/x.c, foo()}: enough to find it again. */
  private static String describe(Finding f) {
    return f.ruleId()
        + " in "
        + f.location().file()
        + (f.function().isEmpty() ? "" : ", " + f.function() + "()");
  }
}
