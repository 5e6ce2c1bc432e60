package org.mmreview.rules.checks.swapcounter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.CfgNode;
import org.mmreview.analysis.GoverningConditions;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.kernel.PageTables;

/**
 * Whether a point of a function runs on a path where the page table entry at hand is a genuine swap
 * entry, judged from the conditions governing it ({@link GoverningConditions}) and from the
 * swap-entry accessors evaluated on every path to it.
 */
public final class SwapEntryPaths {
  /** What a path says about the entry. */
  public enum Meaning {
    /** A genuine swap entry (no resident page). */
    SWAP,
    /** A present page, an empty entry, or a non-swap entry (migration, device, marker). */
    NOT_SWAP,
    UNKNOWN
  }

  // include/linux/pgtable.h, swapops.h: the kernel's entry tests, by what their outcome says.
  /** True: a present mapping; false: a non-present entry (swap unless told otherwise). */
  private static final Set<String> PRESENT =
      Set.of("pte_present", "pmd_present", "pud_present", "pte_present_nonuma");

  /** True: no entry at all. */
  private static final Set<String> NONE =
      Set.of("pte_none", "pmd_none", "huge_pte_none", "pte_none_mostly");

  /** True: a swap-format entry; false: none or present. */
  private static final Set<String> SWAP_PTE = Set.of("is_swap_pte", "is_swap_pmd");

  /** True: a swap-format entry that is not a real swap entry. */
  private static final Set<String> NON_SWAP = Set.of("non_swap_entry");

  /** True: a special entry standing for a resident page or a marker, not swapped-out memory. */
  private static final Set<String> SPECIAL =
      Set.of(
          "is_migration_entry",
          "is_writable_migration_entry",
          "is_readable_migration_entry",
          "is_pmd_migration_entry",
          "is_device_private_entry",
          "is_writable_device_private_entry",
          "is_device_exclusive_entry",
          "is_pfn_swap_entry",
          "is_pte_marker",
          "is_pte_marker_entry",
          "is_hwpoison_entry",
          "is_poisoned_swp_entry",
          "is_guard_swp_entry",
          "is_swapin_error_entry",
          "is_uffd_wp_pte_marker",
          "pte_marker_entry_uffd_wp",
          "pte_marker_uffd_wp");

  /** Accessors that only make sense on a swap-format entry: whoever calls them handles one. */
  private static final Set<String> SWAP_ACCESSORS =
      Set.of(
          "pte_to_swp_entry",
          "pmd_to_swp_entry",
          "pte_swp_exclusive",
          "pte_swp_uffd_wp",
          "pte_swp_soft_dirty",
          "pte_swp_mkexclusive",
          "pte_swp_clear_exclusive",
          "pte_swp_clear_uffd_wp",
          "pte_swp_clear_soft_dirty",
          "pmd_swp_uffd_wp",
          "pmd_swp_soft_dirty");

  private SwapEntryPaths() {}

  /**
   * What the paths to {@code n} say: SWAP when a condition or a dominating swap accessor says some
   * entry is a genuine swap entry and nothing says otherwise about that same entry; NOT_SWAP when
   * the conditions rule a swap entry out. Entries are told apart by the value tested ({@code
   * pte_present(dst_pte)} says nothing about {@code src_pte}); tests on a decoded {@code
   * swp_entry_t} ({@code is_migration_entry(entry)}) apply to every entry, as the entry they came
   * from is not tracked here.
   */
  public static Meaning at(Cfg cfg, Node n) {
    Verdicts v = new Verdicts();
    for (GoverningConditions.Governing g : GoverningConditions.of(cfg, n)) {
      v.add(keyed(g.condition(), g.holds()));
    }
    CfgNode target = cfg.pointOf(n).orElse(null);
    // An assertion on every path to n is a fact: VM_BUG_ON(!is_pmd_migration_entry(pmd)) says
    // the entry is a migration entry from there on.
    for (CfgNode p : cfg.nodes()) {
      if (target != null && p != target && cfg.dominates(p, target)) {
        for (Node e : p.evaluated()) {
          if (e instanceof ExpressionStatement es
              && Matchers.stripBranchHints(es.expression()) instanceof CallExpression c
              && c.calleeName().filter(Matchers::isAssertionName).isPresent()
              && c.arguments().size() == 1) {
            v.add(keyed(c.arguments().get(0), false));
          }
        }
      }
    }
    Meaning m = v.overall();
    if (m == Meaning.UNKNOWN) {
      for (CfgNode p : cfg.nodes()) {
        if (target != null
            && p != target
            && cfg.dominates(p, target)
            && p.evaluated().stream().anyMatch(SwapEntryPaths::callsSwapAccessor)) {
          return Meaning.SWAP;
        }
      }
    }
    return m;
  }

  /** Key of the verdicts on a decoded swap entry, which apply to every entry. */
  private static final String ANY_ENTRY = "";

  /** The verdicts gathered on the way to a point, per entry tested. */
  private static final class Verdicts {
    private final Map<String, Meaning> byEntry = new LinkedHashMap<>();

