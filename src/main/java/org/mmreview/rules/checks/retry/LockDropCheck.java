package org.mmreview.rules.checks.retry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.type.TypeName;
import org.mmreview.kernel.LockFamily;
import org.mmreview.kernel.LockGroup;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.checks.retry.VmaProperties.Property;

/**
 * Lock drop and reacquire (mmap/VMA locks, page-table locks and mappings) in one function. A
 * <i>snapshot</i> is a local defined before the release from a read of the protected object: a VMA
 * property ({@code shared = vma->vm_flags & VM_SHARED}, {@code orig_ops = vma_uffd_ops(vma)}, a
 * struct filled by a same-file helper given the VMA) or a page-table entry ({@code orig =
 * ptep_get(ptep)}). What the code after the reacquire <i>relies on</i> is:
 *
 * <ol>
 *   <li>the properties behind every snapshot still read after the reacquire;
 *   <li>when the code validates the re-acquired VMA against a snapshot (it compares them, so it
 *       admits that work done before the drop depends on the VMA), every VMA property it reads
 *       afterwards, and, when it hands the VMA on to another operation, what such an operation
 *       depends on (the VMA's identity: {@code VM_SHARED}, the uffd flags and ops, {@code vm_file},
 *       {@code vm_pgoff}, the uffd context; the table is data in {@code vma-properties.yaml}).
 * </ol>
 *
 * Everything relied on must be covered by a comparison after the reacquire (inline, or in a
 * same-file helper). Code that re-derives everything and keeps no snapshot, or returns {@code
 * -EAGAIN} without using one, relies on nothing and is silent. Releases reached again only through
 * a loop are left to {@link BackwardGotoCheck}.
 */
public final class LockDropCheck {
  /** Lock groups whose release lets the protected object change (see lock-apis.yaml). */
  private static final Set<LockGroup> GROUPS =
      Set.of(LockGroup.MM, LockGroup.PTL, LockGroup.PTE_MAP);

  /**
   * VMA properties that are not state an operation relies on: the mm cannot differ for a VMA found
   * again in the same mm, and addresses derived from the bounds are the keys the code looks the VMA
   * up by again after the reacquire.
   */
  private static final Set<String> STABLE = Set.of("vm_mm", "vm_start", "vm_end");

  private final FunctionAnalysis fa;
  private final FunctionDefinition fn;
  private final DefUse du;
  private final Cfg cfg;
  private final RuleContext ctx;

  /** Re-acquires already reported: one finding per reacquire, whichever release it pairs with. */
  private final Set<Node> reported = Collections.newSetFromMap(new IdentityHashMap<>());

  /** A local standing for the protected object's state, and the properties behind it. */
  private record Snapshot(String variable, Definition definition, List<Property> properties) {}

  /** The comparisons made after a reacquire and what they cover. */
  private static final class Checks {
    final List<Node> comparisons = new ArrayList<>();
    final List<Property> compared = new ArrayList<>();
    final Set<String> comparedSnapshots = new HashSet<>();

    /** A snapshot is compared with a fresh read of the VMA: work before the drop depends on it. */
    boolean validates;

    boolean covers(Property p) {
      return compared.stream().anyMatch(p::coveredBy);
    }

    boolean contains(Node n) {
      return comparisons.stream().anyMatch(c -> c.isAncestorOrSelf(n));
    }
  }

  public LockDropCheck(FunctionAnalysis fa, RuleContext ctx) {
    this(fa, ctx, Set.of());
  }

  /** A check that leaves out the re-acquires another detector already reported. */
  public LockDropCheck(FunctionAnalysis fa, RuleContext ctx, Set<Node> alreadyReported) {
    this.reported.addAll(alreadyReported);
    this.fa = fa;
    this.fn = fa.function();
    this.du = fa.defUse();
    this.cfg = fa.cfg();
    this.ctx = ctx;
  }

  /**
   * Reports every release/reacquire pair whose reacquire is followed by reliance on stale state.
   */
  public void run() {
    for (LockPair pair : fa.locks().releaseReacquirePairs()) {
      CallExpression release = pair.release().call();
      CallExpression acquire = pair.acquire().call();
      // Page-table locks are per table: dropping dst_ptl and taking src_ptl is no re-acquire.
      boolean sameLock =
          pair.release().group() == LockGroup.MM
              || pair.release().lockObject().equals(pair.acquire().lockObject());
      if (GROUPS.contains(pair.release().group())
          && sameLock
          && release.range().isBefore(acquire.range())
          && !reported.contains(acquire)) {
        if (check(pair)) {
          reported.add(acquire);
        }
      }
    }
  }

