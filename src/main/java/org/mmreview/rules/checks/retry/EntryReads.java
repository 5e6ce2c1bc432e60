package org.mmreview.rules.checks.retry;

import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.DefUse;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.kernel.PageTables;

/** Page-table entry values and the reads that produce them, as both detectors see them. */
final class EntryReads {
  private EntryReads() {}

  /** A page-table entry value ({@code pte_t orig}), not a pointer or something derived from one. */
  static boolean isEntryType(DefUse du, String v) {
    var t = du.variables().get(v);
    return t != null && !t.isPointer() && PageTables.isEntryType(t.baseName());
  }

  /**
   * True when {@code value} reads an entry: an entry-read call ({@link PageTables#ENTRY_READS}), or
   * a dereference of an entry pointer.
   */
  static boolean readsEntry(Node value, DefUse du) {
    return value.stream()
        .anyMatch(
            n ->
                Matchers.isCallTo(n, PageTables.ENTRY_READS)
                    || (n instanceof UnaryExpression u
                        && u.operator().equals("*")
                        && !u.isPostfix()
                        && AccessPaths.of(u.operand())
                            .map(du.variables()::get)
                            .filter(t -> PageTables.isEntryType(t.baseName()))
                            .isPresent()));
  }
}
