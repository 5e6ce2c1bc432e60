package org.mmreview.review;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.stmt.ErrorStatement;
import org.mmreview.cparse.CParser;
import org.mmreview.cparse.ParseProblem;
import org.mmreview.cparse.ParseResult;
import org.mmreview.intake.ChangeType;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;
import org.mmreview.intake.Patch;

/**
 * Turns what intake read into what the rules see: parses the post-image of every changed C file
 * (the whole file when a base tree gave one, else each hunk as a fragment at its real line numbers,
 * the nearby hunks of one function joined into one fragment by {@link FunctionHunks}) and keeps the
 * change for the diff filter.
 */
public final class ReviewPlanner {
  private final CParser parser;
  private final FragmentCache fragments;

  /** A planner with a fragment cache of its own. */
  public ReviewPlanner(CParser parser) {
    this(parser, new FragmentCache(FragmentCache.PER_WORKER));
  }

  /** A planner reading and filling {@code fragments}, which other planners may share. */
  public ReviewPlanner(CParser parser, FragmentCache fragments) {
    this.parser = parser;
    this.fragments = fragments;
  }

  /** A whole file reviewed without a patch ({@code --all}, or a fixture). */
  public ReviewedFile wholeFile(String path, String text) {
    ParseResult r = parser.parseFile(path, text);
    List<ParseDiagnostic> notes = new ArrayList<>();
    report(r, path, 1, "", "", notes);
    return new ReviewedFile(
        path,
        List.of(r.unit()),
        Optional.empty(),
        false,
        List::of,
        PatchScope.NONE,
        "",
        () -> List.copyOf(notes),
        new OtherConfigurations(memo(() -> parser.parseOtherConfigurations(path, text)), List::of));
  }

  /**
   * The C files a patch changes, each ready for the rules. Deleted and binary files are left out.
   */
  public List<ReviewedFile> patch(Patch patch) {
    // Filled below, read only when the rules run: every file of the patch sees the others. Read
    // through views, not copies: the rules ask for them per file and per declaration, once the
    // loop below has filled them for good.
    List<CompilationUnit> units = new ArrayList<>();
    Set<String> cutHeaders = new HashSet<>();
    List<CompilationUnit> unitsView = Collections.unmodifiableList(units);
    Set<String> cutHeadersView = Collections.unmodifiableSet(cutHeaders);
    PatchScope scope =
        new PatchScope(
            lines(patch, HunkLine.Kind.ADD),
            () -> unitsView,
            patch.metadata().title() + "\n" + patch.metadata().commitMessage(),
            lines(patch, HunkLine.Kind.REMOVE),
            lines(patch, HunkLine.Kind.CONTEXT),
            () -> cutHeadersView);
    List<ReviewedFile> out = new ArrayList<>();
    for (FileChange fc : patch.files()) {
      if (fc.binary() || fc.changeType() == ChangeType.DELETE || !isC(fc.newPath())) {
        continue;
      }
      ReviewedFile rf = changedFile(fc, scope, patch.source(), cutHeaders);
      units.addAll(rf.units());
      out.add(rf);
    }
    return out;
  }

  /** True for the files mmreview parses: C sources and headers. */
  public static boolean isC(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    return p.endsWith(".c") || p.endsWith(".h");
  }

