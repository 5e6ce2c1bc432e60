package org.mmreview.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;

/**
 * One C file as the rules see it: its post-image AST (the whole file, or one unit per hunk when
 * only the patch is known), the change that produced it when reviewing a patch, and the pre-image
 * for rules that judge what was removed.
 *
 * @param path the post-image path, as findings name it
 * @param units the parsed post-image: one unit for a whole file, else one per hunk, or per group of
 *     nearby hunks of one function ({@link FunctionHunks}), at the file's line numbers
 * @param change the file's change when reviewing a patch; empty when reviewing whole files
 * @param partial true when only hunks were parsed, not whole functions
 * @param preImage the parsed pre-image (or the old side of the hunks), computed on demand
 * @param patch what the rest of the patch adds, for rules that judge consistency across files
 * @param origin where the patch came from (a mail file, an archive message, a commit), empty for a
 *     whole file; lets a batch audit tell apart the same file in several patches
 * @param parseDiagnostics the code of this file the parser could not give the rules, asked after
 *     the rules ran (the pre-image is parsed only when a rule wants it)
 * @param configurations the whole file's other configurations ({@code #else} branches), parsed when
 *     the engine asks
 */
public record ReviewedFile(
    String path,
    List<CompilationUnit> units,
    Optional<FileChange> change,
    boolean partial,
    Supplier<List<CompilationUnit>> preImage,
    PatchScope patch,
    String origin,
    Supplier<List<ParseDiagnostic>> parseDiagnostics,
    OtherConfigurations configurations) {

  public ReviewedFile {
    units = List.copyOf(units);
    configurations = configurations == null ? OtherConfigurations.NONE : configurations;
  }

  /** A file with parse notes and no other configuration. */
  public ReviewedFile(
      String path,
      List<CompilationUnit> units,
      Optional<FileChange> change,
      boolean partial,
      Supplier<List<CompilationUnit>> preImage,
      PatchScope patch,
      String origin,
      Supplier<List<ParseDiagnostic>> parseDiagnostics) {
    this(
        path,
        units,
        change,
        partial,
        preImage,
        patch,
        origin,
        parseDiagnostics,
        OtherConfigurations.NONE);
  }

  /**
   * The same file as another configuration shows it: {@code unit} instead of the main units, the
   * same change and scope, no parse notes (the main parse reports the file's problems).
   */
  public ReviewedFile inConfiguration(CompilationUnit unit) {
    return new ReviewedFile(
        path, List.of(unit), change, partial, preImage, patch, origin, List::of);
  }

  /** A file whose parse had nothing to report. */
  public ReviewedFile(
      String path,
      List<CompilationUnit> units,
      Optional<FileChange> change,
      boolean partial,
      Supplier<List<CompilationUnit>> preImage,
      PatchScope patch,
      String origin) {
    this(path, units, change, partial, preImage, patch, origin, List::of, OtherConfigurations.NONE);
  }

  /** True when findings must touch added lines (a patch review, not {@code --all}). */
  public boolean diffAware() {
    return change.isPresent();
  }

  /** The hunk whose post-image side holds {@code line}; empty without a change or outside hunks. */
  public Optional<Hunk> hunkAt(int line) {
    return change()
        .flatMap(
            c ->
                c.hunks().stream()
                    .filter(h -> h.newStart() <= line && line < h.newStart() + h.newCount())
                    .findFirst());
  }

  /** True when {@code line} (post-image) is added by the patch; every line is, without one. */
  public boolean isAdded(int line) {
    return change.map(c -> c.lineMap().isAdded(line)).orElse(true);
  }

  /** True when a line of {@code r} (post-image) is added by the patch. */
  public boolean addsLineOf(Range r) {
    for (int line = r.beginLine(); line <= r.endLine(); line++) {
      if (isAdded(line)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The whole pre-image as a file of its own, for running the rules on the code before the patch:
   * present in a whole-file review of a changed file (not for a new file, nor for a hunk-only
   * review, whose old side is fragments). It keeps this file's path, so that a finding there has
   * the fingerprint the same finding has here, even across a rename; its parse problems are not the
   * user's concern and are not reported.
   */
  public Optional<ReviewedFile> preImageFile() {
    if (partial || change.isEmpty()) {
      return Optional.empty();
    }
    List<CompilationUnit> before = preImage.get();
    return before.isEmpty()
        ? Optional.empty()
        : Optional.of(
            new ReviewedFile(
                path,
                before,
                Optional.empty(),
                false,
                List::of,
                PatchScope.NONE,
                origin,
                List::of,
                new OtherConfigurations(configurations.pre(), List::of)));
  }

  /**
   * False only when the pre-image's text cannot hold {@code name}: a rule asking whether a name was
   * defined before the patch learns "no" without parsing the pre-image (which most reviews never
   * need otherwise). The text checked is what {@link #preImage} parses: the whole pre-image, or
   * each hunk's old side (context and removed lines). True when unknown (no change).
   */
  public boolean preImageMayContain(String name) {
    return preImageTextMatches(t -> holdsName(t, name));
  }

  /**
   * True when the text {@link #preImage} parses passes {@code test}: the whole pre-image, or one
   * hunk's old side. True when unknown (no change).
   */
  private boolean preImageTextMatches(Predicate<String> test) {
    if (change.isEmpty()) {
      return true;
    }
    FileChange c = change.get();
    if (!partial) {
      return c.preImage().map(test::test).orElse(false);
    }
    return hunkOldSides().orElseThrow().stream().anyMatch(test);
  }

  /**
   * True when every call of {@code fn} must be among the units: the whole file is parsed, or the
   * function is added whole and its name was nowhere in the pre-image the patch shows.
   */
  public boolean showsEveryCallOf(FunctionDefinition fn) {
    if (!partial) {
      return true;
    }
    for (int line = fn.range().beginLine(); line <= fn.range().endLine(); line++) {
      if (!isAdded(line)) {
        return false;
      }
    }
    return !preImageMayContain(fn.name());
  }

  /**
   * False only when the pre-image's text cannot hold a definition of {@code name} (a function, a
   * record or a macro): as {@link #preImageMayContain}, but an occurrence where the name is an
   * operand or a call statement's callee (after {@code = ( , ; { }}, an operator or a member
   * access) cannot define it, so a patch that adds a function and calls it from changed code is not
   * made to parse its pre-image. Anything else may be a definition and counts.
   */
  public boolean preImageMayDefine(String name) {
    return preImageTextMatches(t -> holdsDefinableName(t, name));
  }

  /** The characters after which a name is used, not declared (see {@link #preImageMayDefine}). */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_]\\w*");

  private static final String USE_BEFORE = "=(,;{}[!&|+-<>?:.%^~";

  static boolean holdsDefinableName(String text, String name) {
    if (!IDENTIFIER.matcher(name).matches()) {
      // a macro-made name (SYSCALL_DEFINE1(foo, ...)) starts a line after a '}' as its definition
      return holdsName(text, name);
    }
    return anyWholeOccurrence(
        text,
        name,
        at -> {
          int p = at - 1;
          while (p >= 0 && Character.isWhitespace(text.charAt(p))) {
            p--;
          }
          return p < 0 || USE_BEFORE.indexOf(text.charAt(p)) < 0;
        });
  }

  /**
   * In a hunk-only review, the texts {@link #preImage} parses, one per hunk (its context and
   * removed lines), without parsing them: for a rule that reads only the text of the code before.
   * Empty for a whole file (its pre-image units are its configurations) or without a change.
   */
  public Optional<List<String>> hunkOldSides() {
    if (!partial || change.isEmpty()) {
      return Optional.empty();
    }
    FileChange c = change.get();
    OldSides last = LAST_OLD_SIDES.get();
    if (last != null && last.change() == c) {
      return Optional.of(last.sides());
    }
    List<String> sides = new ArrayList<>();
    for (Hunk h : c.hunks()) {
      sides.add(ReviewPlanner.side(h, HunkLine.Kind.REMOVE));
    }
    List<String> copy = List.copyOf(sides);
    LAST_OLD_SIDES.set(new OldSides(c, copy));
    return Optional.of(copy);
  }

  /** The old sides of one change, as {@link #hunkOldSides} built them. */
  private record OldSides(FileChange change, List<String> sides) {}

  /**
   * The old sides last built on this thread: rules ask for them once per name they look up (whether
   * the pre-image may define or contain it), and each asking rebuilt every hunk's text. One entry
   * per thread, keyed by the change's identity (a change never alters): a worker reviews one file
   * at a time, so the entry serves that file's rules and is replaced by the next file's.
   */
  @SuppressWarnings("ThreadLocalUsage") // a static constant, one entry per worker thread
  private static final ThreadLocal<OldSides> LAST_OLD_SIDES = new ThreadLocal<>();

  /**
   * Whether {@code text} has {@code name} other than inside a longer word: a name the parser took
   * from the text is a whole token there, so a place where a letter, digit or '_' touches it on
   * either side (its own first or last character being one) cannot be it.
   */
  static boolean holdsName(String text, String name) {
    if (name.isEmpty()) {
      return true;
    }
    return anyWholeOccurrence(text, name, at -> true);
  }

  /**
   * True when {@code accept} takes the index of one of {@code name}'s whole occurrences in {@code
   * text} (those no letter, digit or '_' joins to a longer word; see {@link #holdsName}).
   */
  private static boolean anyWholeOccurrence(String text, String name, IntPredicate accept) {
    boolean wordStart = isWordChar(name.charAt(0));
    boolean wordEnd = isWordChar(name.charAt(name.length() - 1));
    for (int at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      int after = at + name.length();
      boolean joinedBefore = wordStart && at > 0 && isWordChar(text.charAt(at - 1));
      boolean joinedAfter = wordEnd && after < text.length() && isWordChar(text.charAt(after));
      if (!joinedBefore && !joinedAfter && accept.test(at)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /**
   * True when the whole of a function is in view: always for a whole file; in a hunk-only review,
   * when one hunk shows it from its first line to a closing brace alone on its last line (a
   * fragment's parse closes a function the hunk cuts off, and the reads after the cut are unseen).
   */
  public boolean showsWholeFunction(int firstLine, int lastLine) {
    if (!partial) {
      return true;
    }
    Optional<Hunk> first = hunkAt(firstLine);
    return first.isPresent()
        && first.equals(hunkAt(lastLine))
        && lineText(lastLine).filter(t -> t.equals("}")).isPresent();
  }

  /** The text of a post-image line, when some unit covers it. */
  public Optional<String> lineText(int line) {
    for (CompilationUnit u : units) {
      Optional<String> t = u.lineText(line);
      if (t.isPresent()) {
        return t;
      }
    }
    return Optional.empty();
  }
}
