package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.ArrayAccess;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.intake.Hunk;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * The same field of the same pointer, {@code dst_vma->vm_mm}, read again and again in one function
 * whose code never changes the pointer nor the field: a local ({@code struct mm_struct *dst_mm =
 * dst_vma->vm_mm;}) names the value once and shortens every line that uses it. Typically a patch
 * that drops a parameter or a local and spells the chain out at each former use.
 *
 * <p><b>What counts.</b> Reads of {@code p->f} where {@code p} is a plain name: not a write (an
 * assignment to it, {@code ++}), not its address ({@code &p->f}), not a call through it ({@code
 * ops->fn()}), not an array indexed ({@code p->f[i]}) nor a struct member reached with {@code .}
 * (those are other values). A function that assigns {@code p} or writes {@code p->f} anywhere in
 * the code seen is left alone (the value may differ between the reads).
 *
 * <p><b>Where.</b> By function; in a hunk-only review the function is the one the hunk's section
 * heading names, so the hunks of one function count together. In a patch review only added reads
 * count, and {@value #THRESHOLD} of them are needed; the finding sits on the one that reaches it.
 * With {@code --all}, every read counts and {@value #THRESHOLD_ALL} are needed. When the function
 * already holds the value in a local ({@code mm = vma->vm_mm}), the message names that local.
 */
public final class RepeatedDeref extends FileRule {
  static final int THRESHOLD = 3;
  static final int THRESHOLD_ALL = 6;

  /** The reads, writes and caches of one function. */
  private static final class Scope {
    final Map<String, List<MemberAccess>> reads = new LinkedHashMap<>();
    final Set<String> changed = new HashSet<>();
    final Map<String, String> cachedIn = new HashMap<>();
  }

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    Map<String, Scope> scopes = new LinkedHashMap<>();
    for (CompilationUnit unit : file.units()) {
      for (MemberAccess m : unit.findAll(MemberAccess.class)) {
        if (!m.isArrow() || !(m.object() instanceof Identifier base)) {
          continue;
        }
        Scope s = scopes.computeIfAbsent(scopeKey(file, m), k -> new Scope());
        String chain = base.name() + "->" + m.member();
        switch (use(m)) {
          case READ -> s.reads.computeIfAbsent(chain, k -> new ArrayList<>()).add(m);
          case WRITE -> s.changed.add(chain);
          case OTHER -> {}
        }
      }
      for (AssignExpression a : unit.findAll(AssignExpression.class)) {
        if (AccessPaths.strip(a.target()) instanceof Identifier id) {
          Scope s = scopes.computeIfAbsent(scopeKey(file, a), k -> new Scope());
          s.changed.add(id.name() + "->");
          chainOf(a.value()).ifPresent(c -> s.cachedIn.putIfAbsent(c, id.name()));
        }
      }
      for (Declarator d : unit.findAll(Declarator.class)) {
        Optional<String> c = d.initializer().flatMap(RepeatedDeref::chainOf);
        if (c.isPresent()) {
          scopes
              .computeIfAbsent(scopeKey(file, d), k -> new Scope())
              .cachedIn
              .putIfAbsent(c.get(), d.name());
        }
      }
    }
    int threshold = file.diffAware() ? THRESHOLD : THRESHOLD_ALL;
    for (Map.Entry<String, Scope> e : scopes.entrySet()) {
      Scope s = e.getValue();
      for (Map.Entry<String, List<MemberAccess>> r : s.reads.entrySet()) {
        String chain = r.getKey();
        if (s.changed.contains(chain)
            || s.changed.contains(chain.substring(0, chain.indexOf('>') + 1))) {
          continue;
        }
        List<MemberAccess> counted =
            r.getValue().stream().filter(m -> file.isAdded(m.range().beginLine())).toList();
        if (counted.size() < threshold) {
          continue;
        }
        MemberAccess at = counted.get(threshold - 1);
        String function = e.getKey().startsWith("@") ? "this function" : e.getKey() + "()";
        String local = s.cachedIn.get(chain);
        RuleContext.FindingBuilder f =
            ctx.at(at)
                .arg("chain", chain)
                .arg("count", String.valueOf(counted.size()))
                .arg("function", function);
        if (local != null) {
          f.variant("cached").arg("local", local);
        }
        f.report();
      }
    }
  }

  private enum Use {
    READ,
    WRITE,
    OTHER
  }

  private static Use use(MemberAccess m) {
    Node p = m.parent().orElse(null);
    while (p instanceof ParenExpression) {
      p = p.parent().orElse(null);
    }
    if (p instanceof AssignExpression a && a.target() == m) {
      return Use.WRITE;
    }
    if (p instanceof UnaryExpression u) {
      if (u.operator().equals("++") || u.operator().equals("--")) {
        return Use.WRITE;
      }
      if (u.operator().equals("&")) {
        return Use.OTHER;
      }
    }
    if (p instanceof CallExpression c && c.callee() == m) {
      return Use.OTHER;
    }
    if (p instanceof ArrayAccess a && a.array() == m) {
      return Use.OTHER;
    }
    if (p instanceof MemberAccess outer && !outer.isArrow() && outer.object() == m) {
      return Use.OTHER;
    }
    return Use.READ;
  }

  /** {@code p->f} for a value that is exactly that read. */
  private static Optional<String> chainOf(Expression e) {
    if (AccessPaths.strip(e) instanceof MemberAccess m
        && m.isArrow()
        && m.object() instanceof Identifier base) {
      return Optional.of(base.name() + "->" + m.member());
    }
    return Optional.empty();
  }

  /**
   * The function a node is in: its definition's name, else (a hunk's fragment) the function the
   * hunk's section heading names, else the hunk itself.
   */
  private static String scopeKey(ReviewedFile file, Node n) {
    Optional<FunctionDefinition> fn = n.findAncestor(FunctionDefinition.class);
    if (fn.isPresent()) {
      return fn.get().name();
    }
    int line = n.range().beginLine();
    Optional<Hunk> h = file.hunkAt(line);
    if (h.isPresent()) {
      return h.get().headingFunction().orElse("@" + h.get().newStart());
    }
    return "@" + line;
  }
}
