package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.rules.Fact;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * An anonymous folio re-homed by hand, or moved to another VMA without the pin test:
 *
 * <ul>
 *   <li>{@code folio->mapping} written with an {@code anon_vma + PAGE_MAPPING_ANON} value (in
 *       place, through {@code WRITE_ONCE()}, or through a local holding it) instead of {@code
 *       folio_move_anon_rmap()}, which asserts the folio lock and the anon_vma and writes both in
 *       one store;
 *   <li>{@code folio->index = linear_page_index(...)} for a folio no {@code folio_move_anon_rmap()}
 *       re-homes in the function: half a move;
 *   <li>{@code folio_move_anon_rmap(folio, vma)} (or a hand re-home) in a function that works on
 *       two VMAs, reached on a path without {@code folio_maybe_dma_pinned(folio)}: a pinned page
 *       must not change owner, it breaks the exclusivity GUP relies on.
 * </ul>
 *
 * Not reported: the rmap implementation itself (a file defining {@code folio_move_anon_rmap()} or
 * {@code page_move_anon_rmap()}); re-homing within one VMA (the COW reuse paths); a swap-cache
 * folio ({@code folio_test_swapcache()} on it), which is mapped nowhere and so cannot be pinned by
 * GUP.
 */
public final class AnonRmapOpenCoded extends FunctionRule {
  private static final Set<String> MOVE_HELPERS =
      Set.of("folio_move_anon_rmap", "page_move_anon_rmap");
  private static final Set<String> PIN_TESTS =
      Set.of("folio_maybe_dma_pinned", "page_maybe_dma_pinned");

  /** The reviewed file is the rmap implementation: it defines the move helpers. */
  private static final Fact<Boolean> RMAP_IMPLEMENTATION =
      Fact.perFile(
          ctx ->
              ctx.file().units().stream()
                  .flatMap(u -> u.functions().stream())
                  .anyMatch(f -> MOVE_HELPERS.contains(f.name())));

