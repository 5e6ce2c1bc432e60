package org.mmreview.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.review.ReviewedFile;

/**
 * What the patch under review and the earlier patches of its series add, across all their files:
 * their added lines, and the functions they add with a comment of their own. A rule that judges
 * removed code asks it where an explanation went: into a helper patch 1/3 added, which patch 2/3
 * now calls where the comment was.
 *
 * <p>The series-aware review ({@code SeriesReviewer}) builds it patch after patch with {@link
 * #with(List)}; a patch reviewed on its own sees what it adds itself, and a whole-file review
 * {@link #NONE}. It lives here, not with the series, because rules may not import the series
 * package; it holds one series' added lines, so memory is bounded by a series.
 */
public final class SeriesContext {
  /** Nothing added: a whole-file review, or a patch before its own files are known. */
  public static final SeriesContext NONE = new SeriesContext(List.of(), Set.of());

  private final List<String> addedLines;
  private final Set<String> documentedFunctions;

  private SeriesContext(List<String> addedLines, Set<String> documentedFunctions) {
    this.addedLines = List.copyOf(addedLines);
    this.documentedFunctions = Set.copyOf(documentedFunctions);
  }

  /**
   * This context plus what one more patch adds ({@code files}: every C file of that patch, as the
   * planner gives them): the context that patch is reviewed with, and the one the next patch of the
   * series starts from.
   */
  public SeriesContext with(List<ReviewedFile> files) {
    List<String> lines = new ArrayList<>(addedLines);
    if (!files.isEmpty()) {
      // every file of a patch shares the patch's added lines (C or not)
      lines.addAll(files.get(0).patch().addedLines());
    }
    Set<String> documented = new LinkedHashSet<>(documentedFunctions);
    for (ReviewedFile f : files) {
      documented.addAll(documentedNewFunctions(f));
    }
    return new SeriesContext(lines, documented);
  }

  /**
   * True when some line added by the patch or an earlier patch of its series contains {@code text}.
   */
  public boolean addsText(String text) {
    return addedLines.stream().anyMatch(l -> l.contains(text));
  }

  /**
   * True when the patch or an earlier patch of its series adds function {@code name} (its header is
   * an added line) with an added comment in it or directly above it.
   */
  public boolean addsDocumentedFunction(String name) {
    return documentedFunctions.contains(name);
  }

  /** The functions {@code file}'s change adds whose own comment (in or above) it adds too. */
  static Set<String> documentedNewFunctions(ReviewedFile file) {
    Set<String> out = new LinkedHashSet<>();
    if (file.change().isEmpty()) {
      return out;
    }
    for (CompilationUnit u : file.units()) {
      for (FunctionDefinition f : u.functions()) {
        if (file.isAdded(f.range().beginLine()) && hasAddedComment(file, u, f)) {
          out.add(f.name());
        }
      }
    }
    return out;
  }

  private static boolean hasAddedComment(
      ReviewedFile file, CompilationUnit u, FunctionDefinition f) {
    List<Comment> own = new ArrayList<>(u.commentsIn(f.range()));
    Optional<Comment> above = u.commentAbove(f.range().beginLine());
    above.ifPresent(own::add);
    for (Comment c : own) {
      Range r = c.range();
      for (int l = r.beginLine(); l <= r.endLine(); l++) {
        if (file.isAdded(l)) {
          return true;
        }
      }
    }
    return false;
  }
}