  private ReviewedFile changedFile(
      FileChange fc, PatchScope scope, String origin, Set<String> cutHeaders) {
    String path = fc.newPath();
    String from = origin.isEmpty() || origin.equals(path) ? "" : " (" + origin + ")";
    List<ParseDiagnostic> postNotes = new ArrayList<>();
    // Filled when (and if) a rule asks for the pre-image; read after the rules ran.
    List<ParseDiagnostic> preNotes = new ArrayList<>();
    if (fc.postImage().isPresent()) {
      ParseResult post = parser.parseFile(path, fc.postImage().get());
      report(post, path, 1, "", from, postNotes);
      Memo<List<CompilationUnit>> pre =
          memo(
              () ->
                  fc.preImage()
                      .map(
                          t -> {
                            ParseResult r = parser.parseFile(fc.oldPath(), t);
                            report(r, fc.oldPath(), 1, " before the patch", from, preNotes);
                            return List.of(r.unit());
                          })
                      .orElse(List.of()));
      String postText = fc.postImage().get();
      OtherConfigurations configurations =
          new OtherConfigurations(
              memo(() -> parser.parseOtherConfigurations(path, postText)),
              memo(
                  () ->
                      fc.preImage()
                          .map(t -> parser.parseOtherConfigurations(fc.oldPath(), t))
                          .orElse(List.of())));
      return new ReviewedFile(
          path,
          List.of(post.unit()),
          Optional.of(fc),
          false,
          pre,
          scope,
          origin,
          notes(postNotes, pre, preNotes),
          configurations);
    }
    List<CompilationUnit> post = new ArrayList<>();
    // The groups as parsed: a joined group whose parse leaves more code unread than its hunks
    // parsed apart (the gap's braces guessed wrong) is taken apart again.
    List<List<Hunk>> groups = new ArrayList<>();
    for (List<Hunk> g : FunctionHunks.groups(fc.hunks())) {
      ParseResult r = postSide(post, path, g, cutHeaders);
      List<ParseResult> apart = List.of();
      int unread = g.size() > 1 ? unreadLines(r) : 0;
      if (unread > 0) {
        apart = new ArrayList<>();
        int unreadApart = 0;
        for (Hunk h : g) {
          ParseResult one = postSide(post, path, List.of(h), cutHeaders);
          unreadApart += unreadLines(one);
          apart.add(one);
        }
        if (unreadApart >= unread) {
          apart = List.of();
        }
      }
      if (apart.isEmpty()) {
        groups.add(g);
        report(r, path, g.get(0).newStart(), ": " + hunkNames(g), from, postNotes);
        post.add(r.unit());
        continue;
      }
      for (int i = 0; i < g.size(); i++) {
        Hunk h = g.get(i);
        groups.add(List.of(h));
        report(apart.get(i), path, h.newStart(), ": " + hunkNames(List.of(h)), from, postNotes);
        post.add(apart.get(i).unit());
      }
    }
    Memo<List<CompilationUnit>> pre =
        memo(
            () -> {
              List<CompilationUnit> old = new ArrayList<>();
              for (List<Hunk> g : groups) {
                Hunk h = g.get(0);
                ParseResult r =
                    fragment(
                        old,
                        fc.oldPath(),
                        FunctionHunks.joined(g, HunkLine.Kind.REMOVE),
                        h.oldStart());
                report(
                    r,
                    fc.oldPath(),
                    h.oldStart(),
                    ": " + hunkNames(g) + ", before the patch",
                    from,
                    preNotes);
                old.add(r.unit());
              }
              return old;
            });
    return new ReviewedFile(
        path, post, Optional.of(fc), true, pre, scope, origin, notes(postNotes, pre, preNotes));
  }

  /** The lines of code a parse left unread: those of its error nodes and error statements. */
  private static int unreadLines(ParseResult r) {
    if (r.problems().isEmpty()) {
      return 0;
    }
    Set<Integer> lines = new HashSet<>();
    r.unit().stream()
        .filter(n -> n instanceof ErrorStatement || n instanceof ErrorNode)
        .forEach(
            n -> {
              for (int l = n.range().beginLine(); l <= n.range().endLine(); l++) {
                lines.add(l);
              }
            });
    return lines.size();
  }

  /** "hunk @@ ... @@", or "hunks @@ ... @@ + @@ ... @@" for the hunks of one function joined. */
  private static String hunkNames(List<Hunk> g) {
    StringBuilder b = new StringBuilder(g.size() == 1 ? "hunk " : "hunks ");
    for (int i = 0; i < g.size(); i++) {
      b.append(i == 0 ? "" : " + ").append(hunkName(g.get(i)));
    }
    return b.toString();
  }

  /** {@code @@ -a,b +c,d @@}: the hunk as the patch names it, without its section heading. */
  private static String hunkName(Hunk h) {
    return "@@ -"
        + h.oldStart()
        + ","
        + h.oldCount()
        + " +"
        + h.newStart()
        + ","
        + h.newCount()
        + " @@";
  }

  /** The post-image's notes, and the pre-image's when a rule had it parsed. */
  private static Supplier<List<ParseDiagnostic>> notes(
      List<ParseDiagnostic> post, Memo<?> pre, List<ParseDiagnostic> preNotes) {
    return () -> {
      List<ParseDiagnostic> all = new ArrayList<>(post);
      if (pre.done()) {
        all.addAll(preNotes);
      }
      return all;
    };
  }

