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
 */
public final class LineMap {
  private final Set<Integer> added;
  private final Set<Integer> removedOld;
  private final Map<Integer, Integer> patchLineOfNew;
  private final Map<Integer, Integer> patchLineOfOld;

  private LineMap(
      Set<Integer> added,
      Set<Integer> removedOld,
      Map<Integer, Integer> patchLineOfNew,
      Map<Integer, Integer> patchLineOfOld) {
    this.added = Collections.unmodifiableSet(added);
    this.removedOld = Collections.unmodifiableSet(removedOld);
    this.patchLineOfNew = Collections.unmodifiableMap(patchLineOfNew);
    this.patchLineOfOld = Collections.unmodifiableMap(patchLineOfOld);
  }

  /** Builds the map from a file's hunks. */
  public static LineMap of(List<Hunk> hunks) {
    Set<Integer> added = new TreeSet<>();
    Set<Integer> removed = new TreeSet<>();
    Map<Integer, Integer> newToPatch = new TreeMap<>();
    Map<Integer, Integer> oldToPatch = new TreeMap<>();
    for (Hunk h : hunks) {
      for (HunkLine l : h.lines()) {
        switch (l.kind()) {
          case ADD -> {
            added.add(l.newLine());
            newToPatch.put(l.newLine(), l.patchLine());
          }
          case REMOVE -> {
            removed.add(l.oldLine());
            oldToPatch.put(l.oldLine(), l.patchLine());
          }
          case CONTEXT -> {
            newToPatch.put(l.newLine(), l.patchLine());
            oldToPatch.put(l.oldLine(), l.patchLine());
          }
        }
      }
    }
    return new LineMap(added, removed, newToPatch, oldToPatch);
  }

  /** An empty map (binary files, pure renames). */
  public static LineMap empty() {
    return of(List.of());
  }

  public boolean isAdded(int newLine) {
    return added.contains(newLine);
  }

  /** Post-image lines the patch adds, ascending. */
  public Set<Integer> addedLines() {
    return added;
  }

  /** Pre-image lines the patch removes, ascending. */
  public Set<Integer> removedOldLines() {
    return removedOld;
  }

  /** The patch-text line showing this post-image line, when the patch shows it. */
  public OptionalInt patchLineOfNew(int newLine) {
    Integer p = patchLineOfNew.get(newLine);
    return p == null ? OptionalInt.empty() : OptionalInt.of(p);
  }

  /** The patch-text line showing this pre-image line, when the patch shows it. */
  public OptionalInt patchLineOfOld(int oldLine) {
    Integer p = patchLineOfOld.get(oldLine);
    return p == null ? OptionalInt.empty() : OptionalInt.of(p);
  }
}
