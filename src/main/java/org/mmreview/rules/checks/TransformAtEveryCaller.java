package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * The same new transform of an argument added before every call of one function: {@code x = f(x);}
 * added on the statement before (or a few statements before) a call {@code g(..., x, ...)}, at two
 * call sites of {@code g} or more, each time for the argument in the same position. The transform
 * belongs inside {@code g}: done at each caller, the next caller forgets it. Catalin Marinas on
 * {@code untagged_addr()} added before each {@code validate_range()} call.
 *
 * <p>Only functions the code under review can change count as {@code g}: one the file or the patch
 * defines; in a hunk-only review, where the definition is out of sight, a function every call of
 * which the patch shows carries the transform, and no kernel primitive whose name says it builds or
 * stores a value ({@code set_pte_at()}, {@code pte_mkwrite()}). Whole files (no patch) are judged
 * on every call of {@code g} in the file: all of them, at least two, do the transform.
 */
public final class TransformAtEveryCaller extends FileRule {
  /** Statements after the transform within which the call must come. */
  private static final int REACH = 3;

  /** Call sites that make it "every caller". */
  private static final int MIN_SITES = 2;

  /**
   * Kernel primitives a caller cannot push work into: page-table entry builders and setters, the
   * atomic and bit helpers, the copy helpers, the allocators and the printk family. A transform
   * before them is the value being built, not a check that belongs in the callee.
   */
  private static final Pattern PRIMITIVE =
      Pattern.compile(
          "(?:set_|clear_|native_|__?)?(?:pte|pmd|pud|p4d|pgd|swp|folio|page|atomic\\w*|"
              + "bit|test|copy|memcpy|memset|kmalloc|kzalloc|kfree|printk|pr|trace)(?:_\\w+)?"
              + "|(?:set_pte_at|set_pmd_at|set_pud_at|mk_pte|mk_pmd|\\w*_printk|WRITE_ONCE|"
              + "READ_ONCE|put_user|get_user|min|max|min_t|max_t|clamp\\w*)");

  /** Tests of a value, which judge the result and are no place for the step that made it. */
  private static final Pattern PREDICATE =
      Pattern.compile("(?:\\w+_)?is_\\w+|IS_ERR\\w*|likely|unlikely|\\w+_err");

  /**
   * Test code, where each case spelling out its own setup is the convention (as
   * duplicated-added-code).
   */
  private static final Pattern TEST_FILE =
      Pattern.compile("(^|/)(tools/testing/|[^/]*(test_|_test\\.|_kunit\\.|kunit_)[^/]*$)");

