package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.ast.Words;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.review.OtherConfigurations;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.checks.stubs.FunctionDeclarations;
import org.mmreview.rules.checks.stubs.FunctionDeclarations.Declaration;
import org.mmreview.rules.checks.stubs.FunctionDeclarations.Kind;
import org.mmreview.rules.checks.stubs.UnitTextMemo;

/**
 * A function's declarations that the patch leaves disagreeing, so that some configuration or some
 * file no longer builds: a header's {@code static inline} stub (the {@code #else} branch) whose
 * name the patch spells differently from the declaration it stands in for; one name declared with
 * different parameter counts in a header or between a header and the {@code .c} defining it; a
 * definition whose parameters the patch changes while it updates no declaration; and a call the
 * patch adds with a different argument count than the declarations the patch shows.
 *
 * <p>Declarations are read from the text (both branches of an {@code #if}, which one parse would
 * not show together); calls from the parsed code. Only added lines are reported.
 */
public final class ConfigStubMismatch extends FileRule {
  /** Two names this close (single edits) are one name misspelt. */
  private static final int NAME_DISTANCE = 2;

  /** A word shorter than this changed by an edit is another word (get, put), not a typo. */
  private static final int MIN_WORD = 5;

  /**
   * True when {@code d}'s signature starts on a function's first line that a hunk-only review took
   * from a hunk's section heading: the parameters between that line and the hunk are unknown, so
   * its parameter count is not evidence.
   */
  private static boolean cutHeader(ReviewedFile file, String path, Declaration d) {
    return d.lines().length > 0 && file.patch().cutHeader(path, d.lines()[0]);
  }

  /** A declaration and the file it was read from. */
  private record Seen(Declaration decl, String file, boolean added) {}

