package org.mmreview.rules.checks.retry;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.ComparedProperty;
import org.mmreview.analysis.DefUse;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.LockEvent;
import org.mmreview.analysis.Matchers;
import org.mmreview.analysis.SameFileHelpers;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.ast.type.TypeName;
import org.mmreview.rules.RuleContext;

/**
 * Backward {@code goto} loops in one function. A variable set on one pass and reused on the next
 * under {@code if (!var)} must be tied to what the pass re-read: a comparison on the way from the
 * label to the guard that involves it, or a companion set with it ({@code pte_same(folio_pte,
 * orig_pte)}, {@code mapped != locked}).
 */
public final class BackwardGotoCheck {
  private final FunctionAnalysis fa;
  private final Cfg cfg;
  private final DefUse du;
  private final RuleContext ctx;

  /** Guards already reported: one finding per guard, whichever carried value reaches it. */
  private final Set<Node> reported = Collections.newSetFromMap(new IdentityHashMap<>());

  public BackwardGotoCheck(FunctionAnalysis fa, RuleContext ctx) {
    this.fa = fa;
    this.cfg = fa.cfg();
    this.du = fa.defUse();
    this.ctx = ctx;
  }

  /** Reports every guard that reuses state pinned on an earlier pass of a backward goto. */
  public void run() {
    for (GotoStatement g : cfg.backwardGotos()) {
      new Loop(g).check();
    }
  }

  /** One backward goto and its label. */
  private final class Loop {
    private final GotoStatement g;

    Loop(GotoStatement g) {
      this.g = g;
    }

    void check() {
      Optional<LabeledStatement> label = cfg.target(g);
      if (label.isEmpty()) {
        return;
      }
      List<Definition> carried =
          du.carriedAcross(g).stream()
              .filter(d -> !d.isPossible() && d.value().filter(Matchers::isNull).isEmpty())
              .toList();
      // A folio split on the pass, then carried to the next one (set on this pass or before the
      // label): the graver finding for that variable.
      Set<String> split = new HashSet<>();
      for (var v : du.variables().entrySet()) {
        if (!isFolio(v.getValue())) {
          continue;
        }
        for (Definition d : du.reachingDefinitions(v.getKey(), g)) {
          if (d.isPossible() || d.value().filter(Matchers::isNull).isPresent()) {
            continue;
          }
          Optional<CallExpression> splitCall = splitOnThePass(d);
          if (splitCall.isPresent()) {
            split.add(v.getKey());
            reportSplit(label.get(), d, splitCall.get());
            break;
          }
        }
      }
      for (Definition d : carried) {
        String v = d.target();
        if (split.contains(v)) {
          continue;
        }
        // Pinned state: a pointer whose value was derived from the page table read in the loop
        // (a folio from vm_normal_folio(orig_pte), its anon_vma). Flags and counters carried
        // across a retry (retried, drained) are bookkeeping, not a stale view of the table.
        if (!du.isVariable(v) || !du.variables().get(v).isPointer() || !derivedFromEntry(d, 4)) {
          continue;
        }
        for (IfStatement guard :
            fa.function().body().findAll(IfStatement.class, i -> isNotTest(i.condition(), v))) {
          Expression cond = guard.condition();
          // The value must come from the previous pass: a definition that reaches the guard within
          // one pass (ptep = pte_offset_map_lock(...); if (!ptep)) is the fresh one.
          if (reported.contains(cond)
              || !onePass(label.get(), cond)
              || !du.reachingDefinitions(v, cond).contains(d)
              || cfg.pathExists(d.node(), cond, this::isBackJump)
              || tied(label.get(), guard, d)) {
            continue;
          }
          reported.add(cond);
          report(label.get(), cond, v);
        }
      }
    }

