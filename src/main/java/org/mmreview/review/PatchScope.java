package org.mmreview.review;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.mmreview.ast.CompilationUnit;

/**
 * What a whole patch adds, across its files: some concerns are about consistency with the rest of
 * the patch ("new code, inconsistent with the rest of the patch"), not with one file.
 *
 * @param addedLines every added line of every file of the patch, without the {@code +}
 * @param units the parsed post-images of every C file of the patch (whole files, or hunks), for
 *     rules that follow a call into another file the patch changes (an ioctl handler in
 *     fs/userfaultfd.c calling into mm/userfaultfd.c); complete once the planner has read the whole
 *     patch
 * @param message the patch's title and commit message (empty for a bare diff): where an author says
 *     why a comment goes
 * @param removedLines every removed line of every file of the patch, without the {@code -}: where
 *     code a file seems to add comes from (a function moved out of a header, renamed)
 * @param contextLines every context line of every file of the patch: what the patch shows of the
 *     code it keeps (a prototype or stub of a function another file now defines)
 * @param cutHeaders the post-image lines ({@code path:line}) where a hunk-only review put a
 *     function's first line taken from a hunk's section heading ({@code CutSignature}): that
 *     function's parameter list may lack the lines between its first line and the hunk
 */
public record PatchScope(
    List<String> addedLines,
    Supplier<List<CompilationUnit>> units,
    String message,
    List<String> removedLines,
    List<String> contextLines,
    Supplier<Set<String>> cutHeaders) {
  public static final PatchScope NONE = new PatchScope(List.of());

  public PatchScope {
    addedLines = List.copyOf(addedLines);
    units = units == null ? List::of : units;
    message = message == null ? "" : message;
    removedLines = List.copyOf(removedLines);
    contextLines = List.copyOf(contextLines);
    cutHeaders = cutHeaders == null ? Set::of : cutHeaders;
  }

  /** A patch's added lines, parsed files and message, without its removed and context lines. */
  public PatchScope(
      List<String> addedLines, Supplier<List<CompilationUnit>> units, String message) {
    this(addedLines, units, message, List.of(), List.of(), Set::of);
  }

  /**
   * True when line {@code line} of {@code path} holds a function's first line that the review took
   * from a hunk's section heading, not from the patch's text: the parameters between it and the
   * hunk are unknown, so its parameter count and positions are not to be trusted.
   */
  public boolean cutHeader(String path, int line) {
    Set<String> cut = cutHeaders.get();
    return !cut.isEmpty() && cut.contains(path + ":" + line); // most patches have none
  }

  /** A patch's added lines and parsed files, without a commit message. */
  public PatchScope(List<String> addedLines, Supplier<List<CompilationUnit>> units) {
    this(addedLines, units, "", List.of(), List.of(), Set::of);
  }

  /** A patch's added lines, without its parsed files. */
  public PatchScope(List<String> addedLines) {
    this(addedLines, List::of, "", List.of(), List.of(), Set::of);
  }

  /** True when some added line of the patch contains {@code text}. */
  public boolean addsText(String text) {
    return addedLines.stream().anyMatch(l -> l.contains(text));
  }
}