  /** One transform and the call it feeds. */
  private record Site(
      ExpressionStatement transform,
      CallExpression transformCall,
      CallExpression call,
      int position) {
    String key() {
      return transformCall.calleeName().orElseThrow()
          + "|"
          + call.calleeName().orElseThrow()
          + "|"
          + position;
    }
  }

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    if (TEST_FILE.matcher(file.path()).find()) {
      return;
    }
    List<Site> sites = new ArrayList<>();
    for (CompilationUnit u : file.units()) {
      for (List<Statement> seq : sequences(u)) {
        for (int k = 0; k < seq.size(); k++) {
          site(file, seq, k).ifPresent(sites::add);
        }
      }
    }
    Map<String, List<Site>> byKey = new LinkedHashMap<>();
    for (Site s : sites) {
      byKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
    }
    for (List<Site> same : byKey.values()) {
      List<Site> distinct = distinctCalls(same);
      if (distinct.size() < MIN_SITES) {
        continue;
      }
      String callee = distinct.get(0).call().calleeName().orElseThrow();
      if (!changeable(file, callee, distinct)) {
        continue;
      }
      distinct.sort(Comparator.comparing(s -> s.transform().range(), Range.BEGIN_ORDER));
      Site first = distinct.get(0);
      for (Site later : distinct.subList(1, distinct.size())) {
        ctx.at(later.transform())
            .arg("transform", later.transformCall().calleeName().orElseThrow())
            .arg("callee", callee)
            .arg("count", Integer.toString(distinct.size()))
            .arg("line", Integer.toString(first.transform().range().beginLine()))
            .related(first.transform(), "the same transform before `" + callee + "()`")
            .related(later.call(), "the call it feeds")
            .report();
      }
    }
  }

  /** The sites of one key, one per call of the callee (two transforms before one call are one). */
  private static List<Site> distinctCalls(List<Site> same) {
    List<Site> out = new ArrayList<>();
    for (Site s : same) {
      if (out.stream().noneMatch(o -> o.call() == s.call())) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * True when {@code callee} is a function the code under review can move the transform into, and
   * the sites are every call of it that can be seen.
   */
  private static boolean changeable(ReviewedFile file, String callee, List<Site> sites) {
    List<CallExpression> calls = new ArrayList<>();
    boolean defined = false;
    for (CompilationUnit u : units(file)) {
      defined |= u.functions().stream().anyMatch(f -> f.name().equals(callee));
      if (u.fileName().equals(file.path())) {
        calls.addAll(
            u.findAll(CallExpression.class, c -> c.calleeName().orElse("").equals(callee)));
      }
    }
    boolean everyCall = calls.stream().allMatch(c -> sites.stream().anyMatch(s -> s.call() == c));
    if (!file.diffAware()) {
      // A survey of merged code: say it only where it holds of every call in the file and no
      // caller reads the transformed value after the call, so moving the step in removes it from
      // every caller (fs_reclaim_acquire() tests its adjusted gfp mask itself afterwards).
      return defined && everyCall && sites.stream().noneMatch(TransformAtEveryCaller::readAfter);
    }
    if (defined) {
      return true;
    }
    return file.partial() && everyCall && !PRIMITIVE.matcher(callee).matches();
  }

  /** True when the caller reads the transformed value again after the call. */
  private static boolean readAfter(Site s) {
    String target =
        AccessPaths.of(
                s.transform().expression().findFirst(AssignExpression.class).orElseThrow().target())
            .orElseThrow();
    int end = s.call().range().endOffset();
    Node scope =
        s.transform()
            .findAncestor(FunctionDefinition.class)
            .map(Node.class::cast)
            .orElse(s.transform().root());
    return scope.findAll(Expression.class).stream()
        .filter(e -> e.range().beginOffset() >= end)
        .anyMatch(e -> isPath(e, target));
  }

  /** The file's own units, and in a patch review every unit of the patch (for definitions). */
  private static List<CompilationUnit> units(ReviewedFile file) {
    List<CompilationUnit> out = new ArrayList<>(file.units());
    if (file.diffAware()) {
      for (CompilationUnit u : file.patch().units().get()) {
        if (!u.fileName().equals(file.path())) {
          out.add(u);
        }
      }
    }
    return out;
  }

  /**
   * The statement at {@code k}, when it is an added {@code x = f(..., x, ...);} whose value one of
   * the next {@value #REACH} statements passes to a call before anything assigns {@code x} again.
   */
  private static Optional<Site> site(ReviewedFile file, List<Statement> seq, int k) {
    if (!(seq.get(k) instanceof ExpressionStatement es)
        || !(es.expression() instanceof AssignExpression a)
        || !a.operator().equals("=")
        || !added(file, es)) {
      return Optional.empty();
    }
    Optional<String> target = AccessPaths.of(a.target());
    if (target.isEmpty()
        || !(AccessPaths.strip(a.value()) instanceof CallExpression f)
        || f.calleeName().isEmpty()
        || f.arguments().isEmpty()
        || !isPath(f.arguments().get(0), target.get())) {
      // a normaliser takes the value first (untagged_addr(x), round_up(x, n)); a value stored
      // through a call (xa_store(&xa, i, x, gfp)) is not a transform of it
      return Optional.empty();
    }
    String transform = f.calleeName().get();
    for (int j = k + 1; j < seq.size() && j <= k + REACH; j++) {
      Statement next = seq.get(j);
      for (CallExpression g : next.findAll(CallExpression.class)) {
        String callee = g.calleeName().orElse("");
        if (callee.isEmpty()
            || callee.equals(transform)
            || Matchers.isAssertionName(callee)
            || PREDICATE.matcher(callee).matches()) {
          continue;
        }
        for (int p = 0; p < g.arguments().size(); p++) {
          if (isPath(g.arguments().get(p), target.get())) {
            return Optional.of(new Site(es, f, g, p));
          }
        }
      }
      if (assigns(next, target.get())) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static boolean isPath(Expression e, String path) {
    return AccessPaths.of(e).filter(path::equals).isPresent();
  }

  /** True when {@code s} stores into {@code path} (or what it extends): the value is not ours. */
  private static boolean assigns(Statement s, String path) {
    for (AssignExpression a : s.findAll(AssignExpression.class)) {
      if (AccessPaths.of(a.target()).filter(t -> AccessPaths.extendsPath(path, t)).isPresent()) {
        return true;
      }
    }
    for (UnaryExpression u : s.findAll(UnaryExpression.class)) {
      String op = u.operator();
      if ((op.equals("++") || op.equals("--") || op.equals("&"))
          && AccessPaths.of(u.operand())
              .filter(t -> AccessPaths.extendsPath(path, t))
              .isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static boolean added(ReviewedFile file, Node n) {
    for (int l = n.range().beginLine(); l <= n.range().endLine(); l++) {
      if (!file.isAdded(l)) {
        return false;
      }
    }
    return true;
  }

  /** Every block's statements, and the statements a hunk shows outside any definition. */
  private static List<List<Statement>> sequences(CompilationUnit u) {
    List<List<Statement>> out = new ArrayList<>();
    for (Block b : u.findAll(Block.class)) {
      out.add(b.statements());
    }
    List<Statement> top = new ArrayList<>();
    for (Node item : u.items()) {
      if (item instanceof Statement st) {
        top.add(st);
      } else if (!top.isEmpty()) {
        out.add(top);
        top = new ArrayList<>();
      }
    }
    if (!top.isEmpty()) {
      out.add(top);
    }
    return out;
  }
}
