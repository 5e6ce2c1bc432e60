package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.ComparedProperty;
import org.mmreview.analysis.DefUse;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.LockEvent;
import org.mmreview.analysis.LockPair;
import org.mmreview.analysis.Matchers;
import org.mmreview.analysis.SameFileHelpers;
import org.mmreview.analysis.Use;
import org.mmreview.analysis.VmaProperties;
import org.mmreview.analysis.VmaProperties.Property;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * State captured before a lock drop (or a previous pass of a {@code goto retry} loop) and used
 * after the lock is taken again without being re-validated.
 *
 * <p><b>Lock drop and reacquire</b> (mmap/VMA locks, page-table locks and mappings). A
 * <i>snapshot</i> is a local defined before the release from a read of the protected object: a
 * VMA property ({@code shared = vma->vm_flags & VM_SHARED}, {@code orig_ops = vma_uffd_ops(vma)},
 * a struct filled by a same-file helper given the VMA) or a page-table entry
 * ({@code orig = ptep_get(ptep)}). What the code after the reacquire <i>relies on</i> is:
 * <ol>
 *   <li>the properties behind every snapshot still read after the reacquire;
 *   <li>when the code validates the re-acquired VMA against a snapshot (it compares them, so it
 *       admits that work done before the drop depends on the VMA), every VMA property it reads
 *       afterwards, and, when it hands the VMA on to another operation, what such an operation
 *       depends on (the VMA's identity: {@code VM_SHARED}, the uffd flags and ops, {@code vm_file},
 *       {@code vm_pgoff}, the uffd context; the table is data in {@code vma-properties.yaml}).
 * </ol>
 * Everything relied on must be covered by a comparison after the reacquire (inline, or in a
 * same-file helper). Code that re-derives everything and keeps no snapshot, or returns
 * {@code -EAGAIN} without using one, relies on nothing and is silent. Releases reached again
 * only through a loop are left to the backward-goto shape.
 *
 * <p><b>Backward goto.</b> A variable set on one pass and reused on the next under
 * {@code if (!var)} must be tied to what the pass re-read: a comparison on the way from the
 * label to the guard that involves it, or a companion set with it ({@code pte_same(folio_pte,
 * orig_pte)}, {@code mapped != locked}).
 */
public final class RetryStaleSnapshot extends FunctionRule {
  /** Lock groups whose release lets the protected object change (see lock-apis.yaml). */
  private static final Set<String> GROUPS = Set.of("mm", "ptl", "pte_map");
  /** Reads of a page-table entry: a local defined from one snapshots the entry. */
  private static final Set<String> ENTRY_READS =
      Set.of("ptep_get", "ptep_get_lockless", "pmdp_get", "pmdp_get_lockless", "huge_ptep_get", "pudp_get");
  /**
   * VMA properties that are not state an operation relies on: the mm cannot differ for a VMA
   * found again in the same mm, and addresses derived from the bounds are the keys the code
   * looks the VMA up by again after the reacquire.
   */
  private static final Set<String> STABLE = Set.of("vm_mm", "vm_start", "vm_end");

