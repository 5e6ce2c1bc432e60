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
  private volatile Tables tables;

  /** The maps, once built. */
  private record Tables(
      Set<Integer> added,
      Set<Integer> removedOld,
      Map<Integer, Integer> patchLineOfNew,
      Map<Integer, Integer> patchLineOfOld) {}

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

  private Tables tables() {
    Tables t = tables;
    if (t == null) {
      t = build(hunks);
      tables = t; // a race builds it twice, the same
    }
    return t;
  }

  private static Tables build(List<Hunk> hunks) {
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
    return new Tables(
        Collections.unmodifiableSet(added),
        Collections.unmodifiableSet(removed),
        Collections.unmodifiableMap(newToPatch),
        Collections.unmodifiableMap(oldToPatch));
  }

  public boolean isAdded(int newLine) {
    return tables().added().contains(newLine);
  }

  /** Post-image lines the patch adds, ascending. */
  public Set<Integer> addedLines() {
    return tables().added();
  }

  /** Pre-image lines the patch removes, ascending. */
  public Set<Integer> removedOldLines() {
    return tables().removedOld();
  }

  /** The patch-text line showing this post-image line, when the patch shows it. */
  public OptionalInt patchLineOfNew(int newLine) {
    Integer p = tables().patchLineOfNew().get(newLine);
    return p == null ? OptionalInt.empty() : OptionalInt.of(p);
  }

  /** The patch-text line showing this pre-image line, when the patch shows it. */
  public OptionalInt patchLineOfOld(int oldLine) {
    Integer p = tables().patchLineOfOld().get(oldLine);
    return p == null ? OptionalInt.empty() : OptionalInt.of(p);
  }
}
