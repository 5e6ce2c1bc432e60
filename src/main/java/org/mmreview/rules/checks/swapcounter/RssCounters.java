package org.mmreview.rules.checks.swapcounter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.ArrayAccess;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.UnaryExpression;

/**
 * Updates of the per-mm RSS counters ({@code MM_FILEPAGES}, {@code MM_ANONPAGES}, {@code
 * MM_SWAPENTS}, {@code MM_SHMEMPAGES}): the mm counter API and the local {@code rss[MM_*]} arrays
 * that zap and copy loops flush with {@code add_mm_rss_vec()}.
 */
public final class RssCounters {
  /**
   * include/linux/mm.h: the counter updaters; the counter is argument 1, the delta of add_*
   * argument 2.
   */
  private static final Set<String> INC = Set.of("inc_mm_counter", "inc_mm_counter_fast");

  private static final Set<String> DEC = Set.of("dec_mm_counter", "dec_mm_counter_fast");
  private static final Set<String> ADD = Set.of("add_mm_counter", "add_mm_counter_fast");

  private RssCounters() {}

  /**
   * One counter update.
   *
   * @param node the call, or the {@code ++}/{@code --}/{@code +=}/{@code -=} on an rss array
   * @param counter the counter name ({@code MM_ANONPAGES}); empty when computed ({@code
   *     mm_counter(folio)})
   * @param sign +1 or -1 when known from the spelling, 0 when not
   */
  public record Update(Expression node, String counter, int sign) {}

  /** The RSS counter updates inside {@code scope}, in source order. */
  public static List<Update> in(Node scope) {
    List<Update> out = new ArrayList<>();
    scope.stream()
        .forEach(
            n -> {
              if (n instanceof CallExpression c) {
                fromCall(c, out);
              } else if (n instanceof UnaryExpression u
                  && (u.operator().equals("++") || u.operator().equals("--"))) {
                counterIndex(u.operand())
                    .ifPresent(k -> out.add(new Update(u, k, u.operator().equals("++") ? 1 : -1)));
              } else if (n instanceof AssignExpression a
                  && (a.operator().equals("+=") || a.operator().equals("-="))) {
                int s = a.operator().equals("+=") ? 1 : -1;
                counterIndex(a.target())
                    .ifPresent(k -> out.add(new Update(a, k, s * signOf(a.value()))));
              }
            });
    return out;
  }

  private static void fromCall(CallExpression c, List<Update> out) {
    String name = c.calleeName().orElse("");
    int sign;
    if (INC.contains(name)) {
      sign = 1;
    } else if (DEC.contains(name)) {
      sign = -1;
    } else if (ADD.contains(name)) {
      sign = c.argument(2).map(RssCounters::signOf).orElse(0);
    } else {
      return;
    }
    String counter =
        c.argument(1)
            .map(AccessPaths::strip)
            .filter(Identifier.class::isInstance)
            .map(e -> ((Identifier) e).name())
            .orElse("");
    out.add(new Update(c, counter, sign));
  }

  private static Optional<String> counterIndex(Expression e) {
    if (AccessPaths.strip(e) instanceof ArrayAccess a
        && AccessPaths.strip(a.index()) instanceof Identifier id
        && id.name().startsWith("MM_")) {
      return Optional.of(id.name());
    }
    return Optional.empty();
  }

  /** -1 for a value spelled negative ({@code -1}, {@code -nr}), +1 otherwise. */
  private static int signOf(Expression v) {
    Expression x = AccessPaths.strip(v);
    return x instanceof UnaryExpression u && u.operator().equals("-") && !u.isPostfix() ? -1 : 1;
  }
}
