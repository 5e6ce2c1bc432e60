package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.CfgNode;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.SameFileHelpers;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.kernel.LockGroup;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.checks.mapcount.AnonExclusivity;
import org.mmreview.rules.checks.mapcount.AnonExclusivity.Action;
import org.mmreview.rules.checks.mapcount.ControlDependence;

/**
 * A mapcount or refcount test that decides, on the same path, whether an anonymous page is mapped
 * writable or re-homed ({@code maybe_mkwrite()}, {@code folio_move_anon_rmap()}, a write of {@code
 * folio->mapping}/{@code folio->index}).
 *
 * <p>"Decides" is control dependence: one branch of the condition reaches the action, another
 * cannot. The test may be written in the condition, kept in a local ({@code exclusive = ...}) or
 * made by a same-file helper whose result the condition tests; the action may be made by a
 * same-file helper the guarded path calls. Mapcounts used for statistics, heuristics or printing
 * guard no such action and are never reported.
 *
 * <p>Exclusivity is the business of the PageAnonExclusive (PAE) bit. Code that tests or establishes
 * PAE on a path through the test and the action takes part in that protocol and is not reported;
 * nor is a helper whose every caller in the file does so around the call: this is how {@code
 * do_wp_page()} stays quiet on {@code wp_can_reuse_anon_folio()}, whose exact refcount test under
 * the folio lock is reached only after {@code PageAnonExclusive()} was found clear and is followed
 * by {@code SetPageAnonExclusive()}.
 */
public final class MapcountExclusivity extends FunctionRule {
  private static final int HELPER_DEPTH = 3;
  private static final Pattern MAPCOUNT_WORD = Pattern.compile("(?i)\\bmap_?count\\b");