  /** Reports the pair when the code after the reacquire relies on something not re-validated. */
  private boolean check(LockPair pair) {
    CallExpression release = pair.release().call();
    CallExpression acquire = pair.acquire().call();
    boolean vma = pair.release().group() == LockGroup.MM;
    VmaProperties props = new VmaProperties(du.variables(), fn.compilationUnit().orElse(null));
    List<Snapshot> snapshots = snapshots(release, vma, props);
    if (snapshots.isEmpty()) {
      return false;
    }
    Checks checks = checksAfter(acquire, snapshots, props);

    // What the code after the reacquire relies on, keyed by property, with where it is read.
    Map<String, String> relied = new LinkedHashMap<>();
    List<Node> evidence = new ArrayList<>();
    for (Snapshot s : snapshots) {
      List<Use> stale =
          checks.comparedSnapshots.contains(s.variable())
              ? List.of()
              : staleUses(s, acquire, checks);
      if (stale.isEmpty()) {
        continue;
      }
      evidence.add(stale.get(0).expression());
      if (!vma) {
        relied.putIfAbsent(s.variable(), "the page-table entry in `" + s.variable() + "`");
      }
      for (Property p : s.properties()) {
        if (!checks.covers(p)) {
          relied.merge(
              p.display(),
              "`" + p.display() + "` (in `" + s.variable() + "`)",
              (a, b) -> a.replace(")", ", `" + s.variable() + "`)"));
        }
      }
    }
    if (vma && checks.validates) {
      freshReliance(pair, props, checks, relied, evidence);
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
  private Checks checksAfter(
      CallExpression acquire, List<Snapshot> snapshots, VmaProperties props) {
    Set<String> names = new HashSet<>();
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
      if (inHelper.isEmpty()
          || (call != acquire && (!cfg.pathExists(acquire, call) || !tested(call)))) {
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
        FunctionDefinition helper =
            c.comparison().findAncestor(FunctionDefinition.class).orElse(fn);
        FunctionAnalysis ha = ctx.analysis(helper);
        checks.compared.addAll(
            comparedIn(
                c.comparison(),
                ha,
                new VmaProperties(ha.variables(), fn.compilationUnit().orElse(null))));
      }
      checks.validates |= snap && call.arguments().stream().anyMatch(props::isVma);
    }
    return checks;
  }

  /**
   * The VMA properties a comparison covers: read in it, or in the definition of a local it compares
   * ({@code now = vma_flags_and_mask(&vma->flags, MASK)}). {@code in} is the analysis of the
   * function holding the comparison (this one, or a same-file helper).
   */
  private static List<Property> comparedIn(
      Node comparison, FunctionAnalysis in, VmaProperties props) {
    List<Property> out = new ArrayList<>(props.readIn(comparison));
    for (Identifier id : comparison.findAll(Identifier.class)) {
      if (in.defUse().isVariable(id.name())) {
        for (Definition d : in.defUse().reachingDefinitions(id.name(), comparison)) {
          d.value().ifPresent(v -> out.addAll(props.readIn(v)));
        }
      }
    }
    return out;
  }

  /**
   * After a validation: the VMA properties read after the reacquire outside the comparisons, and,
   * when the VMA is handed on to another operation, the VMA's identity for it.
   */
  private void freshReliance(
      LockPair pair,
      VmaProperties props,
      Checks checks,
      Map<String, String> relied,
      List<Node> evidence) {
    CallExpression acquire = pair.acquire().call();
    // The object a same-file "get" helper re-filled (state for mfill_get_vma(state)).
    String holder = pair.acquire().family() == LockFamily.VMA ? pair.acquire().lockObject() : "";
    Set<Node> after = new LinkedHashSet<>(cfg.reachableFrom(acquire));
    cfg.pointOf(acquire).flatMap(p -> p.ast()).ifPresent(after::add);
    boolean handedOn = false;
    for (Node st : after) {
      for (Property p : props.readIn(st, n -> checks.contains(n) || acquire.isAncestorOrSelf(n))) {
        if (!STABLE.contains(p.member()) && !checks.covers(p) && !relied.containsKey(p.display())) {
          relied.put(p.display(), "`" + p.display() + "`");
          evidence.add(st);
        }
      }
      handedOn |=
          st.findAll(CallExpression.class).stream()
              .anyMatch(c -> !checks.contains(c) && c != acquire && hands(c, props, holder));
    }
    if (handedOn) {
      // A userfaultfd operation: the code says so, or it checks uffd properties of the VMA.
      boolean uffd =
          fn.body().text().toLowerCase(Locale.ROOT).contains("uffd")
              || checks.compared.stream()
                  .anyMatch(p -> p.display().toLowerCase(Locale.ROOT).contains("uffd"));
      for (Property p : props.identity(uffd)) {
        if (!checks.covers(p)) {
          relied.putIfAbsent(p.display(), "`" + p.display() + "`");
        }
      }
    }
  }

  /** The snapshots reaching {@code release}: locals defined from a read of the protected object. */
  private List<Snapshot> snapshots(CallExpression release, boolean vma, VmaProperties props) {
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
          Optional<CallExpression> call =
              d.node()
                  .parent()
                  .filter(CallExpression.class::isInstance)
                  .map(CallExpression.class::cast);
          if (!vma || call.isEmpty() || call.get().arguments().stream().noneMatch(props::isVma)) {
            continue;
          }
          Optional<FunctionDefinition> helper = fa.helpers().resolve(call.get());
          // Only a struct filled in place is a snapshot; &flag or &vma passed out are results.
          var type = du.variables().get(v);
          if (helper.isEmpty()
              || !AccessPaths.root(v).equals(v)
              || type == null
              || type.isPointer()
              || !type.text().startsWith("struct ")) {
            continue;
          }
          FunctionDefinition h = helper.get();
          Map<String, TypeName> types = new HashMap<>();
          h.parameters().forEach(p -> p.name().ifPresent(n -> types.put(n, p.type())));
          properties.addAll(
              new VmaProperties(types, h.compilationUnit().orElse(null)).readIn(h.body()));
        } else if (source != null && vma) {
          properties.addAll(
              props.readIn(source).stream().filter(p -> !STABLE.contains(p.member())).toList());
        } else if (source != null
            && EntryReads.isEntryType(du, v)
            && EntryReads.readsEntry(source, du)
            && readUnder(d, release)) {
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

  /** True when the entry was read after taking the lock that {@code release} drops. */
  private boolean readUnder(Definition d, CallExpression release) {
    String lock = fa.locks().eventOf(release).map(LockEvent::lockObject).orElse("");
    return fa.locks().acquires().stream()
        .anyMatch(
            a ->
                a.lockObject().equals(lock)
                    && a.call().range().isBefore(d.node().range())
                    && cfg.pathExists(a.call(), d.node()));
  }

  /** Reads of the snapshot after the reacquire that still see the value from before the drop. */
  private List<Use> staleUses(Snapshot s, CallExpression acquire, Checks checks) {
    List<Use> out = new ArrayList<>();
    for (Use u : du.uses(s.variable())) {
      Expression e = u.expression();
      if (acquire.isAncestorOrSelf(e)
          || checks.contains(e)
          || !cfg.pathExists(acquire, e)
          || fa.locks().events().stream().anyMatch(ev -> ev.call().isAncestorOrSelf(e))
          || !du.reachingDefinitions(s.variable(), e).contains(s.definition())
          // In a loop the definition may run again before the read: then the read is fresh.
          || !cfg.pathExists(
              acquire,
              e,
              x ->
                  s.definition().node().isAncestorOrSelf(x)
                      || x.isAncestorOrSelf(s.definition().node()))) {
        continue;
      }
      out.add(u);
    }
    return out;
  }

  /**
   * True when the call hands the re-acquired VMA on to an operation: one argument names a VMA or is
   * the object the lock helper re-filled ({@code state} for {@code mfill_get_vma(state)}), and the
   * call is neither a lock call, an assertion, nor a call standing for one VMA property.
   */
  private boolean hands(CallExpression c, VmaProperties props, String lockObject) {
    String name = c.calleeName().orElse("");
    if (fa.locks().eventOf(c).isPresent()
        || Matchers.isAssertionName(name)
        || props.standsForProperty(c)) {
      return false;
    }
    return c.arguments().stream()
        .anyMatch(
            a ->
                props.isVma(a)
                    || (!lockObject.isEmpty()
                        && a.text().replaceFirst("^&\\s*", "").strip().equals(lockObject)));
  }

  /** True when the call's result decides a branch or is returned. */
  private static boolean tested(CallExpression call) {
    for (Node cur = call, p = call.parent().orElse(null);
        p != null;
        cur = p, p = p.parent().orElse(null)) {
      if (p instanceof IfStatement i) {
        return i.condition() == cur;
      }
      if (p instanceof ReturnStatement) {
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
}
