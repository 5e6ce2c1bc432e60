package org.mmreview.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.ChangeType;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;
import org.mmreview.intake.Patch;

/**
 * Turns what intake read into what the rules see: parses the post-image of every changed C
 * file (the whole file when a base tree gave one, else each hunk as a fragment at its real line
 * numbers) and keeps the change for the diff filter.
 */
public final class ReviewPlanner {
  private final CParser parser;

  public ReviewPlanner(CParser parser) {
    this.parser = parser;
  }

  /** A whole file reviewed without a patch ({@code --all}, or a fixture). */
  public ReviewedFile wholeFile(String path, String text) {
    CompilationUnit unit = parser.parseFile(path, text).unit();
    return new ReviewedFile(path, List.of(unit), Optional.empty(), false, List::of, PatchScope.NONE, "");
  }

  /** The C files a patch changes, each ready for the rules. Deleted and binary files are left out. */
  public List<ReviewedFile> patch(Patch patch) {
    PatchScope scope = new PatchScope(addedLines(patch));
    List<ReviewedFile> out = new ArrayList<>();
    for (FileChange fc : patch.files()) {
      if (fc.binary() || fc.changeType() == ChangeType.DELETE || !isC(fc.newPath())) {
        continue;
      }
      out.add(changedFile(fc, scope, patch.source()));
    }
    return out;
  }

  /** True for the files mmreview parses: C sources and headers. */
  public static boolean isC(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    return p.endsWith(".c") || p.endsWith(".h");
  }

  private ReviewedFile changedFile(FileChange fc, PatchScope scope, String origin) {
    String path = fc.newPath();
    if (fc.postImage().isPresent()) {
      CompilationUnit post = parser.parseFile(path, fc.postImage().get()).unit();
      Supplier<List<CompilationUnit>> pre =
          memo(() -> fc.preImage().map(t -> List.of(parser.parseFile(fc.oldPath(), t).unit())).orElse(List.of()));
      return new ReviewedFile(path, List.of(post), Optional.of(fc), false, pre, scope, origin);
    }
    List<CompilationUnit> post = new ArrayList<>();
    for (Hunk h : fc.hunks()) {
      post.add(fragment(post, path, side(h, HunkLine.Kind.ADD), h.newStart()));
    }
    Supplier<List<CompilationUnit>> pre =
        memo(
            () -> {
              List<CompilationUnit> old = new ArrayList<>();
              for (Hunk h : fc.hunks()) {
                old.add(fragment(old, fc.oldPath(), side(h, HunkLine.Kind.REMOVE), h.oldStart()));
              }
              return old;
            });
    return new ReviewedFile(path, post, Optional.of(fc), true, pre, scope, origin);
  }

  /**
   * The hunk side {@code text} parsed as a fragment at {@code firstLine}, from {@link #fragments}
   * when the same side was parsed before, unless that unit is already one of {@code siblings}
   * (the file's units must stay distinct objects: rules and their facts key on unit identity).
   */
  private CompilationUnit fragment(List<CompilationUnit> siblings, String path, String text, int firstLine) {
    FragmentKey key = new FragmentKey(path, firstLine, text);
    CompilationUnit cached = fragments.get(key);
    if (cached != null && siblings.stream().noneMatch(u -> u == cached)) {
      return cached;
    }
    CompilationUnit unit = parser.parseFragment(path, text, firstLine).unit();
    fragments.put(key, unit);
    return unit;
  }

  private record FragmentKey(String path, int firstLine, String text) {}

  /**
   * Parsed hunk sides by path, first line and text. An archive repeats hunks (series resent as
   * v2, v3, replies quoting a diff): about 40% of the mm/ corpus's hunk sides were parsed before,
   * mostly recently (1024 entries catch nearly all of them), and fragment parsing is most of a
   * corpus check. The parse depends on nothing else, and units are frozen once built (rules only
   * read them), so one unit can serve every patch that shows the same hunk. Least recently used
   * entries go first past {@link #FRAGMENT_CACHE_SIZE} to bound memory. Not thread-safe, like
   * the parser.
   */
  private final Map<FragmentKey, CompilationUnit> fragments =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FragmentKey, CompilationUnit> eldest) {
          return size() > FRAGMENT_CACHE_SIZE;
        }
      };

  private static final int FRAGMENT_CACHE_SIZE = 1024;

  /** The text one side of a hunk shows: context lines plus that side's own lines. */
  static String side(Hunk h, HunkLine.Kind own) {
    StringBuilder b = new StringBuilder();
    for (HunkLine l : h.lines()) {
      if (l.kind() == HunkLine.Kind.CONTEXT || l.kind() == own) {
        b.append(l.text()).append('\n');
      }
    }
    return b.toString();
  }

  private static List<String> addedLines(Patch patch) {
    List<String> added = new ArrayList<>();
    for (FileChange fc : patch.files()) {
      for (Hunk h : fc.hunks()) {
        for (HunkLine l : h.lines()) {
          if (l.kind() == HunkLine.Kind.ADD) {
            added.add(l.text());
          }
        }
      }
    }
    return added;
  }

  private static <T> Supplier<T> memo(Supplier<T> s) {
    return new Supplier<>() {
      private T value;
      private boolean done;

      @Override
      public synchronized T get() {
        if (!done) {
          value = s.get();
          done = true;
        }
        return value;
      }
    };
  }
}