  /**
   * Adds a one-line diagnostic for each problem of {@code r} the user must hear about: input past a
   * limit, input read with a guess, or a parser failure. Syntax errors stay silent: hunks are
   * partial code. {@code firstLine} is where the text claims to start; past {@link
   * CParser#MAX_LINE_NUMBER} no line is named, the whole text being refused.
   */
  private static void report(
      ParseResult r,
      String path,
      int firstLine,
      String where,
      String from,
      List<ParseDiagnostic> into) {
    for (ParseProblem p : r.problems()) {
      if (p.kind() == ParseProblem.Kind.SYNTAX) {
        continue;
      }
      if (p.kind() == ParseProblem.Kind.REPAIRED) {
        // The message says how the input was read; nothing went unreviewed.
        into.add(
            new ParseDiagnostic(
                p.kind(), path + ":" + p.range().beginLine() + where + from + ": " + p.message()));
        continue;
      }
      String at;
      String skipped;
      if (firstLine > CParser.MAX_LINE_NUMBER) {
        at = "";
        skipped = where.isEmpty() ? "file" : "hunk";
      } else {
        Range range = p.range();
        // A range ending at the start of a line (after the text's last newline) ends on the line
        // before.
        int end =
            range.endColumn() == 1 && range.endLine() > range.beginLine()
                ? range.endLine() - 1
                : range.endLine();
        at = ":" + range.beginLine();
        skipped =
            (end > range.beginLine()
                    ? "lines " + range.beginLine() + "-" + end
                    : "line " + range.beginLine())
                + p.functionName().map(f -> " (in " + f + ")").orElse("");
      }
      into.add(
          new ParseDiagnostic(
              p.kind(),
              path + at + where + from + ": " + p.message() + "; " + skipped + " not reviewed"));
    }
  }

  /**
   * The post-image side of a group of hunks ({@link FunctionHunks}: one hunk, or the hunks of one
   * function joined) parsed as a fragment; when the first hunk starts inside a function's parameter
   * list, with the function's first line from the hunk's section heading on the line before ({@link
   * CutSignature}, that line then recorded in {@code cutHeaders}), so the rules see the function
   * and its parameters. The old side is parsed as it stands: a rule that compares the code before
   * and after (a finding already there) then reads the old side as it always did.
   */
  private ParseResult postSide(
      List<CompilationUnit> siblings, String path, List<Hunk> group, Set<String> cutHeaders) {
    Hunk h = group.get(0);
    String text = FunctionHunks.joined(group, HunkLine.Kind.ADD);
    Optional<String> whole =
        h.newStart() > 1 ? CutSignature.completed(h.sectionHeading(), text) : Optional.empty();
    if (whole.isEmpty()) {
      return fragment(siblings, path, text, h.newStart());
    }
    cutHeaders.add(path + ":" + (h.newStart() - 1));
    return fragment(siblings, path, whole.get(), h.newStart() - 1);
  }

  /**
   * The hunk side {@code text} parsed as a fragment at {@code firstLine}, from {@link #fragments}
   * when the same side was parsed before (moved to {@code firstLine} when it was parsed at another
   * line), unless that unit is already one of {@code siblings} (the file's units must stay distinct
   * objects: rules and their facts key on unit identity).
   */
  private ParseResult fragment(
      List<CompilationUnit> siblings, String path, String text, int firstLine) {
    Optional<FragmentCache.Parsed> cached = fragments.get(path, text);
    if (cached.isPresent() && cached.get().firstLine() == firstLine) {
      ParseResult r = cached.get().result();
      if (siblings.stream().noneMatch(u -> u == r.unit())) {
        return r;
      }
    } else if (cached.isPresent()) {
      // The text moved (an earlier hunk of a resent version grew): the tree but for its lines.
      Optional<ParseResult> moved =
          parser.moved(cached.get().result(), text, cached.get().firstLine(), firstLine);
      if (moved.isPresent()) {
        return moved.get();
      }
    }
    ParseResult result = parser.parseFragment(path, text, firstLine);
    fragments.put(path, text, firstLine, result);
    return result;
  }

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

  /**
   * Every line of one kind (added, removed, context) of every file of the patch; the context lines
   * include the hunk headers' section headings, which are lines the patch keeps too.
   */
  private static List<String> lines(Patch patch, HunkLine.Kind kind) {
    List<String> out = new ArrayList<>();
    for (FileChange fc : patch.files()) {
      for (Hunk h : fc.hunks()) {
        if (kind == HunkLine.Kind.CONTEXT && !h.sectionHeading().isBlank()) {
          out.add(h.sectionHeading());
        }
        for (HunkLine l : h.lines()) {
          if (l.kind() == kind) {
            out.add(l.text());
          }
        }
      }
    }
    return out;
  }

  /** A value computed on first use, which can tell whether that use has happened. */
  private static final class Memo<T> implements Supplier<T> {
    private final Supplier<T> compute;
    private T value;
    private boolean done;

    Memo(Supplier<T> compute) {
      this.compute = compute;
    }

    @Override
    public synchronized T get() {
      if (!done) {
        value = compute.get();
        done = true;
      }
      return value;
    }

    synchronized boolean done() {
      return done;
    }
  }

  private static <T> Memo<T> memo(Supplier<T> s) {
    return new Memo<>(s);
  }
}
