package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.review.OtherConfigurations;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.checks.stubs.FunctionDeclarations;
import org.mmreview.rules.checks.stubs.FunctionDeclarations.Declaration;
import org.mmreview.rules.checks.stubs.FunctionDeclarations.Kind;

/**
 * A prototype added in the {@code #ifdef CONFIG_FOO} branch of a header whose {@code #else} branch
 * gives the functions declared beside it {@code static inline} stubs, with no stub (nor prototype,
 * nor macro) of its own there: a caller outside {@code #ifdef CONFIG_FOO} stops building, or
 * linking, when the option is off. The sibling of config-stub-mismatch, which compares the stubs
 * that exist with their prototypes; both read declarations with {@link FunctionDeclarations}.
 *
 * <p>Patches only (a merged header's unstubbed prototypes are mostly called from code built only
 * with the option). The function must be new (its name is nowhere in the pre-image): a stub for it
 * would then be on an added line, so in view even in a hunk-only review. The {@code #else} must be
 * in the same stretch of text as the prototype (one hunk, or the whole file), so that the nesting
 * between them is known.
 */
public final class ConfigStubMissing extends FileRule {
  private static final Pattern IF = Pattern.compile("^\\s*#\\s*if(?:n?def)?\\b(.*)");
  private static final Pattern ELSE = Pattern.compile("^\\s*#\\s*(?:else|elif)\\b.*");
  private static final Pattern ENDIF = Pattern.compile("^\\s*#\\s*endif\\b.*");
  private static final Pattern DEFINE = Pattern.compile("^\\s*#\\s*define\\s+(\\w+)");
  private static final Pattern CONFIG = Pattern.compile("\\bCONFIG_\\w+");

