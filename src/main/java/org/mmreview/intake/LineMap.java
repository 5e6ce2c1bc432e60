package org.mmreview.intake;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Maps the lines of one changed file between the three coordinates a finding can be shown in:
 * post-image line, pre-image line, and line in the patch text.
 *
 * <p>Built on its first question: every file of every patch mail gets one, and most (the files an
 * audit's path filter leaves out, the mails it skips) are never asked.
 */
public final class LineMap {
  private final List<Hunk> hunks;
  private volatile Changed changed;
  private volatile PatchLines patchLines;

  /** The lines the patch adds and removes: what the rules ask, for every file they review. */
  private record Changed(Set<Integer> added, Set<Integer> removedOld) {}

  /**
   * Where each shown line stands in the patch text: asked only to place a finding in the patch (a
   * reply's quote), and as large as the hunks, so built apart from {@link Changed}.
   */
  private record PatchLines(Map<Integer, Integer> ofNew, Map<Integer, Integer> ofOld) {}

  private LineMap(List<Hunk> hunks) {
    this.hunks = List.copyOf(hunks);
  }

  /** The map of a file's hunks. */
  public static LineMap of(List<Hunk> hunks) {
    return new LineMap(hunks);
  }

  /** An empty map (binary files, pure renames). */
  public static LineMap empty() {
    return of(List.of());
  }

  private Changed changed() {
    Changed c = changed;
    if (c == null) {
      Set<Integer> added = new TreeSet<>();
      Set<Integer> removed = new TreeSet<>();
      for (Hunk h : hunks) {
        for (HunkLine l : h.lines()) {
          switch (l.kind()) {
            case ADD -> added.add(l.newLine());
            case REMOVE -> removed.add(l.oldLine());
            case CONTEXT -> {}
          }
        }
      }
      c = new Changed(Collections.unmodifiableSet(added), Collections.unmodifiableSet(removed));
      changed = c; // a race builds it twice, the same
    }
    return c;
  }

  private PatchLines patchLines() {
    PatchLines p = patchLines;
    if (p == null) {
      Map<Integer, Integer> newToPatch = new TreeMap<>();
      Map<Integer, Integer> oldToPatch = new TreeMap<>();
      for (Hunk h : hunks) {
        for (HunkLine l : h.lines()) {
          switch (l.kind()) {
            case ADD -> newToPatch.put(l.newLine(), l.patchLine());
            case REMOVE -> oldToPatch.put(l.oldLine(), l.patchLine());
            case CONTEXT -> {
              newToPatch.put(l.newLine(), l.patchLine());
              oldToPatch.put(l.oldLine(), l.patchLine());
            }
          }
        }
      }
      p =
          new PatchLines(
              Collections.unmodifiableMap(newToPatch), Collections.unmodifiableMap(oldToPatch));
      patchLines = p; // a race builds it twice, the same
    }
    return p;
  }

  /** True when this post-image line is added by the patch. */
  public boolean isAdded(int newLine) {
    return changed().added().contains(newLine);
  }

  /** Post-image lines the patch adds, ascending. */
  public Set<Integer> addedLines() {
    return changed().added();
  }

  /** Pre-image lines the patch removes, ascending. */
  public Set<Integer> removedOldLines() {
    return changed().removedOld();
  }

  /** The patch-text line showing this post-image line, when the patch shows it. */
  public OptionalInt patchLineOfNew(int newLine) {
    Integer p = patchLines().ofNew().get(newLine);
    return p == null ? OptionalInt.empty() : OptionalInt.of(p);
  }

  /** The patch-text line showing this pre-image line, when the patch shows it. */
  public OptionalInt patchLineOfOld(int oldLine) {
    Integer p = patchLines().ofOld().get(oldLine);
    return p == null ? OptionalInt.empty() : OptionalInt.of(p);
  }
}
