package org.mmreview.rules.checks.retry;

import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.DefUse;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.UnaryExpression;

/** Page-table entry values and the reads that produce them, as both detectors see them. */
final class EntryReads {
  /** Reads of a page-table entry: a local defined from one snapshots the entry. */
  private static final Set<String> ENTRY_READS =
      Set.of("ptep_get", "ptep_get_lockless", "pmdp_get", "pmdp_get_lockless", "huge_ptep_get", "pudp_get");

  private EntryReads() {}

  /** A page-table entry value ({@code pte_t orig}), not a pointer or something derived from one. */
  static boolean isEntryType(DefUse du, String v) {
    var t = du.variables().get(v);
    return t != null && !t.isPointer() && t.baseName().matches("p[tmu4g]d_t|pte_t");
  }

  /** True when {@code value} reads an entry: an entry-read call, or a dereference of an entry pointer. */
  static boolean readsEntry(Node value, DefUse du) {
    return value.stream().anyMatch(n ->
        Matchers.isCallTo(n, ENTRY_READS)
            || (n instanceof UnaryExpression u && u.operator().equals("*") && !u.isPostfix()
                && AccessPaths.of(u.operand()).map(du.variables()::get)
                    .filter(t -> t.baseName().matches("p[tmu4g]d_t|pte_t")).isPresent()));
  }
}
