package org.mmreview.rules.checks.bugon;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Definition;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.KernelAsserts.CrashAssert;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.kernel.PageTables;

/**
 * A crash assert comparing two page-table entry values that were read at different moments: {@code
 * !pte_same(ptep_clear_flush(...), orig)}, {@code pte_val(ptep_get_and_clear(...)) !=
 * pte_val(orig)}, the pmd twins, or locals holding such reads. Even under the page-table lock the
 * CPU (or the IOMMU) may set the accessed and dirty bits of a live entry at any time, so the entry
 * cleared now need not equal the one read before, and user space decides when it touches the page.
 */
public final class EntryMoments {
  private EntryMoments() {}

  /** The comparison: the side read now (a call or a local holding it) and the earlier value. */
  public record Comparison(String fresh, String earlier) {}

  /** The first comparison of entries read at different moments in the assert's condition. */
  public static Optional<Comparison> in(CrashAssert a, FunctionAnalysis fa) {
    for (Expression cond : a.condition()) {
      for (Expression[] sides : comparedEntries(cond)) {
        Optional<Node> left = moment(sides[0], a.call(), fa, 2);
        Optional<Node> right = moment(sides[1], a.call(), fa, 2);
        if (left.isPresent() && (right.isEmpty() || right.get() != left.get())) {
          return Optional.of(new Comparison(describe(sides[0], left.get()), quoted(sides[1])));
        }
        if (right.isPresent() && left.isEmpty()) {
          return Optional.of(new Comparison(describe(sides[1], right.get()), quoted(sides[0])));
        }
      }
    }
    return Optional.empty();
  }

  /** The pairs of entry values compared for equality anywhere in {@code cond}. */
  private static List<Expression[]> comparedEntries(Expression cond) {
    List<Expression[]> out = new ArrayList<>();
    for (CallExpression c : cond.findAll(CallExpression.class)) {
      if (c.calleeName().filter(PageTables.ENTRY_EQUALITY::contains).isPresent()
          && c.arguments().size() == 2) {
        out.add(new Expression[] {c.arguments().get(0), c.arguments().get(1)});
      }
    }
    for (BinaryExpression b : cond.findAll(BinaryExpression.class)) {
      if (b.operator().equals("==") || b.operator().equals("!=")) {
        Optional<Expression> l = rawValueOf(b.left());
        Optional<Expression> r = rawValueOf(b.right());
        if (l.isPresent() && r.isPresent()) {
          out.add(new Expression[] {l.get(), r.get()});
        }
      }
    }
    return out;
  }

  /** The entry inside {@code pte_val(x)}: what a raw-value comparison compares. */
  private static Optional<Expression> rawValueOf(Expression e) {
    return AccessPaths.strip(e) instanceof CallExpression c
            && c.calleeName().filter(PageTables.ENTRY_VALUE::contains).isPresent()
            && c.arguments().size() == 1
        ? Optional.of(c.arguments().get(0))
        : Optional.empty();
  }

  /**
   * The call that read the value of {@code e} from the live table: {@code e} itself, or the read
   * every definition of a local reaching {@code at} holds (the same call for all of them).
   */
  private static Optional<Node> moment(Expression e, Node at, FunctionAnalysis fa, int depth) {
    Expression x = Matchers.stripBranchHints(AccessPaths.strip(e));
    if (x instanceof CallExpression c
        && c.calleeName().filter(PageTables::isEntrySnapshot).isPresent()) {
      return Optional.of(c);
    }
    if (depth > 0 && x instanceof Identifier id && fa.defUse().isVariable(id.name())) {
      List<Definition> defs = fa.defUse().reachingDefinitions(id.name(), at);
      Node found = null;
      for (Definition d : defs) {
        Optional<Node> m =
            d.value().isPresent()
                ? moment(d.value().get(), d.node(), fa, depth - 1)
                : Optional.empty();
        if (m.isEmpty() || (found != null && found != m.get())) {
          return Optional.empty();
        }
        found = m.get();
      }
      return Optional.ofNullable(found);
    }
    return Optional.empty();
  }

  private static String describe(Expression side, Node read) {
    return side.isAncestorOrSelf(read)
        ? quoted(side)
        : quoted(side) + " (read by `" + ((CallExpression) read).calleeName().orElse("") + "()`)";
  }

  private static String quoted(Expression e) {
    return "`" + e.compactText() + "`";
  }
}