  /** Where the count test is reported, how it is quoted, and the folio or page it counts. */
  private record Test(Node at, String check, Optional<String> counted) {}

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    List<Action> actions = actions(fn, fa);
    if (actions.isEmpty()) {
      return;
    }
    Cfg cfg = fa.cfg();
    List<CallExpression> pae = AnonExclusivity.anonExclusiveNodes(fn.body());
    Set<Node> reported = Collections.newSetFromMap(new IdentityHashMap<>());
    Boolean callersHandle = null;
    for (CfgNode point : cfg.nodes()) {
      if (point.kind() != CfgNode.Kind.CONDITION || point.ast().isEmpty()) {
        continue;
      }
      Node cond = point.ast().get();
      if (AnonExclusivity.touchesAnonExclusive(cond)) {
        continue;
      }
      Optional<Test> test = countTest(cond, fa);
      if (test.isEmpty() || reported.contains(test.get().at())) {
        continue;
      }
      List<Action> guarded =
          actions.stream()
              .filter(a -> a.mayConcern(test.get().counted()))
              .filter(a -> ControlDependence.controls(cfg, cond, a.node()))
              .filter(
                  a ->
                      pae.stream()
                          .noneMatch(
                              p ->
                                  ControlDependence.onPathThrough(cfg, p, cond, a.node())
                                      && !stale(fa, p, a.node())))
              .toList();
      if (guarded.isEmpty()) {
        continue;
      }
      if (callersHandle == null) {
        callersHandle = everyCallerHandlesAnonExclusive(fn, ctx);
      }
      if (callersHandle) {
        return;
      }
      reported.add(test.get().at());
      RuleContext.FindingBuilder f =
          ctx.at(test.get().at())
              .arg("check", test.get().check())
              .arg("action", guarded.get(0).description());
      guarded.stream()
          .limit(3)
          .forEach(
              a ->
                  f.related(
                      a.node(),
                      AnonExclusivity.isCowDecision(a)
                          ? "copies the page, or reuses it in place, on that decision here"
                          : "acts on the page as exclusive here"));
      reasoningFromMapcount(fn)
          .ifPresent(r -> f.related(r, "the comment above the function reasons from the mapcount"));
      f.report();
    }
  }

  /**
   * The first line of the comment above {@code fn} that speaks of the mapcount: the design the test
   * implements is argued there, and that argument is what needs revisiting with it.
   */
  private static Optional<Range> reasoningFromMapcount(FunctionDefinition fn) {
    Optional<CompilationUnit> cu = fn.compilationUnit();
    if (cu.isEmpty()) {
      return Optional.empty();
    }
    Optional<Comment> above = cu.get().commentAbove(fn.range().beginLine());
    if (above.isEmpty()) {
      return Optional.empty();
    }
    Comment c = above.get();
    String[] lines = c.text().split("\n", -1);
    int lineStart = c.range().beginOffset() - (c.range().beginColumn() - 1);
    for (int i = 0; i < lines.length; i++) {
      String text = i == 0 ? " ".repeat(c.range().beginColumn() - 1) + lines[0] : lines[i];
      if (MAPCOUNT_WORD.matcher(text).find()) {
        int indent = text.length() - text.stripLeading().length();
        int line = c.range().beginLine() + i;
        return Optional.of(
            new Range(
                line,
                indent + 1,
                line,
                text.length() + 1,
                lineStart + indent,
                lineStart + text.length()));
      }
      lineStart += (i == 0 ? c.range().beginColumn() - 1 : 0) + lines[i].length() + 1;
    }
    return Optional.empty();
  }

  /**
   * True when a PAE test made before the action is stale by then: the page-table lock was dropped
   * between them, so the page may have been shared again (the test must be redone under the lock,
   * as {@code do_huge_pmd_wp_page()} does after retaking it).
   */
  private static boolean stale(FunctionAnalysis fa, Node pae, Node action) {
    if (!pae.range().isBefore(action.range()) || !AnonExclusivity.isAnonExclusiveTest(pae)) {
      return false;
    }
    Cfg cfg = fa.cfg();
    return fa.locks().releases().stream()
        .anyMatch(
            r ->
                r.group() == LockGroup.PTL
                    && pae.range().isBefore(r.call().range())
                    && r.call().range().isBefore(action.range())
                    && cfg.pathExists(pae, r.call())
                    && cfg.pathExists(r.call(), action));
  }

  /** The count test a condition makes: inline, through a same-file helper, or through a local. */
  private Optional<Test> countTest(Node cond, FunctionAnalysis fa) {
    Optional<CallExpression> direct = AnonExclusivity.countCallIn(cond);
    if (direct.isPresent()) {
      return Optional.of(test(direct.get(), direct.get()));
    }
    for (CallExpression c : cond.findAll(CallExpression.class)) {
      if (helperCounts(c, fa.helpers(), 0)) {
        return Optional.of(new Test(c, c.text(), Optional.empty()));
      }
    }
    // A local holding the test: report where it is computed, the decision is made from it.
    for (Identifier id : cond.findAll(Identifier.class)) {
      if (!fa.defUse().isVariable(id.name())) {
        continue;
      }
      for (Definition d : fa.defUse().reachingDefinitions(id.name(), cond)) {
        Optional<CallExpression> inDef = d.value().flatMap(AnonExclusivity::countCallIn);
        if (inDef.isPresent()) {
          return Optional.of(test(inDef.get(), inDef.get()));
        }
      }
    }
    return Optional.empty();
  }

  private static Test test(Node at, CallExpression count) {
    return new Test(
        at, AnonExclusivity.testAround(count).text(), AnonExclusivity.countedObject(count));
  }

  /**
   * True when {@code call} is to a same-file helper whose result comes from a count test: a
   * returned value or an {@code if} condition deciding a return holds one.
   */
  private static boolean helperCounts(CallExpression call, SameFileHelpers helpers, int depth) {
    Optional<FunctionDefinition> h = helpers.resolve(call);
    if (h.isEmpty() || h.get().body() == null || depth > HELPER_DEPTH) {
      return false;
    }
    for (ReturnStatement r : h.get().body().findAll(ReturnStatement.class)) {
      Optional<Expression> v = r.value();
      if (v.isPresent()
          && (AnonExclusivity.countCallIn(v.get()).isPresent()
              || v.get().findAll(CallExpression.class).stream()
                  .anyMatch(c -> c != call && helperCounts(c, helpers, depth + 1)))) {
        return true;
      }
    }
    return h.get().body().findAll(IfStatement.class).stream()
        .anyMatch(
            i ->
                AnonExclusivity.countCallIn(i.condition()).isPresent()
                    && !i.thenStatement().findAll(ReturnStatement.class).isEmpty());
  }

  /**
   * The actions of {@code fn}: its own writable mappings and re-homings, and calls of same-file
   * helpers that make one without looking at PAE themselves.
   */
  private static List<Action> actions(FunctionDefinition fn, FunctionAnalysis fa) {
    List<Action> out = new ArrayList<>(AnonExclusivity.actionsIn(fn.body(), fa.variables()));
    for (CallExpression c : fn.body().findAll(CallExpression.class)) {
      helperAction(c, fa.helpers(), 0)
          .ifPresent(
              inner ->
                  out.add(
                      new Action(
                          c,
                          inner + " in " + c.calleeName().orElse("?") + "()",
                          pageArgument(c, fa))));
    }
    return out;
  }

  /** The folio or page a helper is given (its first such argument), which is what it acts on. */
  private static Optional<String> pageArgument(CallExpression c, FunctionAnalysis fa) {
    for (Expression a : c.arguments()) {
      Expression x = AccessPaths.strip(a);
      if (x instanceof UnaryExpression u && u.operator().equals("&")) {
        x = AccessPaths.strip(u.operand());
      }
      Optional<String> path = AccessPaths.of(x);
      if (path.isEmpty()) {
        continue;
      }
      String p =
          path.get().endsWith("->page")
              ? path.get().substring(0, path.get().length() - 6)
              : path.get();
      var type = fa.variables().get(p);
      if (type != null && (type.baseName().equals("folio") || type.baseName().equals("page"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> helperAction(
      CallExpression call, SameFileHelpers helpers, int depth) {
    Optional<FunctionDefinition> h = helpers.resolve(call);
    if (h.isEmpty()
        || h.get().body() == null
        || depth > HELPER_DEPTH
        || AnonExclusivity.touchesAnonExclusive(h.get().body())) {
      return Optional.empty();
    }
    var own = AnonExclusivity.actionsIn(h.get().body(), Map.of());
    if (!own.isEmpty()) {
      return Optional.of(own.get(0).description());
    }
    for (CallExpression c : h.get().body().findAll(CallExpression.class)) {
      if (c != call && helpers.resolve(c).filter(g -> g != h.get()).isPresent()) {
        Optional<String> inner = helperAction(c, helpers, depth + 1);
        if (inner.isPresent()) {
          return inner;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * True when {@code fn} is called in this file and every call site has a PAE test or set on a path
   * through it: the callers decide exclusivity by the bit, {@code fn} only adds a check.
   */
  private static boolean everyCallerHandlesAnonExclusive(FunctionDefinition fn, RuleContext ctx) {
    var unit = ctx.unitAnalysis(fn);
    boolean any = false;
    for (FunctionDefinition g : unit.unit().functions()) {
      if (g == fn || g.body() == null) {
        continue;
      }
      for (CallExpression c :
          g.body()
              .findAll(
                  CallExpression.class,
                  x -> x.calleeName().filter(fn.name()::equals).isPresent())) {
        any = true;
        Cfg cfg = unit.of(g).cfg();
        boolean handled =
            AnonExclusivity.anonExclusiveNodes(g.body()).stream()
                .anyMatch(p -> ControlDependence.onPathThrough(cfg, p, c, c));
        if (!handled) {
          return false;
        }
      }
    }
    return any;
  }
}