    /**
     * A split of the folio {@code d} holds ({@code split_folio(folio)}, {@code
     * split_huge_page(&folio->page)}) on the way from {@code d} to this goto: on the next pass the
     * pointer still names the old head folio, whatever a {@code pte_same()} of the fresh PTE says.
     */
    private Optional<CallExpression> splitOnThePass(Definition d) {
      String v = d.target();
      if (!du.isVariable(v) || !isFolio(du.variables().get(v))) {
        return Optional.empty();
      }
      return fa
          .function()
          .body()
          .findAll(
              CallExpression.class,
              c ->
                  c.calleeName().filter(SPLITS::contains).isPresent()
                      && !c.arguments().isEmpty()
                      && c.arguments().get(0).findAll(Identifier.class).stream()
                          .anyMatch(id -> id.name().equals(v)))
          .stream()
          .filter(
              c ->
                  (d.kind() == Definition.Kind.PARAMETER || cfg.pathExists(d.node(), c))
                      && cfg.pathExists(c, g, this::isBackJump))
          .findFirst();
    }

    /** Reports the first use, on the next pass, of the pointer to the folio split on this one. */
    private void reportSplit(LabeledStatement label, Definition d, CallExpression split) {
      String v = d.target();
      List<Definition> defs = du.definitionsOf(v);
      Node first = null;
      for (var u : du.uses(v)) {
        Node at = u.expression();
        // Reached from the jump with no new value on the way: the pointer of the last pass.
        if (u.variable().equals(v)
            && onePass(label, at)
            && cfg.pathExists(g, at, x -> defs.stream().anyMatch(o -> x.isAncestorOrSelf(o.node())))
            && (first == null || at.range().isBefore(first.range()))) {
          first = at;
        }
      }
      if (first == null) {
        return;
      }
      Node use = first;
      Node where =
          use.findAncestor(IfStatement.class)
              .filter(i -> i.condition().isAncestorOrSelf(use))
              .map(i -> (Node) i.condition())
              .orElse(use);
      if (!reported.add(where)) {
        return;
      }
      ctx.at(where)
          .variant("split_folio")
          .arg("split", split.calleeName().orElse("") + "()")
          .arg("label", g.label())
          .arg("variable", v)
          .related(split, "split here")
          .related(g, "jumps back here")
          .report();
    }

    private void report(LabeledStatement label, Expression cond, String v) {
      Optional<LockEvent> release = lastRelease(label);
      Optional<LockEvent> acquire =
          fa.locks().acquires().stream()
              .filter(
                  a ->
                      label.range().isBefore(a.call().range())
                          && a.call().range().isBefore(cond.range()))
              .findFirst();
      RuleContext.FindingBuilder f =
          ctx.at(cond)
              .variant("backward_goto")
              .arg("release", release.map(r -> r.call().text()).orElse("goto " + g.label()))
              .arg("reacquire", acquire.map(a -> a.call().text()).orElse(g.label() + ":"))
              .arg("variable", v)
              .arg("label", g.label())
              .related(g, "jumps back here");
      release.ifPresent(r -> f.related(r.call(), "lock dropped here"));
      acquire.ifPresent(a -> f.context(a.call(), "re-acquired here"));
      f.report();
    }

    /** True when {@code n} can be reached from the label within one pass (not through the goto). */
    private boolean onePass(Node label, Node n) {
      return cfg.pathExists(label, n, this::isBackJump);
    }

    private boolean isBackJump(Node x) {
      return x instanceof GotoStatement o && o.label().equals(g.label());
    }

    /**
     * True when a comparison met on a pass from the label to the guard ties the carried value (or a
     * companion set in the same block) to something else, normally the re-read state.
     */
    private boolean tied(LabeledStatement label, IfStatement guard, Definition d) {
      // Derived from another carried value that is itself tied (src_anon_vma from src_folio).
      for (Identifier id : d.value().map(x -> x.findAll(Identifier.class)).orElse(List.of())) {
        if (id.name().equals(d.target()) || !du.isVariable(id.name())) {
          continue;
        }
        for (Definition w : du.reachingDefinitions(id.name(), d.node())) {
          if (!w.isPossible()
              && w.kind() != Definition.Kind.PARAMETER
              && w.value().filter(Matchers::isNull).isEmpty()
              && tiedDirectly(label, guard, w)) {
            return true;
          }
        }
      }
      return tiedDirectly(label, guard, d);
    }

