package org.mmreview.review;

import java.util.List;

/**
 * What a whole patch adds, across its files: some concerns are about consistency with the rest of
 * the patch ("new code, inconsistent with the rest of the patch"), not with one file.
 *
 * @param addedLines every added line of every file of the patch, without the {@code +}
 */
public record PatchScope(List<String> addedLines) {
  public static final PatchScope NONE = new PatchScope(List.of());

  public PatchScope {
    addedLines = List.copyOf(addedLines);
  }

  /** True when some added line of the patch contains {@code text}. */
  public boolean addsText(String text) {
    return addedLines.stream().anyMatch(l -> l.contains(text));
  }
}
