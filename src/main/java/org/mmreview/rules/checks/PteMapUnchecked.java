package org.mmreview.rules.checks;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.MaybeNullFlow;
import org.mmreview.analysis.SameFileHelpers;
import org.mmreview.analysis.UnitAnalysis;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.HunkLine;
import org.mmreview.kernel.PageTables;
import org.mmreview.rules.Fact;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * The result of a {@code pte_offset_map*()} call (or of a same-file helper returning one)
 * dereferenced or passed on, on some path, before a test proves it is not NULL: {@link
 * MaybeNullFlow} over the function's CFG.
 *
 * <p>Era-aware: before the 6.5 page-table rework these maps could not fail and no caller tested
 * them, so a tree (or a patch against one) without the failing era's signs is left alone. The signs
 * are the era's own names ({@code __pte_offset_map()}, the {@code _nolock} variants) in the file or
 * the patch, or any caller in the file (before or after the patch) that tests a map's result for
 * NULL.
 */
public final class PteMapUnchecked extends FunctionRule {
  /**
   * The failing maps, plus the unit's own functions that hand one's result back ({@code static
   * pte_t *walk_to_pte(...) { ...; return pte_offset_map(pmd, addr); }}): their callers must test
   * too.
   */
  private static final Fact<Set<String>> MAPS =
      Fact.perUnit(
          ua -> {
            Set<String> out = new HashSet<>(PageTables.FAILING_MAPS);
            for (FunctionDefinition f : ua.unit().functions()) {
              if (f.returnType().isPointer()
                  && SameFileHelpers.returnedValues(f).stream()
                      .anyMatch(v -> ua.helpers().valueComesFrom(v, PageTables.FAILING_MAPS))) {
                out.add(f.name());
              }
            }
            return out;
          });

  /** The reviewed file (or the patch) is of the era where the maps can fail. */
  private static final Fact<Boolean> FAILING_ERA =
      Fact.perFile(
          ctx -> {
            String post =
                ctx.file()
                    .change()
                    .flatMap(FileChange::postImage)
                    .orElseGet(
                        () ->
                            String.join(
                                "\n",
                                ctx.file().units().stream().map(CompilationUnit::source).toList()));
            if (showsFailingEra(post)
                || ctx.file().patch().addedLines().stream()
                    .anyMatch(PteMapUnchecked::showsFailingEra)) {
              return true;
            }
            // The code before the patch counts too: a patch that drops the file's only NULL test
            // is judged against the era the file was in.
            if (ctx.file()
                .change()
                .map(PteMapUnchecked::oldSide)
                .filter(PteMapUnchecked::testsMap)
                .isPresent()) {
              return true;
            }
            for (CompilationUnit unit : ctx.file().units()) {
              UnitAnalysis ua = ctx.unitAnalysis(unit);
              Set<String> maps = ctx.get(MAPS, unit);
              for (FunctionDefinition fn : unit.functions()) {
                // A tested helper result proves nothing: the helper may return NULL itself.
                if (callsMap(fn, maps)
                    && flow(ua.of(fn), maps).testedSources().stream()
                        .anyMatch(c -> isMap(c, PageTables.FAILING_MAPS))) {
                  return true;
                }
              }
            }
            return false;
          });

  /**
   * Whether {@code text} names an API of the failing era. Each of those names holds {@code
   * pte_offset_map}: a text without it is passed over without trying the regex at every index.
   */
  private static boolean showsFailingEra(String text) {
    return text.contains("pte_offset_map") && PageTables.FAILING_MAP_ERA.matcher(text).find();
  }

  private static final Pattern MAP_ASSIGNMENT =
      Pattern.compile(
          "([A-Za-z_]\\w*(?:->\\w+)?)\\s*=\\s*(?:\\w+\\s*=\\s*)?_*pte_offset_map\\w*\\(");

  /** The text before the patch: the whole pre-image when known, else the hunks' old sides. */
  private static String oldSide(FileChange change) {
    return change
        .preImage()
        .orElseGet(
            () ->
                String.join(
                    "\n",
                    change.hunks().stream()
                        .flatMap(h -> h.lines().stream())
                        .filter(l -> l.kind() != HunkLine.Kind.ADD)
                        .map(HunkLine::text)
                        .toList()));
  }

  /**
   * True when the text assigns a map's result and tests that variable for NULL ({@code if (!pte)},
   * {@code pte == NULL}): read as text because the old side of a hunk is seldom a whole function.
   */
  static boolean testsMap(String text) {
    if (!text.contains("pte_offset_map")) {
      return false; // what every MAP_ASSIGNMENT match holds: the regex tries each identifier
    }
    Matcher m = MAP_ASSIGNMENT.matcher(text);
    while (m.find()) {
      String v = Pattern.quote(m.group(1));
      Pattern test =
          Pattern.compile(
              "!\\s*"
                  + v
                  + "\\b(?!\\s*->)|"
                  + v
                  + "\\s*[!=]=\\s*NULL|\\bif\\s*\\(\\s*(?:unlikely\\(|likely\\()?"
                  + v
                  + "\\s*\\)");
      if (test.matcher(text.substring(m.end())).find()) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    Set<String> maps = ctx.get(MAPS, fn);
    if (!callsMap(fn, maps) || !ctx.get(FAILING_ERA)) {
      return;
    }
    Map<CallExpression, MaybeNullFlow.UncheckedUse> first = new LinkedHashMap<>();
    for (MaybeNullFlow.UncheckedUse u : flow(fa, maps).uncheckedUses()) {
      first.putIfAbsent(u.source(), u);
    }
    first.forEach(
        (call, u) -> {
          RuleContext.FindingBuilder f = ctx.at(call);
          if (u.deref()) {
            f.arg("use", u.use().parent().orElseThrow().compactText());
          } else {
            CallExpression callee = (CallExpression) passedTo(u.use());
            f.variant("passed").arg("use", callee.callee().compactText() + "()");
          }
          f.arg("call", call.callee().compactText())
              .arg("result", u.path())
              .related(u.use(), "used here, NULL when the map failed")
              .report();
        });
  }

  /** The call a passed pointer is an argument of (through parentheses and casts). */
  private static Node passedTo(Expression use) {
    Node cur = use;
    while (!(cur.parent().orElseThrow() instanceof CallExpression)) {
      cur = cur.parent().orElseThrow();
    }
    return cur.parent().orElseThrow();
  }

  private static MaybeNullFlow flow(FunctionAnalysis fa, Set<String> maps) {
    return MaybeNullFlow.of(fa.cfg(), c -> isMap(c, maps));
  }

  private static boolean callsMap(FunctionDefinition fn, Set<String> maps) {
    return !fn.findAll(CallExpression.class, c -> isMap(c, maps)).isEmpty();
  }

  private static boolean isMap(CallExpression c, Set<String> maps) {
    return c.calleeName().filter(maps::contains).isPresent();
  }
}
