package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.ast.Words;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;
import org.mmreview.report.Fingerprint;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A patch moves code into a function (a new helper its old place now calls, or an existing helper
 * that takes over a caller's copy) and changes some of the moved lines on the way. The changed
 * lines are what the reviewer has to find by diffing the removed block against the added one by
 * eye; reviewers ask for the move and the change to be separate patches, or for the change to be
 * dropped when it is not needed.
 *
 * <p><b>The move.</b> A function {@code H} of the post-image that the patch calls from an added
 * line outside {@code H} (or whose header the patch removes elsewhere: a function moved) and whose
 * lines are, in order, the lines the patch removes elsewhere: at least {@value #MIN_ANCHORS}
 * statement lines equal after white space (of which {@value #MIN_DISTINCT} of {@value
 * #DISTINCT_CHARS} characters or more), and at least half of the statement lines of the stretch of
 * {@code H} they span. Lines of {@code H}'s own hunks that the patch removes do not count as moved
 * (an edit in place re-indents them); they only mark lines {@code H} keeps.
 *
 * <p><b>The change.</b> Within that stretch, the lines the patch adds to {@code H} that are neither
 * a moved line nor one {@code H} had before: inserted, or rewritten. Not changes: declarations
 * without initialiser, jumps ({@code return}, {@code goto}, {@code break}, {@code continue}) and
 * labels (a block moved out of its function exits differently), comments, braces and {@code else},
 * and a line that differs from a removed line of the same gap only by names renamed consistently
 * (in two line pairs or more, or to a parameter of {@code H}).
 *
 * <p>One finding per moved block, on its first changed line, the other changed stretches related.
 * Patch reviews only.
 */
public final class ChangeInMovedCode extends FileRule {
  static final int MIN_ANCHORS = 6;
  static final int MIN_DISTINCT = 4;
  static final int DISTINCT_CHARS = 16;

  /** Above this many cells the alignment is not tried: a patch that rewrites whole files. */
  private static final long MAX_CELLS = 1_000_000L;

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z_]\\w*|\\d\\w*|\\S");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_]\\w*");
  private static final Pattern JUMP = Pattern.compile("(return\\b.*|goto \\w+|break|continue);");
  private static final Pattern LABEL = Pattern.compile("\\w+:");
  private static final Pattern BARE_DECLARATION = Pattern.compile("[A-Za-z_][\\w\\s\\*,\\[\\]]*;");

  /** A declaration whose initialisers are all constants: {@code struct x *a = NULL, *b = NULL;}. */
  private static final Pattern CONSTANT_DECLARATION =
      Pattern.compile(
          "[A-Za-z_][\\w\\s\\*]*?[\\s\\*]\\**\\w+(\\s*=\\s*(NULL|true|false|-?\\d+|0x\\p{XDigit}+))?"
              + "(\\s*,\\s*\\**\\w+(\\s*=\\s*(NULL|true|false|-?\\d+|0x\\p{XDigit}+))?)*;");

  private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s*/\\*.*?\\*/\\s*$");
  private static final Set<String> KEYWORDS =
      Set.of(
          "if",
          "else",
          "for",
          "while",
          "do",
          "switch",
          "case",
          "return",
          "goto",
          "sizeof",
          "struct",
          "union",
          "enum",
          "unsigned",
          "signed",
          "int",
          "long",
          "char",
          "short",
          "bool",
          "void",
          "const",
          "static",
          "true",
          "false",
          "NULL");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    Optional<FileChange> change = file.change();
    if (change.isEmpty() || file.patch().removedLines().size() < MIN_ANCHORS) {
      return;
    }
    Map<Integer, String> post = new TreeMap<>();
    collect(change.get(), post);
    if (post.isEmpty()) {
      return;
    }
    List<String> removedAll = null;
    for (Target h : targets(file, change.get())) {
      if (!addsIn(file, h) || !calledOrMoved(file, h)) {
        continue;
      }
      if (removedAll == null) {
        removedAll = significant(file.patch().removedLines());
        if (removedAll.size() < MIN_ANCHORS) {
          return;
        }
      }
      judge(file, ctx, h, post, change.get(), removedAll);
    }
  }

  /**
   * A function the patch adds lines to: its name, its parameters when its header is in view, and
   * the post-image lines it spans. In a hunk-only review a function is also every hunk whose
   * section heading names it (a hunk in the middle of a body parses as loose statements).
   */
  private record Target(String name, Set<String> params, List<int[]> spans) {
    boolean holds(int line) {
      return spans.stream().anyMatch(s -> s[0] <= line && line <= s[1]);
    }

    List<Integer> lines() {
      Set<Integer> out = new TreeSet<>();
      for (int[] s : spans) {
        for (int l = s[0]; l <= s[1]; l++) {
          out.add(l);
        }
      }
      return new ArrayList<>(out);
    }
  }

  private static List<Target> targets(ReviewedFile file, FileChange change) {
    Map<String, Target> out = new LinkedHashMap<>();
    for (CompilationUnit unit : file.units()) {
      for (FunctionDefinition f : unit.functions()) {
        Set<String> params = new HashSet<>();
        for (Parameter p : f.parameters()) {
          p.name().ifPresent(params::add);
        }
        Target t = out.computeIfAbsent(f.name(), n -> new Target(n, params, new ArrayList<>()));
        t.spans().add(new int[] {f.body().range().beginLine(), f.body().range().endLine()});
      }
    }
    if (file.partial()) {
      List<Integer> starts = new ArrayList<>();
      for (CompilationUnit unit : file.units()) {
        for (FunctionDefinition f : unit.functions()) {
          starts.add(f.range().beginLine());
        }
      }
      for (Hunk hunk : change.hunks()) {
        Optional<String> name = hunk.headingFunction();
        if (name.isPresent() && hunk.added() > 0) {
          // The heading's function ends where the hunk shows the next one begin.
          int from = hunk.newStart();
          int to = hunk.newStart() + hunk.newCount() - 1;
          for (int start : starts) {
            if (start >= from && start <= to) {
              to = start - 1;
            }
          }
          out.computeIfAbsent(name.get(), n -> new Target(n, new HashSet<>(), new ArrayList<>()))
              .spans()
              .add(new int[] {from, to});
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  /** The post-image text of every line the hunks show. */
  private static void collect(FileChange change, Map<Integer, String> post) {
    for (Hunk hunk : change.hunks()) {
      for (HunkLine l : hunk.lines()) {
        if (l.kind() != HunkLine.Kind.REMOVE) {
          post.put(l.newLine(), l.text());
        }
      }
    }
  }

  private static boolean addsIn(ReviewedFile file, Target h) {
    return h.lines().stream().anyMatch(file::isAdded);
  }

  /**
   * True when an added line outside {@code h} calls it (its old place, or the caller whose copy it
   * takes over), or a removed line elsewhere is a header of the same name (the function moved).
   */
  private static boolean calledOrMoved(ReviewedFile file, Target h) {
    String name = h.name();
    long inside = 0;
    for (int l : h.lines()) {
      if (file.isAdded(l)) {
        Optional<String> t = file.lineText(l);
        if (t.isPresent() && isCall(t.get(), name)) {
          inside++;
        }
      }
    }
    long all = file.patch().addedLines().stream().filter(t -> isCall(t, name)).count();
    if (all > inside) {
      return true;
    }
    return file.patch().removedLines().stream()
        .anyMatch(t -> !t.isEmpty() && !Character.isWhitespace(t.charAt(0)) && isHeader(t, name));
  }

  /** A call in a statement: indented, unlike a definition's or prototype's first line. */
  private static boolean isCall(String text, String name) {
    return !text.isEmpty()
        && Character.isWhitespace(text.charAt(0))
        && Words.callIndexOf(text, name, 0) >= 0;
  }

  private static boolean isHeader(String text, String name) {
    int at = Words.callIndexOf(text, name, 0);
    return at > 0 && !text.strip().endsWith(";");
  }

  /**
   * A statement line: its comparison key ({@link #normalise}) and its text as the finding shows it.
   */
  private record Line(int line, String text, boolean added, String shown) {}

  private void judge(
      ReviewedFile file,
      RuleContext ctx,
      Target h,
      Map<Integer, String> post,
      FileChange change,
      List<String> removedAll) {
    List<Line> body = new ArrayList<>();
    for (int l : h.lines()) {
      String text = post.get(l);
      if (text == null) {
        text = file.lineText(l).orElse(null);
      }
      // A line at column 0 inside a body is another function's header that a hunk shows.
      String norm = text == null || startsOutside(text) ? null : normalise(text);
      if (norm != null) {
        body.add(new Line(l, norm, file.isAdded(l), shown(text)));
      }
    }
    List<String> own = ownRemoved(change, h);
    List<String> moved = without(removedAll, own);
    if (keptVariant(file, ctx, h, own, moved)) {
      return;
    }
    if (body.size() < MIN_ANCHORS
        || moved.size() < MIN_ANCHORS
        || (long) body.size() * moved.size() > MAX_CELLS) {
      return;
    }
    int[] match = align(body, moved);
    int first = -1;
    int last = -1;
    int anchors = 0;
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < body.size(); i++) {
      if (match[i] >= 0) {
        first = first < 0 ? i : first;
        last = i;
        anchors++;
        if (body.get(i).text().length() >= DISTINCT_CHARS) {
          distinct.add(body.get(i).text());
        }
      }
    }
    if (anchors < MIN_ANCHORS
        || distinct.size() < MIN_DISTINCT
        || mergesCopies(body, match, moved)) {
      return;
    }
    Set<String> kept = new HashSet<>(own);
    List<Integer> changed = new ArrayList<>();
    int renamed = changedLines(body, match, moved, first, last, kept, h.params(), changed);
    int span = 0;
    for (int i = first; i <= last; i++) {
      String t = body.get(i).text();
      if (!insignificant(t) && !(match[i] < 0 && kept.contains(t))) {
        span++;
      }
    }
    // Most of the stretch must have come over: a few shared lines do not make a move.
    if (changed.isEmpty() || (anchors + renamed) * 2 < span) {
      return;
    }
    List<List<Integer>> runs = new ArrayList<>();
    int prev = -2;
    for (int i : changed) {
      if (i != prev + 1) {
        runs.add(new ArrayList<>());
      }
      runs.get(runs.size() - 1).add(i);
      prev = i;
    }
    Line at = body.get(runs.get(0).get(0));
    RuleContext.FindingBuilder finding =
        ctx.at(new Range(at.line(), 1, at.line(), 2, 0, 0))
            .arg("function", h.name())
            .arg("count", String.valueOf(changed.size()))
            .arg("moved", String.valueOf(anchors))
            .arg("example", at.shown());
    for (int k = 1; k < runs.size(); k++) {
      Line l = body.get(runs.get(k).get(0));
      finding.related(
          new Range(l.line(), 1, l.line(), 2, 0, 0), "also changed: `" + l.shown() + "`");
    }
    finding.report();
  }

  /**
   * An {@code if}/{@code else} the patch adds to {@code h} whose one arm is a statement the patch
   * removes elsewhere (the folded caller's own way) and whose other arm is a statement {@code h}
   * had before (its own way): the helper now keeps both variants. Reported at the {@code if}; true
   * when it was.
   */
  private static boolean keptVariant(
      ReviewedFile file, RuleContext ctx, Target h, List<String> own, List<String> moved) {
    Set<String> ours = new HashSet<>(own);
    Set<String> theirs = new HashSet<>(moved);
    theirs.removeAll(ours);
    List<IfStatement> branches = new ArrayList<>();
    for (CompilationUnit unit : file.units()) {
      branches.addAll(unit.findAll(IfStatement.class, b -> h.holds(b.range().beginLine())));
    }
    for (IfStatement branch : branches) {
      if (!file.isAdded(branch.range().beginLine()) || branch.elseStatement().isEmpty()) {
        continue;
      }
      Optional<Statement> then = single(branch.thenStatement());
      Optional<Statement> other = single(branch.elseStatement().get());
      if (then.isEmpty() || other.isEmpty()) {
        continue;
      }
      String a = normalise(then.get().text());
      String b = normalise(other.get().text());
      Statement foreign;
      Statement mine;
      if (theirs.contains(a) && ours.contains(b)) {
        foreign = then.get();
        mine = other.get();
      } else if (theirs.contains(b) && ours.contains(a)) {
        foreign = other.get();
        mine = then.get();
      } else {
        continue;
      }
      ctx.at(branch)
          .variant("kept_variant")
          .arg("function", h.name())
          .arg("theirs", shown(foreign.text()))
          .arg("ours", shown(mine.text()))
          .report();
      return true;
    }
    return false;
  }

  /** The one statement of an arm (braced or not), when it is an expression on one line. */
  private static Optional<Statement> single(Statement arm) {
    Statement s = arm;
    if (s instanceof Block b) {
      if (b.statements().size() != 1) {
        return Optional.empty();
      }
      s = b.statements().get(0);
    }
    if (!(s instanceof ExpressionStatement) || s.range().beginLine() != s.range().endLine()) {
      return Optional.empty();
    }
    return normalise(s.text()) == null ? Optional.empty() : Optional.of(s);
  }

  /**
   * Adds to {@code out} the indexes in {@code body} of the added lines between the first and the
   * last moved line that are not moved, not a line the function had before, and not a consistent
   * rename of a removed line of the same gap; returns how many were such renames.
   */
  private static int changedLines(
      List<Line> body,
      int[] match,
      List<String> moved,
      int first,
      int last,
      Set<String> kept,
      Set<String> params,
      List<Integer> out) {
    // A line the patch removes anywhere came over, from another copy or another order.
    Set<String> removed = new HashSet<>(moved);
    List<Integer> candidates = new ArrayList<>();
    Map<Integer, List<Integer>> gapOf = new HashMap<>();
    int prevMoved = match[first];
    for (int i = first + 1; i <= last; i++) {
      if (match[i] >= 0) {
        prevMoved = match[i];
        continue;
      }
      Line l = body.get(i);
      if (!l.added()
          || kept.contains(l.text())
          || removed.contains(l.text())
          || insignificant(l.text())) {
        continue;
      }
      candidates.add(i);
      int next = nextMoved(match, i, last);
      List<Integer> gap = new ArrayList<>();
      for (int j = prevMoved + 1; j < next; j++) {
        gap.add(j);
      }
      gapOf.put(i, gap);
    }
    // The renames the pairs of same-shaped lines show, counted over the whole block.
    Map<String, Integer> renames = new HashMap<>();
    Map<Integer, List<Set<String>>> options = new HashMap<>();
    for (int i : candidates) {
      List<Set<String>> mine = new ArrayList<>();
      for (int j : gapOf.get(i)) {
        Set<String> subs = substitutions(moved.get(j), body.get(i).text());
        if (subs != null) {
          mine.add(subs);
          for (String s : subs) {
            renames.merge(s, 1, Integer::sum);
          }
        }
      }
      options.put(i, mine);
    }
    for (int i : candidates) {
      boolean renamed =
          options.get(i).stream()
              .anyMatch(
                  subs ->
                      subs.stream()
                          .allMatch(
                              s ->
                                  renames.get(s) >= 2
                                      || params.contains(s.substring(s.indexOf('>') + 1))));
      if (!renamed) {
        out.add(i);
      }
    }
    return candidates.size() - out.size();
  }

  private static int nextMoved(int[] match, int from, int last) {
    for (int i = from + 1; i <= last; i++) {
      if (match[i] >= 0) {
        return match[i];
      }
    }
    return match[last];
  }

  /**
   * The identifier substitutions {@code a>b} that turn {@code from} into {@code to}, or null when
   * the two lines differ in anything else (or not at all).
   */
  static Set<String> substitutions(String from, String to) {
    List<String> a = tokens(from);
    List<String> b = tokens(to);
    if (a.size() != b.size()) {
      return null;
    }
    Set<String> subs = new HashSet<>();
    for (int k = 0; k < a.size(); k++) {
      String x = a.get(k);
      String y = b.get(k);
      if (x.equals(y)) {
        continue;
      }
      if (!IDENT.matcher(x).matches()
          || !IDENT.matcher(y).matches()
          || KEYWORDS.contains(x)
          || KEYWORDS.contains(y)) {
        return null;
      }
      subs.add(x + ">" + y);
    }
    return subs.isEmpty() ? null : subs;
  }

  private static List<String> tokens(String text) {
    return TOKEN.matcher(text).results().map(MatchResult::group).toList();
  }

  /**
   * True when most of the moved lines are removed more often than the function has them: the patch
   * merges several copies into one function, which cannot keep every copy's lines and is judged as
   * a merge, not a move.
   */
  private static boolean mergesCopies(List<Line> body, int[] match, List<String> moved) {
    Map<String, Integer> times = new HashMap<>();
    for (String m : moved) {
      times.merge(m, 1, Integer::sum);
    }
    Map<String, Integer> kept = new HashMap<>();
    for (Line l : body) {
      kept.merge(l.text(), 1, Integer::sum);
    }
    int anchors = 0;
    int repeated = 0;
    for (int i = 0; i < body.size(); i++) {
      if (match[i] >= 0) {
        anchors++;
        String t = body.get(i).text();
        if (times.get(t) > kept.get(t)) {
          repeated++;
        }
      }
    }
    return repeated * 2 >= anchors;
  }

  /** For each line of {@code body}, the index of the removed line it is aligned with, or -1. */
  private static int[] align(List<Line> body, List<String> moved) {
    int n = body.size();
    int m = moved.size();
    int[][] len = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      String t = body.get(i).text();
      for (int j = m - 1; j >= 0; j--) {
        len[i][j] =
            t.equals(moved.get(j)) && !insignificant(t)
                ? len[i + 1][j + 1] + 1
                : Math.max(len[i + 1][j], len[i][j + 1]);
      }
    }
    int[] match = new int[n];
    Arrays.fill(match, -1);
    int i = 0;
    int j = 0;
    while (i < n && j < m) {
      String t = body.get(i).text();
      if (t.equals(moved.get(j)) && !insignificant(t) && len[i][j] == len[i + 1][j + 1] + 1) {
        match[i++] = j++;
      } else if (len[i + 1][j] >= len[i][j + 1]) {
        i++;
      } else {
        j++;
      }
    }
    return match;
  }

  /**
   * The lines the patch removes in the hunks that hold {@code h}: its own old lines, which an edit
   * in place re-adds re-indented.
   */
  private static List<String> ownRemoved(FileChange change, Target h) {
    List<String> out = new ArrayList<>();
    for (Hunk hunk : change.hunks()) {
      int standing = hunk.newStart();
      List<String> pending = new ArrayList<>();
      for (HunkLine l : hunk.lines()) {
        if (l.kind() == HunkLine.Kind.REMOVE) {
          pending.add(l.text());
          continue;
        }
        standing = l.newLine();
        if (!pending.isEmpty() && h.holds(standing)) {
          pending.stream()
              .map(ChangeInMovedCode::normalise)
              .filter(t -> t != null)
              .forEach(out::add);
        }
        pending.clear();
      }
      if (!pending.isEmpty() && h.holds(hunk.newStart() + hunk.newCount() - 1)) {
        pending.stream().map(ChangeInMovedCode::normalise).filter(t -> t != null).forEach(out::add);
      }
    }
    return out;
  }

  /** {@code all} without one occurrence of each line of {@code own}, in order. */
  private static List<String> without(List<String> all, List<String> own) {
    Map<String, Integer> left = new HashMap<>();
    for (String o : own) {
      left.merge(o, 1, Integer::sum);
    }
    List<String> out = new ArrayList<>(all.size());
    for (String a : all) {
      Integer n = left.get(a);
      if (n != null && n > 0) {
        left.put(a, n - 1);
      } else {
        out.add(a);
      }
    }
    return out;
  }

  private static List<String> significant(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (String l : lines) {
      String n = normalise(l);
      if (n != null) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * The line with its white space collapsed, a trailing comment and an opening or closing brace
   * dropped; null for a line with no code (blank, comment, brace, preprocessor).
   */
  static String normalise(String line) {
    String t = line.strip();
    if (t.isEmpty()
        || t.startsWith("/*")
        || t.startsWith("*")
        || t.startsWith("//")
        || t.startsWith("#")) {
      return null;
    }
    t = shown(t);
    return t.isEmpty() ? null : Fingerprint.normalise(t);
  }

  private static boolean startsOutside(String text) {
    return !text.isEmpty() && !Character.isWhitespace(text.charAt(0)) && text.charAt(0) != '}';
  }

  /** The line as a reader wrote it, without its indentation, a trailing comment or a brace. */
  static String shown(String line) {
    String t = line.strip();
    int slashes = t.indexOf("//");
    // A "//" outside a string: the code before it holds an even number of quotes.
    if (slashes > 0 && t.substring(0, slashes).chars().filter(c -> c == '"').count() % 2 == 0) {
      t = t.substring(0, slashes).strip();
    }
    t = TRAILING_COMMENT.matcher(t).replaceFirst("");
    if (t.startsWith("}")) {
      t = t.substring(1).strip();
    }
    if (t.endsWith("{")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return t.replaceAll("\\s+", " ");
  }

  /** Lines that carry no change of behaviour a move could hide. */
  static boolean insignificant(String norm) {
    return norm.equals("else")
        || norm.equals("do")
        || norm.equals(";")
        || JUMP.matcher(norm).matches()
        || LABEL.matcher(norm).matches()
        || (BARE_DECLARATION.matcher(norm).matches() && norm.contains(" "))
        || (CONSTANT_DECLARATION.matcher(norm).matches() && !norm.startsWith("return "));
  }
}