    private boolean tiedDirectly(LabeledStatement label, IfStatement guard, Definition d) {
      Set<String> tiedNames = new HashSet<>();
      tiedNames.add(d.target());
      // Companions: values set in the same block as it (src_folio_pte = orig_src_pte next to
      // src_folio = folio) remember where it came from.
      Block home = d.node().findAncestor(Block.class).orElse(null);
      for (Definition c : du.definitions()) {
        if (home != null
            && !c.isPossible()
            && c.node().findAncestor(Block.class).orElse(null) == home) {
          tiedNames.add(c.target());
        }
      }
      for (ComparedProperty c : SameFileHelpers.comparisonsIn(fa.function().body())) {
        Node cmp = c.comparison();
        if (guard.isAncestorOrSelf(cmp) && !guard.condition().isAncestorOrSelf(cmp)) {
          continue;
        }
        if (!onePass(label, cmp) || !cfg.pathExists(cmp, guard.condition(), this::isBackJump)) {
          if (!guard.condition().isAncestorOrSelf(cmp)) {
            continue;
          }
        }
        boolean involves =
            cmp.findAll(Identifier.class).stream().anyMatch(id -> tiedNames.contains(id.name()));
        boolean nullOnly = c.sides().stream().anyMatch(s -> s.equals("NULL"));
        if (involves && !nullOnly) {
          return true;
        }
      }
      return false;
    }

    private Optional<LockEvent> lastRelease(LabeledStatement label) {
      LockEvent last = null;
      for (LockEvent r : fa.locks().releases()) {
        if (label.range().isBefore(r.call().range())
            && r.call().range().isBefore(g.range())
            && cfg.pathExists(r.call(), g, this::isBackJump)) {
          last = r;
        }
      }
      return Optional.ofNullable(last);
    }
  }

  /** Calls that split a large folio into smaller ones; argument 0 names the folio or its page. */
  private static final Set<String> SPLITS =
      Set.of(
          "split_folio",
          "split_folio_to_list",
          "split_folio_to_order",
          "split_huge_page",
          "split_huge_page_to_list",
          "split_huge_page_to_list_to_order",
          "try_split_folio");

  /**
   * A folio pointer. A {@code struct page *} is left out: after a split it still names the same
   * page (shmem_writepage() splits its page and takes {@code page_folio(page)} again); the folio
   * pointer is the one that goes on naming only the old head.
   */
  private static boolean isFolio(TypeName t) {
    return t != null && t.isPointer() && t.baseName().equals("folio");
  }

  /** True when {@code d}'s value comes, within {@code depth} steps, from a page-table entry. */
  private boolean derivedFromEntry(Definition d, int depth) {
    if (d.value().isEmpty() || depth < 0) {
      return false;
    }
    if (EntryReads.readsEntry(d.value().get(), du)) {
      return true;
    }
    for (Identifier id : d.value().get().findAll(Identifier.class)) {
      if (EntryReads.isEntryType(du, id.name())) {
        return true;
      }
      if (du.isVariable(id.name())) {
        for (Definition w : du.reachingDefinitions(id.name(), d.node())) {
          if (w != d && derivedFromEntry(w, depth - 1)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** {@code if (!v)}, possibly inside {@code unlikely()}. */
  private static boolean isNotTest(Expression cond, String v) {
    return Matchers.stripBranchHints(cond) instanceof UnaryExpression u
        && u.operator().equals("!")
        && AccessPaths.of(u.operand()).filter(v::equals).isPresent();
  }
}