  /** Where a prototype's group continues: its {@code #else} branch and the group's condition. */
  private record ElseBranch(int elseIndex, int endIndex, String condition) {}

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    if (!file.path().endsWith(".h") || !file.diffAware()) {
      // Merged headers are full of prototypes without stubs whose callers are all built with the
      // option (1488 on 6.12 mm/*.h and include/linux/*.h): the rule judges what a patch adds.
      return;
    }
    if (!file.partial() && file.configurations().equals(OtherConfigurations.NONE)) {
      return; // another configuration's view: the main view reads every branch's text already
    }
    Set<String> named = new HashSet<>(); // every name the visible text declares more than once
    List<Declaration> all = new ArrayList<>();
    for (CompilationUnit u : file.units()) {
      all.addAll(FunctionDeclarations.scan(u.source(), u.range().beginLine()));
    }
    Set<String> seen = new HashSet<>();
    for (Declaration d : all) {
      if (!seen.add(d.name())) {
        named.add(d.name());
      }
    }
    for (CompilationUnit u : file.units()) {
      String[] lines = u.source().split("\n", -1);
      int first = u.range().beginLine();
      for (Declaration d : FunctionDeclarations.scan(u.source(), first)) {
        if (d.kind() != Kind.PROTOTYPE
            || d.isStatic()
            || named.contains(d.name())
            || !file.isAdded(d.line())
            || (file.diffAware() && file.preImageMayContain(d.name()))
            || definedAsMacro(file, d.name())) {
          continue;
        }
        int at = d.lastLine() - first;
        Optional<ElseBranch> branch = elseBranch(lines, at);
        if (branch.isEmpty()) {
          continue;
        }
        ElseBranch b = branch.get();
        StringBuilder text = new StringBuilder();
        for (int k = b.elseIndex() + 1; k < b.endIndex(); k++) {
          text.append(lines[k]).append('\n');
        }
        List<Declaration> stubs = new ArrayList<>();
        for (Declaration e :
            FunctionDeclarations.scan(text.toString(), first + b.elseIndex() + 1)) {
          if (e.kind() == Kind.STUB) {
            stubs.add(e);
          }
        }
        // the header's convention: the functions declared in this branch have stubs there
        Set<String> siblings = new HashSet<>();
        for (Declaration s : all) {
          if (s != d && s.kind() != Kind.STUB && s.line() < first + b.elseIndex()) {
            siblings.add(s.name());
          }
        }
        Optional<Declaration> example =
            stubs.stream().filter(s -> siblings.contains(s.name())).findFirst();
        if (example.isEmpty()) {
          continue;
        }
        if (!b.condition().isEmpty() && onlyCalledUnder(file, d.name(), b.condition())) {
          continue; // every call the patch shows is compiled only with the option on
        }
        int elseLine = first + b.elseIndex();
        RuleContext.FindingBuilder f = ctx.at(lineRange(d.line())).arg("function", d.name());
        if (b.condition().isEmpty()) {
          f.variant("unnamed"); // the #if the hunk cut off, and an #else that names nothing
        } else {
          f.arg("option", b.condition());
        }
        f.arg("sibling", example.get().name())
            .arg("line", Integer.toString(elseLine))
            .related(lineRange(elseLine), "the other configuration's branch")
            .related(
                lineRange(example.get().line()),
                "`" + example.get().name() + "()` has its stub here")
            .report();
      }
    }
  }

  /**
   * The {@code #else}/{@code #elif} that continues the conditional group holding line index {@code
   * at}, with the index where its branch ends (its {@code #endif}, the next {@code #else}, or the
   * end of the text) and the group's {@code CONFIG_} option; empty when the group has no other
   * branch in view, or when its condition is seen and names no configuration option (a header
   * guard, an architecture test).
   */
  private static Optional<ElseBranch> elseBranch(String[] lines, int at) {
    int depth = 0;
    int elseIndex = -1;
    for (int k = at + 1; k < lines.length && elseIndex < 0; k++) {
      if (IF.matcher(lines[k]).find()) {
        depth++;
      } else if (ENDIF.matcher(lines[k]).matches()) {
        if (depth-- == 0) {
          return Optional.empty(); // the group closes without another branch
        }
      } else if (ELSE.matcher(lines[k]).matches() && depth == 0) {
        elseIndex = k;
      }
    }
    if (elseIndex < 0) {
      return Optional.empty();
    }
    int end = lines.length;
    depth = 0;
    for (int k = elseIndex + 1; k < lines.length; k++) {
      if (IF.matcher(lines[k]).find()) {
        depth++;
      } else if (ENDIF.matcher(lines[k]).matches() || ELSE.matcher(lines[k]).matches()) {
        if (depth == 0) {
          end = k;
          break;
        }
        if (ENDIF.matcher(lines[k]).matches()) {
          depth--;
        }
      }
    }
    String condition = "";
    depth = 0;
    for (int k = at - 1; k >= 0; k--) {
      if (ENDIF.matcher(lines[k]).matches()) {
        depth++;
      } else if (IF.matcher(lines[k]).find()) {
        if (depth-- == 0) {
          Matcher m = IF.matcher(lines[k]);
          m.find();
          Matcher c = CONFIG.matcher(m.group(1));
          if (!c.find()) {
            return Optional.empty();
          }
          condition = c.group();
          break;
        }
      }
    }
    if (condition.isEmpty()) {
      Matcher c = CONFIG.matcher(lines[elseIndex]); // #else /* CONFIG_FOO */
      condition = c.find() ? c.group() : "";
    }
    return Optional.of(new ElseBranch(elseIndex, end, condition));
  }

  /**
   * True when the patch shows calls of {@code name} and every one sits inside an {@code #if} group
   * branch that names {@code option} (the inline wrapper beside the prototype, a caller under the
   * same {@code #ifdef} in a {@code .c} file): with the option off nothing calls it, and no stub is
   * needed.
   */
  private static boolean onlyCalledUnder(ReviewedFile file, String name, String option) {
    List<CompilationUnit> units = new ArrayList<>(file.units());
    if (file.diffAware()) {
      units.addAll(file.patch().units().get());
    }
    int calls = 0;
    for (CompilationUnit u : units) {
      String[] lines = u.source().split("\n", -1);
      int first = u.range().beginLine();
      for (CallExpression c :
          u.findAll(CallExpression.class, c -> c.calleeName().orElse("").equals(name))) {
        calls++;
        if (!guarded(lines, c.range().beginLine() - first, option)) {
          return false;
        }
      }
    }
    return calls > 0;
  }

  /** True when line index {@code at} is in the first branch of a group whose test names it. */
  private static boolean guarded(String[] lines, int at, String option) {
    int depth = 0;
    boolean inElse = false;
    for (int k = Math.min(at, lines.length) - 1; k >= 0; k--) {
      if (ENDIF.matcher(lines[k]).matches()) {
        depth++;
      } else if (ELSE.matcher(lines[k]).matches() && depth == 0) {
        inElse = true;
      } else if (IF.matcher(lines[k]).find()) {
        if (depth > 0) {
          depth--;
          continue;
        }
        if (!inElse && lines[k].contains(option)) {
          return true;
        }
        inElse = false;
      }
    }
    return false;
  }

  /** True when the text under review {@code #define}s {@code name}: a macro stands in for it. */
  private static boolean definedAsMacro(ReviewedFile file, String name) {
    for (CompilationUnit u : file.units()) {
      for (String l : u.source().split("\n")) {
        Matcher m = DEFINE.matcher(l);
        if (m.find() && m.group(1).equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Range lineRange(int line) {
    return new Range(line, 1, line, 2, 0, 0);
  }
}