    void add(Map<String, Meaning> more) {
      more.forEach((k, m) -> byEntry.merge(k, m, SwapEntryPaths::and));
    }

    Meaning overall() {
      Meaning any = byEntry.getOrDefault(ANY_ENTRY, Meaning.UNKNOWN);
      boolean notSwap = any == Meaning.NOT_SWAP;
      for (Map.Entry<String, Meaning> e : byEntry.entrySet()) {
        if (e.getKey().equals(ANY_ENTRY)) {
          continue;
        }
        Meaning m = and(e.getValue(), any);
        if (m == Meaning.SWAP) {
          return Meaning.SWAP;
        }
        notSwap |= m == Meaning.NOT_SWAP;
      }
      if (notSwap) {
        return Meaning.NOT_SWAP;
      }
      return any;
    }
  }

  /** What {@code cond} having outcome {@code holds} says about the entry. */
  public static Meaning meaning(Expression cond, boolean holds) {
    Verdicts v = new Verdicts();
    v.add(keyed(cond, holds));
    return v.overall();
  }

  /** What {@code cond} having outcome {@code holds} says, per entry tested. */
  private static Map<String, Meaning> keyed(Expression cond, boolean holds) {
    Expression x = Matchers.stripBranchHints(cond);
    if (x instanceof UnaryExpression u && u.operator().equals("!") && !u.isPostfix()) {
      return keyed(u.operand(), !holds);
    }
    if (x instanceof BinaryExpression b
        && (b.operator().equals("&&") || b.operator().equals("||"))) {
      boolean conjunction = b.operator().equals("&&") == holds;
      Map<String, Meaning> l = keyed(b.left(), holds);
      Map<String, Meaning> r = keyed(b.right(), holds);
      Map<String, Meaning> out = new LinkedHashMap<>();
      if (conjunction) {
        // Under a conjunction both operands hold.
        out.putAll(l);
        r.forEach((k, m) -> out.merge(k, m, SwapEntryPaths::and));
      } else {
        // Under a disjunction only a verdict both sides give is known.
        l.forEach(
            (k, m) -> {
              if (m == r.get(k)) {
                out.put(k, m);
              }
            });
      }
      return out;
    }
    if (x instanceof CallExpression c) {
      String name = c.calleeName().orElse("");
      String entry = c.arguments().isEmpty() ? ANY_ENTRY : entryKey(c.arguments().get(0));
      if (SWAP_ACCESSORS.contains(name)) {
        return Map.of(entry, Meaning.SWAP);
      }
      if (PRESENT.contains(name)) {
        return Map.of(entry, holds ? Meaning.NOT_SWAP : Meaning.SWAP);
      }
      if (SWAP_PTE.contains(name)) {
        return Map.of(entry, holds ? Meaning.SWAP : Meaning.NOT_SWAP);
      }
      if (NON_SWAP.contains(name)) {
        return Map.of(ANY_ENTRY, holds ? Meaning.NOT_SWAP : Meaning.SWAP);
      }
      if (NONE.contains(name) && holds) {
        return Map.of(entry, Meaning.NOT_SWAP);
      }
      if (SPECIAL.contains(name) && holds) {
        return Map.of(ANY_ENTRY, Meaning.NOT_SWAP);
      }
    }
    return containsSwapAccessor(x) ? Map.of(ANY_ENTRY, Meaning.SWAP) : Map.of();
  }

  /**
   * The entry a test's argument names: {@code src_pte} for {@code ptep_get(src_pte)}, {@code
   * *src_pte} and {@code pte_to_swp_entry(ptep_get(src_pte))}, else the argument's text.
   */
  private static String entryKey(Expression arg) {
    Expression x = AccessPaths.strip(arg);
    if (x instanceof CallExpression c
        && !c.arguments().isEmpty()
        && c.calleeName()
            .filter(n -> SWAP_ACCESSORS.contains(n) || PageTables.isEntryRead(n))
            .isPresent()) {
      return entryKey(c.arguments().get(0));
    }
    if (x instanceof UnaryExpression u && u.operator().equals("*") && !u.isPostfix()) {
      return entryKey(u.operand());
    }
    return x.compactText();
  }

  private static Meaning and(Meaning a, Meaning b) {
    if (a == Meaning.NOT_SWAP || b == Meaning.NOT_SWAP) {
      return Meaning.NOT_SWAP;
    }
    return a == Meaning.SWAP || b == Meaning.SWAP ? Meaning.SWAP : Meaning.UNKNOWN;
  }

  private static boolean callsSwapAccessor(Node n) {
    return containsSwapAccessor(n);
  }

  private static boolean containsSwapAccessor(Node n) {
    return n.stream().anyMatch(x -> Matchers.isCallTo(x, SWAP_ACCESSORS));
  }

  /** The accessor names, for tests and messages. */
  public static List<String> swapAccessors() {
    return List.copyOf(SWAP_ACCESSORS);
  }
}
