package org.mmreview.intake;

import java.util.List;
import java.util.Optional;

/**
 * One changed file of a patch.
 *
 * @param oldPath path before the change ({@code /dev/null} for an added file)
 * @param newPath path after the change ({@code /dev/null} for a deleted file)
 * @param oldMode file mode before, when the patch states it
 * @param newMode file mode after, when the patch states it
 * @param applied true when the hunks were applied to a real pre-image
 */
public record FileChange(
    String oldPath,
    String newPath,
    ChangeType changeType,
    boolean binary,
    List<Hunk> hunks,
    LineMap lineMap,
    Optional<String> preImage,
    Optional<String> postImage,
    boolean applied,
    Optional<String> oldMode,
    Optional<String> newMode) {

  public static final String DEV_NULL = "/dev/null";

  public FileChange {
    hunks = List.copyOf(hunks);
    lineMap = lineMap == null ? LineMap.of(hunks) : lineMap;
  }

  /** A file change as read from a diff, without images. */
  public static FileChange fromDiff(
      String oldPath,
      String newPath,
      ChangeType type,
      boolean binary,
      List<Hunk> hunks,
      Optional<String> oldMode,
      Optional<String> newMode) {
    return new FileChange(
        oldPath,
        newPath,
        type,
        binary,
        hunks,
        LineMap.of(hunks),
        Optional.empty(),
        Optional.empty(),
        false,
        oldMode,
        newMode);
  }

  /** The path a reviewer names the file by: the new path, or the old one for a deletion. */
  public String path() {
    return changeType == ChangeType.DELETE ? oldPath : newPath;
  }

  public int added() {
    return hunks.stream().mapToInt(Hunk::added).sum();
  }

  public int removed() {
    return hunks.stream().mapToInt(Hunk::removed).sum();
  }

  /** The same change with pre- and post-image attached (and possibly shifted hunks). */
  public FileChange withImages(List<Hunk> shiftedHunks, String pre, String post) {
    return new FileChange(
        oldPath,
        newPath,
        changeType,
        binary,
        shiftedHunks,
        LineMap.of(shiftedHunks),
        Optional.ofNullable(pre),
        Optional.ofNullable(post),
        true,
        oldMode,
        newMode);
  }
}