  /** A local standing for the protected object's state, and the properties behind it. */
  private record Snapshot(String variable, Definition definition, List<Property> properties) {}

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    Set<Node> reported = Collections.newSetFromMap(new IdentityHashMap<>());
    for (LockPair pair : fa.locks().releaseReacquirePairs()) {
      CallExpression release = pair.release().call();
      CallExpression acquire = pair.acquire().call();
      // Page-table locks are per table: dropping dst_ptl and taking src_ptl is no re-acquire.
      boolean sameLock = pair.release().group().equals("mm")
          || pair.release().lockObject().equals(pair.acquire().lockObject());
      if (GROUPS.contains(pair.release().group()) && sameLock && release.range().isBefore(acquire.range())
          && !reported.contains(acquire)) {
        if (lockDrop(fn, fa, ctx, pair)) {
          reported.add(acquire);
        }
      }
    }
    for (GotoStatement g : fa.cfg().backwardGotos()) {
      backwardGoto(fa, ctx, g, reported);
    }
  }

  // ---- lock drop and reacquire

  /** The comparisons made after a reacquire and what they cover. */
  private static final class Checks {
    final List<Node> comparisons = new ArrayList<>();
    final List<Property> compared = new ArrayList<>();
    final Set<String> comparedSnapshots = new java.util.HashSet<>();
    /** A snapshot is compared with a fresh read of the VMA: work before the drop depends on it. */
    boolean validates;

    boolean covers(Property p) {
      return compared.stream().anyMatch(p::coveredBy);
    }

    boolean contains(Node n) {
      return comparisons.stream().anyMatch(c -> c.isAncestorOrSelf(n));
    }
  }

  private boolean lockDrop(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx, LockPair pair) {
    CallExpression release = pair.release().call();
    CallExpression acquire = pair.acquire().call();
    boolean vma = pair.release().group().equals("mm");
    VmaProperties props = new VmaProperties(fa.defUse().variables(), fn.compilationUnit().orElse(null));
    List<Snapshot> snapshots = snapshots(fa, release, vma, props);
    if (snapshots.isEmpty()) {
      return false;
    }
    Checks checks = checksAfter(fa, ctx, acquire, snapshots, props);

    // What the code after the reacquire relies on, keyed by property, with where it is read.
    Map<String, String> relied = new LinkedHashMap<>();
    List<Node> evidence = new ArrayList<>();
    for (Snapshot s : snapshots) {
      List<Use> stale = checks.comparedSnapshots.contains(s.variable()) ? List.of() : staleUses(fa, s, acquire, checks);
      if (stale.isEmpty()) {
        continue;
      }
      evidence.add(stale.get(0).expression());
      if (!vma) {
        relied.putIfAbsent(s.variable(), "the page-table entry in `" + s.variable() + "`");
      }
      for (Property p : s.properties()) {
        if (!checks.covers(p)) {
          relied.merge(p.display(), "`" + p.display() + "` (in `" + s.variable() + "`)",
              (a, b) -> a.replace(")", ", `" + s.variable() + "`)"));
        }
      }
    }
    if (vma && checks.validates) {
      freshReliance(fa, pair, props, checks, relied, evidence);
    }
    if (relied.isEmpty()) {
      return false;
    }
    RuleContext.FindingBuilder f =
        ctx.at(acquire)
            .arg("release", release.text())
            .arg("reacquire", acquire.text())
            .arg("property", String.join(", ", relied.values()))
            .related(release, "lock dropped here");
    evidence.stream().limit(3).forEach(n -> f.context(n, "relied on here"));
    f.report();
    return true;
  }

  /** The comparisons after {@code acquire}, inline and through tested same-file predicates. */
  private static Checks checksAfter(FunctionAnalysis fa, RuleContext ctx, CallExpression acquire,
      List<Snapshot> snapshots, VmaProperties props) {
    Cfg cfg = fa.cfg();
    FunctionDefinition fn = fa.function();
    Set<String> names = new java.util.HashSet<>();
    snapshots.forEach(s -> names.add(s.variable()));
    Checks checks = new Checks();
    for (ComparedProperty c : SameFileHelpers.comparisonsIn(fn.body())) {
      if (cfg.pathExists(acquire, c.comparison())) {
        checks.comparisons.add(c.comparison());
        List<Property> fresh = props.readIn(c.comparison());
        // Comparisons of a snapshot with anything (loop bounds, counters) exempt it from being
        // stale; one against a fresh read of the VMA is a validation, and only those cover a
        // property (next->vm_file != vma->vm_file compares two fresh VMAs, not the old one).
        boolean snap = mentionsAny(c.comparison(), names, checks.comparedSnapshots);
        if (snap) {
          checks.compared.addAll(comparedIn(c.comparison(), fa, props));
        }
        checks.validates |= snap && !fresh.isEmpty();
      }
    }
    for (CallExpression call : fn.body().findAll(CallExpression.class)) {
      List<ComparedProperty> inHelper = fa.helpers().comparedProperties(call);
      // A comparing helper is a predicate whose answer is tested (if (state_changed(...)));
      // the re-acquiring helper's own checks (the uffd context in mfill_get_vma()) count too.
      if (inHelper.isEmpty() || (call != acquire && (!cfg.pathExists(acquire, call) || !tested(call)))) {
        continue;
      }
      boolean snap = call != acquire && mentionsAny(call, names, checks.comparedSnapshots);
      if (call != acquire) {
        checks.comparisons.add(call);
        if (!snap) {
          continue;
        }
      }
      for (ComparedProperty c : inHelper) {
        FunctionDefinition helper = c.comparison().findAncestor(FunctionDefinition.class).orElse(fn);
        FunctionAnalysis ha = ctx.analysis(helper);
        checks.compared.addAll(
            comparedIn(c.comparison(), ha, new VmaProperties(ha.defUse().variables(), fn.compilationUnit().orElse(null))));
      }
      checks.validates |= snap && call.arguments().stream().anyMatch(props::isVma);
    }
    return checks;
  }

  /**
   * The VMA properties a comparison covers: read in it, or in the definition of a local it
   * compares ({@code now = vma_flags_and_mask(&vma->flags, MASK)}).
   */
  private static List<Property> comparedIn(Node comparison, FunctionAnalysis fa, VmaProperties props) {
    List<Property> out = new ArrayList<>(props.readIn(comparison));
    for (Identifier id : comparison.findAll(Identifier.class)) {
      if (fa.defUse().isVariable(id.name())) {
        for (Definition d : fa.defUse().reachingDefinitions(id.name(), comparison)) {
          d.value().ifPresent(v -> out.addAll(props.readIn(v)));
        }
      }
    }
    return out;
  }

  /**
   * After a validation: the VMA properties read after the reacquire outside the comparisons,
   * and, when the VMA is handed on to another operation, the VMA's identity for it.
   */
  private static void freshReliance(FunctionAnalysis fa, LockPair pair, VmaProperties props, Checks checks,
      Map<String, String> relied, List<Node> evidence) {
    CallExpression acquire = pair.acquire().call();
    // The object a same-file "get" helper re-filled (state for mfill_get_vma(state)).
    String holder = pair.acquire().family().equals("vma") ? pair.acquire().lockObject() : "";
    Set<Node> after = new java.util.LinkedHashSet<>(fa.cfg().reachableFrom(acquire));
    fa.cfg().pointOf(acquire).flatMap(p -> p.ast()).ifPresent(after::add);
    boolean handedOn = false;
    for (Node st : after) {
      for (Property p : props.readIn(st, n -> checks.contains(n) || acquire.isAncestorOrSelf(n))) {
        if (!STABLE.contains(p.member()) && !checks.covers(p) && !relied.containsKey(p.display())) {
          relied.put(p.display(), "`" + p.display() + "`");
          evidence.add(st);
        }
      }
      handedOn |= st.findAll(CallExpression.class).stream()
          .anyMatch(c -> !checks.contains(c) && c != acquire && hands(c, props, fa, holder));
    }
    if (handedOn) {
      // A userfaultfd operation: the code says so, or it checks uffd properties of the VMA.
      boolean uffd = fa.function().body().text().toLowerCase(java.util.Locale.ROOT).contains("uffd")
          || checks.compared.stream().anyMatch(p -> p.display().toLowerCase(java.util.Locale.ROOT).contains("uffd"));
      for (Property p : props.identity(uffd)) {
        if (!checks.covers(p)) {
          relied.putIfAbsent(p.display(), "`" + p.display() + "`");
        }
      }
    }
  }

  /** The snapshots reaching {@code release}: locals defined from a read of the protected object. */
  private static List<Snapshot> snapshots(FunctionAnalysis fa, CallExpression release, boolean vma, VmaProperties props) {
    DefUse du = fa.defUse();
    List<Snapshot> out = new ArrayList<>();
    for (String v : du.variables().keySet()) {
      for (Definition d : du.reachingDefinitions(v, release)) {
        if (d.kind() == Definition.Kind.PARAMETER || d.kind() == Definition.Kind.CALL_ARGUMENT) {
          continue;
        }
        Node source = d.value().map(Node.class::cast).orElse(null);
        List<Property> properties = new ArrayList<>();
        if (d.kind() == Definition.Kind.ADDRESS_TAKEN) {
          // A struct filled by a helper that is given the VMA: what the helper reads.
          Optional<CallExpression> call = d.node().parent().filter(CallExpression.class::isInstance).map(CallExpression.class::cast);
          if (!vma || call.isEmpty() || call.get().arguments().stream().noneMatch(props::isVma)) {
            continue;
          }
          Optional<FunctionDefinition> helper = fa.helpers().resolve(call.get());
          // Only a struct filled in place is a snapshot; &flag or &vma passed out are results.
          var type = du.variables().get(v);
          if (helper.isEmpty() || !AccessPaths.root(v).equals(v) || type == null || type.isPointer()
              || !type.text().startsWith("struct ")) {
            continue;
          }
          FunctionDefinition h = helper.get();
          java.util.Map<String, org.mmreview.ast.type.TypeName> types = new java.util.HashMap<>();
          h.parameters().forEach(p -> p.name().ifPresent(n -> types.put(n, p.type())));
          properties.addAll(new VmaProperties(types, h.compilationUnit().orElse(null)).readIn(h.body()));
        } else if (source != null && vma) {
          properties.addAll(props.readIn(source).stream().filter(p -> !STABLE.contains(p.member())).toList());
        } else if (source != null && isEntryType(du, v) && readsEntry(source, du) && readUnder(fa, d, release)) {
          out.add(new Snapshot(v, d, List.of()));
          continue;
        }
        if (!properties.isEmpty() && v.equals(AccessPaths.root(v))) {
          out.add(new Snapshot(v, d, properties));
        }
      }
    }
    return out;
  }

  /** A page-table entry value ({@code pte_t orig}), not a pointer or something derived from one. */
  private static boolean isEntryType(DefUse du, String v) {
    var t = du.variables().get(v);
    return t != null && !t.isPointer() && t.baseName().matches("p[tmu4g]d_t|pte_t");
  }

  /** True when the entry was read after taking the lock that {@code release} drops. */
  private static boolean readUnder(FunctionAnalysis fa, Definition d, CallExpression release) {
    String lock = fa.locks().eventOf(release).map(LockEvent::lockObject).orElse("");
    return fa.locks().acquires().stream()
        .anyMatch(a -> a.lockObject().equals(lock) && a.call().range().isBefore(d.node().range())
            && fa.cfg().pathExists(a.call(), d.node()));
  }

  private static boolean readsEntry(Node value, DefUse du) {
    return value.stream().anyMatch(n ->
        Matchers.isCallTo(n, ENTRY_READS)
            || (n instanceof UnaryExpression u && u.operator().equals("*") && !u.isPostfix()
                && AccessPaths.of(u.operand()).map(du.variables()::get)
                    .filter(t -> t.baseName().matches("p[tmu4g]d_t|pte_t")).isPresent()));
  }

  /** Reads of the snapshot after the reacquire that still see the value from before the drop. */
  private static List<Use> staleUses(FunctionAnalysis fa, Snapshot s, CallExpression acquire, Checks checks) {
    DefUse du = fa.defUse();
    List<Use> out = new ArrayList<>();
    for (Use u : du.uses(s.variable())) {
      Expression e = u.expression();
      if (acquire.isAncestorOrSelf(e) || checks.contains(e) || !fa.cfg().pathExists(acquire, e)
          || fa.locks().events().stream().anyMatch(ev -> ev.call().isAncestorOrSelf(e))
          || !du.reachingDefinitions(s.variable(), e).contains(s.definition())
          // In a loop the definition may run again before the read: then the read is fresh.
          || !fa.cfg().pathExists(acquire, e, x -> s.definition().node().isAncestorOrSelf(x) || x.isAncestorOrSelf(s.definition().node()))) {
        continue;
      }
      out.add(u);
    }
    return out;
  }

  /**
   * True when the call hands the re-acquired VMA on to an operation: one argument names a VMA or
   * is the object the lock helper re-filled ({@code state} for {@code mfill_get_vma(state)}), and
   * the call is neither a lock call, an assertion, nor a call standing for one VMA property.
   */
  private static boolean hands(CallExpression c, VmaProperties props, FunctionAnalysis fa, String lockObject) {
    String name = c.calleeName().orElse("");
    if (fa.locks().eventOf(c).isPresent() || Matchers.isAssertionName(name) || props.standsForProperty(c)) {
      return false;
    }
    return c.arguments().stream()
        .anyMatch(a -> props.isVma(a) || (!lockObject.isEmpty() && a.text().replaceFirst("^&\\s*", "").strip().equals(lockObject)));
  }

  /** True when the call's result decides a branch or is returned. */
  private static boolean tested(CallExpression call) {
    for (Node cur = call, p = call.parent().orElse(null); p != null; cur = p, p = p.parent().orElse(null)) {
      if (p instanceof IfStatement i) {
        return i.condition() == cur;
      }
      if (p instanceof org.mmreview.ast.stmt.ReturnStatement) {
        return true;
      }
      if (!(p instanceof Expression)) {
        return false;
      }
    }
    return false;
  }

  private static boolean mentionsAny(Node scope, Set<String> names, Set<String> found) {
    boolean any = false;
    for (Identifier id : scope.findAll(Identifier.class)) {
      if (names.contains(id.name())) {
        found.add(id.name());
        any = true;
      }
    }
    return any;
  }

  // ---- backward goto

  private void backwardGoto(FunctionAnalysis fa, RuleContext ctx, GotoStatement g, Set<Node> reported) {
    Cfg cfg = fa.cfg();
    DefUse du = fa.defUse();
    Optional<LabeledStatement> label = cfg.target(g);
    if (label.isEmpty()) {
      return;
    }
    List<Definition> carried = du.carriedAcross(g).stream()
        .filter(d -> !d.isPossible() && d.value().filter(Matchers::isNull).isEmpty())
        .toList();
    for (Definition d : carried) {
      String v = d.target();
      // Pinned state: a pointer whose value was derived from the page table read in the loop
      // (a folio from vm_normal_folio(orig_pte), its anon_vma). Flags and counters carried
      // across a retry (retried, drained) are bookkeeping, not a stale view of the table.
      if (!du.isVariable(v) || !du.variables().get(v).isPointer() || !derivedFromEntry(du, d, 4)) {
        continue;
      }
      for (IfStatement guard : fa.function().body().findAll(IfStatement.class, i -> isNotTest(i.condition(), v))) {
        Expression cond = guard.condition();
        // The value must come from the previous pass: a definition that reaches the guard within
        // one pass (ptep = pte_offset_map_lock(...); if (!ptep)) is the fresh one.
        if (reported.contains(cond) || !onePass(cfg, label.get(), cond, g)
            || !du.reachingDefinitions(v, cond).contains(d)
            || cfg.pathExists(d.node(), cond, x -> isBackJump(x, g))
            || tied(fa, label.get(), guard, d, carried, g)) {
          continue;
        }
        reported.add(cond);
        Optional<LockEvent> release = lastRelease(fa, label.get(), g);
        Optional<LockEvent> acquire = fa.locks().acquires().stream()
            .filter(a -> label.get().range().isBefore(a.call().range()) && a.call().range().isBefore(cond.range()))
            .findFirst();
        RuleContext.FindingBuilder f =
            ctx.at(cond)
                .arg("release", release.map(r -> r.call().text()).orElse("goto " + g.label()))
                .arg("reacquire", acquire.map(a -> a.call().text()).orElse(g.label() + ":"))
                .arg("property", "`" + v + "` from the previous pass of `goto " + g.label()
                    + "`, never tied to the state re-read after the label (no `pte_same()` or comparison"
                    + " with the fresh value)")
                .related(g, "jumps back here");
        release.ifPresent(r -> f.related(r.call(), "lock dropped here"));
        acquire.ifPresent(a -> f.context(a.call(), "re-acquired here"));
        f.report();
      }
    }
  }

  /** True when {@code d}'s value comes, within {@code depth} steps, from a page-table entry. */
  private static boolean derivedFromEntry(DefUse du, Definition d, int depth) {
    if (d.value().isEmpty() || depth < 0) {
      return false;
    }
    if (readsEntry(d.value().get(), du)) {
      return true;
    }
    for (Identifier id : d.value().get().findAll(Identifier.class)) {
      if (isEntryType(du, id.name())) {
        return true;
      }
      if (du.isVariable(id.name())) {
        for (Definition w : du.reachingDefinitions(id.name(), d.node())) {
          if (w != d && derivedFromEntry(du, w, depth - 1)) {
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

  /** True when {@code n} can be reached from the label within one pass (not through the goto). */
  private static boolean onePass(Cfg cfg, Node label, Node n, GotoStatement g) {
    return cfg.pathExists(label, n, x -> isBackJump(x, g));
  }

  private static boolean isBackJump(Node x, GotoStatement g) {
    return x instanceof GotoStatement o && o.label().equals(g.label());
  }

  /**
   * True when a comparison met on a pass from the label to the guard ties the carried value (or a
   * companion set in the same block) to something else, normally the re-read state.
   */
  private static boolean tied(FunctionAnalysis fa, LabeledStatement label, IfStatement guard, Definition d,
      List<Definition> carried, GotoStatement g) {
    // Derived from another carried value that is itself tied (src_anon_vma from src_folio).
    for (Identifier id : d.value().map(x -> x.findAll(Identifier.class)).orElse(List.of())) {
      if (id.name().equals(d.target()) || !fa.defUse().isVariable(id.name())) {
        continue;
      }
      for (Definition w : fa.defUse().reachingDefinitions(id.name(), d.node())) {
        if (!w.isPossible() && w.kind() != Definition.Kind.PARAMETER && w.value().filter(Matchers::isNull).isEmpty()
            && tiedDirectly(fa, label, guard, w, carried, g)) {
          return true;
        }
      }
    }
    return tiedDirectly(fa, label, guard, d, carried, g);
  }

  private static boolean tiedDirectly(FunctionAnalysis fa, LabeledStatement label, IfStatement guard, Definition d,
      List<Definition> carried, GotoStatement g) {
    Set<String> tiedNames = new java.util.HashSet<>();
    tiedNames.add(d.target());
    // Companions: values set in the same block as it (src_folio_pte = orig_src_pte next to
    // src_folio = folio) remember where it came from.
    Block home = d.node().findAncestor(Block.class).orElse(null);
    for (Definition c : fa.defUse().definitions()) {
      if (home != null && !c.isPossible() && c.node().findAncestor(Block.class).orElse(null) == home) {
        tiedNames.add(c.target());
      }
    }
    Cfg cfg = fa.cfg();
    for (ComparedProperty c : SameFileHelpers.comparisonsIn(fa.function().body())) {
      Node cmp = c.comparison();
      if (guard.isAncestorOrSelf(cmp) && !guard.condition().isAncestorOrSelf(cmp)) {
        continue;
      }
      if (!onePass(cfg, label, cmp, g) || !cfg.pathExists(cmp, guard.condition(), x -> isBackJump(x, g))) {
        if (!guard.condition().isAncestorOrSelf(cmp)) {
          continue;
        }
      }
      boolean involves = cmp.findAll(Identifier.class).stream().anyMatch(id -> tiedNames.contains(id.name()));
      boolean nullOnly = c.sides().stream().anyMatch(s -> s.equals("NULL"));
      if (involves && !nullOnly) {
        return true;
      }
    }
    return false;
  }

  private static Optional<LockEvent> lastRelease(FunctionAnalysis fa, LabeledStatement label, GotoStatement g) {
    LockEvent last = null;
    for (LockEvent r : fa.locks().releases()) {
      if (label.range().isBefore(r.call().range()) && r.call().range().isBefore(g.range())
          && fa.cfg().pathExists(r.call(), g, x -> isBackJump(x, g))) {
        last = r;
      }
    }
    return Optional.ofNullable(last);
  }
}
