package org.mmreview.intake;

import java.util.List;

/**
 * One patch, whatever form it came in.
 *
 * @param source the input it came from (file name, {@code archive@commit}, git commit id)
 * @param patchText the diff text as read: for a mail its decoded body (whose first line is patch
 *     line {@code headerLines + 2}: {@link HunkLine#patchLine()} counts from the top of the mail or
 *     mbox file, headers included, as checkpatch does); for a diff file or a commit the diff
 *     itself, whose first line is patch line 1
 * @param base the tree the files' pre/post-images came from and how it was chosen ({@code --tree
 *     DIR}, {@code base-commit 1234abcd5678}, ...); empty when no base was applied
 * @param series where the patch stands in the series it came in; {@link SeriesPosition#NONE} for a
 *     patch on its own
 */
public record Patch(
    PatchMetadata metadata,
    List<FileChange> files,
    String source,
    String patchText,
    String base,
    SeriesPosition series) {
  public Patch {
    files = List.copyOf(files);
    base = base == null ? "" : base;
    series = series == null ? SeriesPosition.NONE : series;
  }

  /** A patch outside any series. */
  public Patch(
      PatchMetadata metadata,
      List<FileChange> files,
      String source,
      String patchText,
      String base) {
    this(metadata, files, source, patchText, base, SeriesPosition.NONE);
  }

  /** A patch as read, before any base is applied. */
  public Patch(PatchMetadata metadata, List<FileChange> files, String source, String patchText) {
    this(metadata, files, source, patchText, "");
  }

  public boolean touches(String pathPrefix) {
    return files.stream()
        .anyMatch(f -> f.newPath().startsWith(pathPrefix) || f.oldPath().startsWith(pathPrefix));
  }

  public Patch withFiles(List<FileChange> newFiles) {
    return new Patch(metadata, newFiles, source, patchText, base, series);
  }

  /** This patch with its files' images taken from {@code base} (see {@link #base()}). */
  public Patch withBase(String base) {
    return new Patch(metadata, files, source, patchText, base, series);
  }

  /** This patch placed in a series. */
  public Patch inSeries(SeriesPosition position) {
    return new Patch(metadata, files, source, patchText, base, position);
  }
}