  /**
   * Whether the file's text has a word every finding needs: a mapping write carries {@code
   * PAGE_MAPPING_ANON}, an index write is {@code linear_page_index()}, and a move is a call of a
   * move helper. Most files have none, and their functions are not walked.
   */
  private static final Fact<Boolean> MAY_SHOW =
      Fact.perFile(
          ctx ->
              ctx.file().units().stream()
                  .map(CompilationUnit::source)
                  .anyMatch(
                      t ->
                          t.contains("PAGE_MAPPING_ANON")
                              || t.contains("linear_page_index")
                              || t.contains("move_anon_rmap")));

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    if (!ctx.get(MAY_SHOW) || ctx.get(RMAP_IMPLEMENTATION)) {
      return;
    }
    Cfg cfg = fa.cfg();
    for (Write w : writes(fn, "mapping")) {
      if (!anonMappingValue(w.value(), fn)) {
        continue;
      }
      ctx.at(w.node()).arg("expression", w.node().compactText()).arg("folio", w.folio()).report();
      moveWithoutPinTest(fn, cfg, w.node(), w.folio(), ctx);
    }
    for (Write w : writes(fn, "index")) {
      if (!(AccessPaths.strip(w.value()) instanceof CallExpression c)
          || c.calleeName().filter("linear_page_index"::equals).isEmpty()
          || movesWithHelper(fn, w.folio())
          || writes(fn, "mapping").stream().anyMatch(m -> m.folio().equals(w.folio()))) {
        continue;
      }
      ctx.at(w.node())
          .variant("index")
          .arg("expression", w.node().compactText())
          .arg("folio", w.folio())
          .report();
    }
    for (CallExpression c : fn.body().findAll(CallExpression.class)) {
      if (c.calleeName().filter(MOVE_HELPERS::contains).isPresent()) {
        c.argument(0)
            .flatMap(AccessPaths::of)
            .ifPresent(f -> moveWithoutPinTest(fn, cfg, c, f, ctx));
      }
    }
  }

  /** A write of {@code folio->member}: the statement's expression, the folio and the value. */
  private record Write(Expression node, String folio, Expression value) {}

  private static List<Write> writes(FunctionDefinition fn, String member) {
    List<Write> out = new ArrayList<>();
    for (AssignExpression a : fn.body().findAll(AssignExpression.class)) {
      if (a.operator().equals("=")
          && AccessPaths.strip(a.target()) instanceof MemberAccess m
          && m.member().equals(member)) {
        AccessPaths.of(m.object()).ifPresent(f -> out.add(new Write(a, f, a.value())));
      }
    }
    for (CallExpression c : fn.body().findAll(CallExpression.class)) {
      if (c.calleeName().filter("WRITE_ONCE"::equals).isPresent()
          && c.arguments().size() == 2
          && AccessPaths.strip(c.arguments().get(0)) instanceof MemberAccess m
          && m.member().equals(member)) {
        AccessPaths.of(m.object()).ifPresent(f -> out.add(new Write(c, f, c.arguments().get(1))));
      }
    }
    return out;
  }

  /**
   * True when {@code value} carries {@code PAGE_MAPPING_ANON}: in itself, or through a local of the
   * function assigned or initialised with it.
   */
  private static boolean anonMappingValue(Expression value, FunctionDefinition fn) {
    if (mentionsAnonBit(value)) {
      return true;
    }
    Optional<String> local = AccessPaths.of(value).filter(p -> p.equals(AccessPaths.root(p)));
    if (local.isEmpty()) {
      return false;
    }
    String name = local.get();
    return fn.body().findAll(Declarator.class, d -> d.name().equals(name)).stream()
            .anyMatch(d -> d.initializer().map(AnonRmapOpenCoded::mentionsAnonBit).orElse(false))
        || fn.body().findAll(AssignExpression.class).stream()
            .anyMatch(
                a ->
                    AccessPaths.of(a.target()).filter(name::equals).isPresent()
                        && (mentionsAnonBit(a.value())
                            || a.operator().equals("+=") && mentionsAnonBit(a.value())));
  }

  private static boolean mentionsAnonBit(Node e) {
    return !e.findAll(Identifier.class, id -> id.name().equals("PAGE_MAPPING_ANON")).isEmpty();
  }

  private static boolean movesWithHelper(FunctionDefinition fn, String folio) {
    return fn
        .body()
        .findAll(
            CallExpression.class, c -> c.calleeName().filter(MOVE_HELPERS::contains).isPresent())
        .stream()
        .anyMatch(c -> c.argument(0).flatMap(AccessPaths::of).filter(folio::equals).isPresent());
  }

  /**
   * Reports {@code move} when the function works on two VMAs, the folio is not a swap-cache folio,
   * and some path from the entry reaches the move without a pin test of the folio.
   */
  private static void moveWithoutPinTest(
      FunctionDefinition fn, Cfg cfg, Node move, String folio, RuleContext ctx) {
    if (vmaCount(fn) < 2
        || testedWith(fn, folio, Set.of("folio_test_swapcache", "PageSwapCache"))) {
      return;
    }
    // Tested when a pin test of the folio runs on every path to the move.
    boolean pinTested =
        fn
            .body()
            .findAll(
                CallExpression.class, c -> c.calleeName().filter(PIN_TESTS::contains).isPresent())
            .stream()
            .anyMatch(c -> testedWith(c, folio, PIN_TESTS) && cfg.dominates(c, move));
    if (pinTested) {
      return;
    }
    ctx.at(move)
        .variant("pinned")
        .arg("expression", move.compactText())
        .arg("folio", folio)
        .report();
  }

  /**
   * True when {@code scope} calls one of {@code names} on {@code folio} (or {@code &folio->page}).
   */
  private static boolean testedWith(Node scope, String folio, Set<String> names) {
    return scope
        .findAll(CallExpression.class, c -> c.calleeName().filter(names::contains).isPresent())
        .stream()
        .anyMatch(
            c ->
                c.argument(0)
                        .flatMap(AccessPaths::of)
                        .map(p -> p.equals(folio) || AccessPaths.extendsPath(p, folio))
                        .orElse(false)
                    || c.argument(0).map(a -> a.compactText().contains(folio)).orElse(false));
  }

  /** The VMA pointers a function works on: parameters and locals of type vm_area_struct. */
  private static long vmaCount(FunctionDefinition fn) {
    long params =
        fn.parameters().stream()
            .map(Parameter::type)
            .filter(t -> t.baseName().equals("vm_area_struct"))
            .count();
    long locals =
        fn.body()
            .findAll(Declarator.class, d -> d.type().baseName().equals("vm_area_struct"))
            .size();
    return params + locals;
  }
}
