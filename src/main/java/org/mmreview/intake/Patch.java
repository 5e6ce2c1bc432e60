package org.mmreview.intake;

import java.util.List;

/**
 * One patch, whatever form it came in.
 *
 * @param source the input it came from (file name, {@code archive@commit}, git commit id)
 * @param patchText the text line numbers in {@link HunkLine#patchLine()} refer to
 */
public record Patch(PatchMetadata metadata, List<FileChange> files, String source, String patchText) {
  public Patch {
    files = List.copyOf(files);
  }

  public boolean touches(String pathPrefix) {
    return files.stream()
        .anyMatch(f -> f.newPath().startsWith(pathPrefix) || f.oldPath().startsWith(pathPrefix));
  }

  public Patch withFiles(List<FileChange> newFiles) {
    return new Patch(metadata, newFiles, source, patchText);
  }
}
