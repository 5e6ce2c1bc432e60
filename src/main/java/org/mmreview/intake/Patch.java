package org.mmreview.intake;

import java.util.List;

/**
 * One patch, whatever form it came in.
 *
 * @param source the input it came from (file name, {@code archive@commit}, git commit id)
 * @param patchText the diff text as read: for a mail its decoded body (whose first line is
 *     patch line {@code headerLines + 2}: {@link HunkLine#patchLine()} counts from the top of
 *     the mail or mbox file, headers included, as checkpatch does); for a diff file or a
 *     commit the diff itself, whose first line is patch line 1
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
