package org.mmreview.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.intake.ChangeType;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;
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
  public static final SeriesContext NONE =
      new SeriesContext(
          Map.of(), Map.of(), Set.of(), List.of(), Map.of(), new Pending("", List.of()));

  /**
   * An added line at column 0 that opens a function definition ({@code int name(...}, not a
   * prototype ending in {@code ;}): the header a patch adds or rewrites (a helper made non-static
   * for a new caller counts, as its header line is added).
   */
  private static final Pattern HEADER =
      Pattern.compile("^[A-Za-z_][\\w\\s\\*]*?\\b(\\w+)\\s*\\((?!.*;\\s*$)");

  /**
   * The lines added and still there, stripped, each with how many times: a line a later patch
   * removes again (patch 7/20 adds a comment, patch 8/20 deletes it) no longer counts, so a comment
   * is not taken for moved into the patch that added it.
   */
  private final Map<String, Integer> addedLines;

  /** Function name to the text of the comments added with it (a later patch's win). */
  private final Map<String, String> documentedFunctions;

  /** Functions whose header line the patch or an earlier patch of the series added. */
  private final Set<String> addedFunctions;

  /** The comments added, one entry per run of added comment lines (their text joined). */
  private final List<String> addedComments;

  /**
   * The lines the earlier patches of the series added and that are still in the tree the patch
   * under review applies to: by path, then by line number in that tree. Each later patch's hunks
   * carry them to their new numbers, or drop them when it removes them.
   */
  private final Map<String, NavigableMap<Integer, AddedLine>> earlierLines;

  /** The patch under review: its name and changes, applied to {@link #earlierLines} next. */
  private final Pending current;

  /**
   * A line an earlier patch of the series added.
   *
   * @param patch the patch that added it, as a reviewer names it ({@code 1/3 "mm: add foo"})
   * @param text the line as added
   */
  public record AddedLine(String patch, String text) {}

  private record Pending(String name, List<FileChange> changes) {}

  private SeriesContext(
      Map<String, Integer> addedLines,
      Map<String, String> documentedFunctions,
      Set<String> addedFunctions,
      List<String> addedComments,
      Map<String, NavigableMap<Integer, AddedLine>> earlierLines,
      Pending current) {
    this.addedLines = Map.copyOf(addedLines);
    this.documentedFunctions = Map.copyOf(documentedFunctions);
    this.addedFunctions = Set.copyOf(addedFunctions);
    this.addedComments = List.copyOf(addedComments);
    this.earlierLines = earlierLines;
    this.current = current;
  }

  /**
   * This context plus what one more patch adds ({@code files}: every C file of that patch, as the
   * planner gives them): the context that patch is reviewed with, and the one the next patch of the
   * series starts from.
   */
  public SeriesContext with(List<ReviewedFile> files) {
    return with(files, "");
  }

  /**
   * {@link #with(List)} for a patch a reviewer names {@code name} ({@code 2/3 "mm: use foo"}): the
   * next patch's rules learn which of its lines this one added.
   */
  public SeriesContext with(List<ReviewedFile> files, String name) {
    Map<String, Integer> lines = new HashMap<>(addedLines);
    for (ReviewedFile f : files) {
      for (Hunk h : f.change().map(FileChange::hunks).orElse(List.of())) {
        for (HunkLine l : h.lines()) {
          if (l.kind() == HunkLine.Kind.REMOVE) {
            lines.computeIfPresent(l.text().strip(), (k, n) -> n > 1 ? n - 1 : null);
          }
        }
      }
    }
    Set<String> functions = new HashSet<>(addedFunctions);
    List<String> comments = new ArrayList<>(addedComments);
    if (!files.isEmpty()) {
      // every file of a patch shares the patch's added lines (C or not)
      List<String> added = files.get(0).patch().addedLines();
      StringBuilder comment = new StringBuilder();
      for (String l : added) {
        lines.merge(l.strip(), 1, Integer::sum);
        Matcher m = HEADER.matcher(l);
        if (m.find()) {
          functions.add(m.group(1));
        }
        String s = l.strip();
        if (s.startsWith("/*") || s.startsWith("*") || s.startsWith("//")) {
          comment.append(s).append('\n');
        } else if (!comment.isEmpty()) {
          comments.add(comment.toString());
          comment.setLength(0);
        }
      }
      if (!comment.isEmpty()) {
        comments.add(comment.toString());
      }
    }
    Map<String, String> documented = new LinkedHashMap<>(documentedFunctions);
    for (ReviewedFile f : files) {
      documented.putAll(documentedNewFunctions(f));
      for (CompilationUnit u : f.units()) {
        for (FunctionDefinition fn : u.functions()) {
          if (f.change().isPresent() && f.isAdded(fn.range().beginLine())) {
            functions.add(fn.name());
          }
        }
      }
    }
    List<FileChange> changes = new ArrayList<>();
    files.forEach(f -> f.change().ifPresent(changes::add));
    return new SeriesContext(
        lines,
        documented,
        functions,
        comments,
        applied(earlierLines, current),
        new Pending(name, changes));
  }

  /**
   * False when no earlier patch of the series added a line of {@code oldPath} that is still there:
   * then {@link #addedEarlier} is empty for every line of it, and a rule asking it line by line can
   * skip the file (most patches are the first of their series, or reviewed alone).
   */
  public boolean addedEarlierTo(String oldPath) {
    NavigableMap<Integer, AddedLine> file = earlierLines.get(oldPath);
    return file != null && !file.isEmpty();
  }

  /**
   * The line {@code oldLine} of file {@code oldPath} in the tree the patch under review applies to,
   * when an earlier patch of the series added it and {@code text} is still what it added: the line
   * the patch removes is one its own series brought a moment ago.
   */
  public Optional<AddedLine> addedEarlier(String oldPath, int oldLine, String text) {
    NavigableMap<Integer, AddedLine> file = earlierLines.get(oldPath);
    AddedLine l = file == null ? null : file.get(oldLine);
    return l != null && l.text().stripTrailing().equals(text.stripTrailing())
        ? Optional.of(l)
        : Optional.empty();
  }

  /**
   * {@code lines} (by path and line) after the patch {@code p} was applied: each line moved by the
   * hunks before it, dropped when a hunk removes it, and every line {@code p} adds recorded as its.
   */
  private static Map<String, NavigableMap<Integer, AddedLine>> applied(
      Map<String, NavigableMap<Integer, AddedLine>> lines, Pending p) {
    if (p.changes().isEmpty()) {
      return lines;
    }
    Map<String, NavigableMap<Integer, AddedLine>> out = new HashMap<>(lines);
    for (FileChange fc : p.changes()) {
      NavigableMap<Integer, AddedLine> before =
          fc.changeType() == ChangeType.ADD ? null : out.remove(fc.oldPath());
      if (fc.changeType() == ChangeType.DELETE) {
        continue;
      }
      NavigableMap<Integer, AddedLine> after = new TreeMap<>();
      if (before != null) {
        before.forEach((line, l) -> moved(fc, line).ifPresent(to -> after.put(to, l)));
      }
      for (Hunk h : fc.hunks()) {
        for (HunkLine l : h.lines()) {
          if (l.kind() == HunkLine.Kind.ADD) {
            after.put(l.newLine(), new AddedLine(p.name(), l.text()));
          }
        }
      }
      if (!after.isEmpty()) {
        out.put(fc.newPath(), after);
      }
    }
    return out;
  }

  /**
   * Where pre-image line {@code line} is after change {@code fc}: its context line's new number in
   * a hunk, none when a hunk removes it, else shifted by what the hunks above it added and removed.
   */
  private static Optional<Integer> moved(FileChange fc, int line) {
    int shift = 0;
    for (Hunk h : fc.hunks()) {
      int oldEnd = h.oldCount() == 0 ? h.oldStart() : h.oldStart() + h.oldCount() - 1;
      if (h.oldCount() > 0 && line >= h.oldStart() && line <= oldEnd) {
        for (HunkLine l : h.lines()) {
          if (l.oldLine() == line && l.kind() != HunkLine.Kind.ADD) {
            return l.kind() == HunkLine.Kind.CONTEXT ? Optional.of(l.newLine()) : Optional.empty();
          }
        }
        return Optional.empty(); // a hunk that does not show the line: cannot tell
      }
      if (oldEnd < line) {
        shift += h.added() - h.removed();
      }
    }
    return Optional.of(line + shift);
  }

  /**
   * True when the patch or an earlier patch of its series added the header line of function {@code
   * name}: a new helper, or one whose signature it changed (made non-static for a new caller).
   */
  public boolean addsFunction(String name) {
    return addedFunctions.contains(name);
  }

  /**
   * The comments the patch and the earlier patches of its series added and no later one removed,
   * one string per run of added comment lines (a kerneldoc block, a comment above a moved
   * statement).
   */
  public List<String> addedComments() {
    List<String> out = new ArrayList<>();
    for (String block : addedComments) {
      // only the lines no later patch removed again
      String kept = block.lines().filter(addedLines::containsKey).collect(Collectors.joining("\n"));
      if (!kept.isEmpty()) {
        out.add(kept);
      }
    }
    return out;
  }

  /**
   * True when some line added by the patch or an earlier patch of its series, and not removed
   * since, contains {@code text}.
   */
  public boolean addsText(String text) {
    return addedLines.keySet().stream().anyMatch(l -> l.contains(text));
  }

  /**
   * The comments the patch or an earlier patch of its series added in or directly above function
   * {@code name}, when one of them added the function (its header is an added line) with such a
   * comment: what a caller's dropped explanation may have moved into. Empty otherwise.
   */
  public Optional<String> addedFunctionComment(String name) {
    return Optional.ofNullable(documentedFunctions.get(name));
  }

  /**
   * The functions {@code file}'s change adds (header added), each with the text of the comments in
   * or above it that the change adds; functions without such a comment are left out.
   */
  static Map<String, String> documentedNewFunctions(ReviewedFile file) {
    Map<String, String> out = new LinkedHashMap<>();
    if (file.change().isEmpty()) {
      return out;
    }
    for (CompilationUnit u : file.units()) {
      for (FunctionDefinition f : u.functions()) {
        if (file.isAdded(f.range().beginLine())) {
          String text = addedComments(file, u, f);
          if (!text.isEmpty()) {
            out.put(f.name(), text);
          }
        }
      }
    }
    return out;
  }

  private static String addedComments(ReviewedFile file, CompilationUnit u, FunctionDefinition f) {
    List<Comment> own = new ArrayList<>();
    u.commentAbove(f.range().beginLine()).ifPresent(own::add);
    own.addAll(u.commentsIn(f.range()));
    StringBuilder text = new StringBuilder();
    for (Comment c : own) {
      Range r = c.range();
      for (int l = r.beginLine(); l <= r.endLine(); l++) {
        if (file.isAdded(l)) {
          text.append(String.join(" ", c.contentLines())).append('\n');
          break;
        }
      }
    }
    return text.toString();
  }
}