  /** The macros each unit of the patches under review defines. */
  private static final UnitTextMemo<Set<String>> MACROS =
      new UnitTextMemo<>(text -> Collections.unmodifiableSet(definedMacros(text)));

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    if (!file.partial() && file.configurations().equals(OtherConfigurations.NONE)) {
      // the engine's view of a whole file in another configuration (it carries none of its own):
      // this rule reads every branch's text in the main view already
      return;
    }
    List<Seen> mine = new ArrayList<>();
    Set<String> ownMacros = new HashSet<>();
    for (CompilationUnit u : file.units()) {
      for (Declaration d : FunctionDeclarations.ofUnit(file, u)) {
        if (!cutHeader(file, file.path(), d)) {
          mine.add(new Seen(d, file.path(), isAdded(file, d)));
        }
      }
      ownMacros.addAll(MACROS.get(file, u));
    }
    List<Seen> others = new ArrayList<>();
    Set<String> macros = new HashSet<>(ownMacros);
    List<CompilationUnit> patchUnits =
        file.diffAware() ? file.patch().units().get() : List.<CompilationUnit>of();
    for (CompilationUnit u : patchUnits) {
      macros.addAll(MACROS.get(file, u));
      if (u.fileName().equals(file.path())) {
        continue; // its declarations are the file's own, read above
      }
      for (Declaration d : FunctionDeclarations.ofUnit(file, u)) {
        if (!cutHeader(file, u.fileName(), d)) {
          others.add(new Seen(d, u.fileName(), false));
        }
      }
    }
    Set<Integer> reported = new HashSet<>();
    if (file.path().endsWith(".h")) {
      renamedStubs(mine, ownMacros, ctx, reported);
    }
    parameterCounts(file, mine, others, ctx, reported);
    if (file.diffAware()) {
      undeclaredChange(file, mine, others, ctx, reported);
    }
    callArity(file, mine, others, macros, ctx, reported);
  }

  /** True when the patch adds one of the lines of {@code d}'s signature. */
  private static boolean isAdded(ReviewedFile file, Declaration d) {
    for (int line : d.lines()) {
      if (file.isAdded(line)) {
        return true;
      }
    }
    return false;
  }

  /** A stub and a declaration the patch adds in one header whose names differ by a slip. */
  private static void renamedStubs(
      List<Seen> mine, Set<String> macros, RuleContext ctx, Set<Integer> reported) {
    // a macro in the other branch is a counterpart: #define request_module(m...)
    // __request_module(..)
    Set<String> real = new HashSet<>(macros);
    Set<String> stubs = new HashSet<>();
    for (Seen s : mine) {
      (s.decl().kind() == Kind.STUB ? stubs : real).add(s.decl().name());
    }
    for (Seen stub : mine) {
      Declaration s = stub.decl();
      if (!stub.added() || s.kind() != Kind.STUB || real.contains(s.name())) {
        continue;
      }
      Optional<Seen> twin =
          mine.stream()
              .filter(Seen::added)
              .filter(r -> r.decl().kind() != Kind.STUB && !r.decl().isStatic())
              .filter(r -> !stubs.contains(r.decl().name()))
              .filter(r -> r.decl().params() == s.params())
              .filter(r -> similar(r.decl().name(), s.name()))
              .min(Comparator.comparingInt(r -> distance(r.decl().name(), s.name())));
      if (twin.isEmpty() || !reported.add(s.line())) {
        continue;
      }
      Declaration r = twin.get().decl();
      ctx.at(lineRange(s.line()))
          .variant("renamed")
          .arg("stub", s.name())
          .arg("declared", r.name())
          .arg("line", Integer.toString(r.line()))
          .related(lineRange(r.line()), "`" + r.name() + "()` declared here, without a stub")
          .report();
    }
  }

  /** One name, declared with different parameter counts, one of the declarations added. */
  private static void parameterCounts(
      ReviewedFile file, List<Seen> mine, List<Seen> others, RuleContext ctx, Set<Integer> rep) {
    Map<String, List<Seen>> byName = new LinkedHashMap<>();
    for (Seen s : mine) {
      byName.computeIfAbsent(s.decl().name(), k -> new ArrayList<>()).add(s);
    }
    boolean source = file.path().endsWith(".c");
    for (Seen s : others) {
      // a .c file's definition against the headers' prototypes (each pair judged once, from the .c)
      if (source && s.file().endsWith(".h") && !s.decl().isStatic()) {
        List<Seen> same = byName.get(s.decl().name());
        if (same != null) {
          same.add(s);
        }
      }
    }
    Set<String> names = new HashSet<>(); // once per function
    for (List<Seen> same : byName.values()) {
      for (Seen a : same) {
        if (!a.added() || !a.file().equals(file.path()) || a.decl().params() < 0) {
          continue;
        }
        if (source && (a.decl().isStatic() || a.decl().kind() == Kind.PROTOTYPE)) {
          continue; // a static function, or a .c file's forward declaration of one
        }
        Optional<Seen> other =
            same.stream()
                .filter(b -> b != a && b.decl().params() >= 0)
                .filter(b -> b.decl().params() != a.decl().params())
                .filter(b -> b.file().equals(a.file()) ? stubPair(a, b) : !b.decl().isStatic())
                .findFirst();
        if (other.isEmpty() || !names.add(a.decl().name()) || !rep.add(a.decl().line())) {
          continue;
        }
        Seen b = other.get();
        RuleContext.FindingBuilder f =
            ctx.at(lineRange(a.decl().line()))
                .arg("function", a.decl().name())
                .arg("count", count(a.decl().params()))
                .arg("other_count", count(b.decl().params()))
                .arg(
                    "where",
                    b.file().equals(a.file())
                        ? "line " + b.decl().line()
                        : b.file() + ":" + b.decl().line());
        if (b.file().equals(a.file())) {
          f.related(lineRange(b.decl().line()), count(b.decl().params()) + " here");
        }
        f.report();
      }
    }
  }

  /**
   * True when one of two declarations in one file is the other's stub. Two prototypes (or two
   * definitions) of different counts are alternatives a header chooses between on purpose, each for
   * its architecture or configuration's callers ({@code sys_clone()} under {@code
   * CONFIG_CLONE_BACKWARDS}); a stub stands in for the real function and must take what it takes.
   */
  private static boolean stubPair(Seen a, Seen b) {
    return (a.decl().kind() == Kind.STUB) != (b.decl().kind() == Kind.STUB);
  }

  /**
   * A non-static definition in a {@code .c} file whose parameter count the patch changes while no
   * declaration of it in the patch changes with it: the prototype callers see still has the old
   * count.
   */
  private static void undeclaredChange(
      ReviewedFile file, List<Seen> mine, List<Seen> others, RuleContext ctx, Set<Integer> rep) {
    if (!file.path().endsWith(".c")) {
      return;
    }
    // Only a definition the pre-image also defines can have changed its count, and the pre-image's
    // text holds the name of each one it defines: when it holds no candidate's name, nothing here
    // can be reported, and the pre-image is not parsed (it is parsed on demand: asked for by every
    // .c file, it was 14% of the CPU samples of an audit).
    if (mine.stream()
        .noneMatch(s -> undeclaredCandidate(s) && file.preImageMayContain(s.decl().name()))) {
      return;
    }
    // The scan reads text only: in a hunk-only review it reads the hunks' old sides as they are,
    // and the pre-image is not parsed for it at all (only a whole file's configurations need the
    // parser to tell them apart).
    List<String> texts =
        file.hunkOldSides()
            .orElseGet(() -> file.preImage().get().stream().map(CompilationUnit::source).toList());
    Map<String, Integer> before = new LinkedHashMap<>();
    for (String text : texts) {
      for (Declaration d : FunctionDeclarations.scan(text, 1)) {
        if (d.kind() == Kind.DEFINITION && !d.isStatic()) {
          before.put(d.name(), d.params());
        }
      }
    }
    for (Seen s : mine) {
      Declaration d = s.decl();
      Integer old = before.get(d.name());
      if (!s.added()
          || d.name().equals("main") // a program's entry point, called by no one's prototype
          || d.kind() != Kind.DEFINITION
          || d.isStatic()
          || old == null
          || old < 0
          || d.params() < 0
          || old == d.params()
          || rep.contains(d.line())) {
        continue;
      }
      boolean declared =
          mine.stream().anyMatch(o -> o != s && o.decl().name().equals(d.name()))
              || others.stream().anyMatch(o -> o.decl().name().equals(d.name()) && isDecl(o));
      if (declared) {
        continue;
      }
      rep.add(d.line());
      ctx.at(lineRange(d.line()))
          .variant("undeclared")
          .arg("function", d.name())
          .arg("count", count(d.params()))
          .arg("other_count", count(old))
          .report();
    }
  }

  /**
   * A declaration of this file the pre-image's count is looked up for: an added non-static
   * definition whose parameters can be counted (what {@link #undeclaredChange} tests before it
   * looks at the pre-image).
   */
  private static boolean undeclaredCandidate(Seen s) {
    Declaration d = s.decl();
    return s.added()
        && !d.name().equals("main")
        && d.kind() == Kind.DEFINITION
        && !d.isStatic()
        && d.params() >= 0;
  }

  private static boolean isDecl(Seen o) {
    return o.decl().kind() == Kind.PROTOTYPE || o.decl().kind() == Kind.STUB;
  }

  /** A call the patch adds whose argument count no declaration the patch shows agrees with. */
  private static void callArity(
      ReviewedFile file,
      List<Seen> mine,
      List<Seen> others,
      Set<String> macros,
      RuleContext ctx,
      Set<Integer> rep) {
    Map<String, Set<Integer>> counts = new LinkedHashMap<>();
    Map<String, Seen> example = new LinkedHashMap<>();
    List<Seen> all = new ArrayList<>(mine);
    all.addAll(others);
    for (Seen s : all) {
      if (s.decl().isStatic() && !s.file().equals(file.path()) && !s.file().endsWith(".h")) {
        continue; // another .c file's static function is not this one's
      }
      counts.computeIfAbsent(s.decl().name(), k -> new HashSet<>()).add(s.decl().params());
      example.putIfAbsent(s.decl().name(), s);
    }
    Map<String, List<CallExpression>> wrong = new LinkedHashMap<>();
    for (CompilationUnit u : file.units()) {
      for (CallExpression c : u.findAll(CallExpression.class)) {
        String name = c.calleeName().orElse("");
        Set<Integer> known = counts.get(name);
        int line = c.range().beginLine();
        if (known == null
            || known.size() != 1
            || known.contains(-1)
            || macros.contains(name)
            || !file.isAdded(line)
            || known.contains(c.arguments().size())
            || rep.contains(line)) {
          continue;
        }
        wrong.computeIfAbsent(name, k -> new ArrayList<>()).add(c);
      }
    }
    // once per function, its other wrong calls related
    for (Map.Entry<String, List<CallExpression>> e : wrong.entrySet()) {
      String name = e.getKey();
      CallExpression c = e.getValue().get(0);
      Seen d = example.get(name);
      RuleContext.FindingBuilder f =
          ctx.at(c)
              .variant("call")
              .arg("function", name)
              .arg("count", Integer.toString(c.arguments().size()))
              .arg("other_count", count(counts.get(name).iterator().next()))
              .arg(
                  "where",
                  d.file().equals(file.path())
                      ? "line " + d.decl().line()
                      : d.file() + ":" + d.decl().line());
      if (d.file().equals(file.path())) {
        f.related(lineRange(d.decl().line()), "declared here");
      }
      for (CallExpression more : e.getValue().subList(1, e.getValue().size())) {
        f.related(more, "called with " + more.arguments().size() + " arguments here too");
      }
      rep.add(c.range().beginLine());
      f.report();
    }
  }

  /** The reference definition of a {@code #define} line; {@link #definedMacros} scans by hand. */
  static final Pattern DEFINE = Pattern.compile("(?m)^\\s*#\\s*define\\s+(\\w+)");

  /**
   * The names the unit {@code #define}s: a macro of a function's name is not a call to it. What
   * {@link #DEFINE} finds, from each {@code #} of the text: the regex, anchored at every line start
   * of every unit of the patch, cost more than the rest of the rule.
   */
  static Set<String> definedMacros(String text) {
    Set<String> out = new HashSet<>();
    int n = text.length();
    for (int hash = text.indexOf('#'); hash >= 0; hash = text.indexOf('#', hash + 1)) {
      if (!atLineStart(text, hash)) {
        continue;
      }
      int i = Words.skipSpace(text, hash + 1);
      if (!text.startsWith("define", i)) {
        continue;
      }
      int name = Words.skipSpace(text, i + 6);
      if (name == i + 6) {
        continue;
      }
      int end = name;
      while (end < n && Words.isAsciiWord(text.charAt(end))) {
        end++;
      }
      if (end > name) {
        out.add(text.substring(name, end));
      }
    }
    return out;
  }

  /** Only white space since a line start ({@code (?m)^\\s*}) before {@code at}. */
  private static boolean atLineStart(String text, int at) {
    int q = at;
    boolean terminatorInside = false;
    while (q > 0 && Words.isRegexSpace(text.charAt(q - 1))) {
      q--;
      char c = text.charAt(q);
      terminatorInside |= c == '\n' || c == '\r';
    }
    if (q == 0 || terminatorInside) {
      return true;
    }
    char before = text.charAt(q - 1);
    return before == '\u0085' || before == '\u2028' || before == '\u2029';
  }

  private static String count(int n) {
    return n == 1 ? "1 parameter" : n + " parameters";
  }

  private static Range lineRange(int line) {
    return new Range(line, 1, line, 2, 0, 0);
  }

  /**
   * True when two names are one misspelt or reordered: the same words in another order ({@code
   * split_to_order_to_list} and {@code split_to_list_to_order}), or at most {@value #NAME_DISTANCE}
   * single-character edits apart, in names long enough not to be merely short.
   */
  static boolean similar(String a, String b) {
    if (a.equals(b) || !leadingUnderscores(a).equals(leadingUnderscores(b))) {
      return false; // __foo() beside foo() is the helper and its wrapper, not a slip
    }
    List<String> wa = new ArrayList<>(List.of(a.split("_+")));
    List<String> wb = new ArrayList<>(List.of(b.split("_+")));
    wa.removeIf(String::isEmpty);
    wb.removeIf(String::isEmpty);
    List<String> sa = new ArrayList<>(wa);
    List<String> sb = new ArrayList<>(wb);
    sa.sort(null);
    sb.sort(null);
    if (sa.size() > 1 && sa.equals(sb)) {
      return true;
    }
    if (wa.size() != wb.size()) {
      return false;
    }
    // one word misspelt, not a word swapped for another: get/put, lock/unlock, inc/dec
    int differing = 0;
    for (int k = 0; k < wa.size(); k++) {
      String x = wa.get(k);
      String y = wb.get(k);
      if (x.equals(y)) {
        continue;
      }
      if (++differing > 1
          || Math.min(x.length(), y.length()) < MIN_WORD
          || x.contains(y)
          || y.contains(x)
          || distance(x, y) > NAME_DISTANCE) {
        return false;
      }
    }
    return differing == 1;
  }

  private static String leadingUnderscores(String name) {
    int k = 0;
    while (k < name.length() && name.charAt(k) == '_') {
      k++;
    }
    return name.substring(0, k);
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
