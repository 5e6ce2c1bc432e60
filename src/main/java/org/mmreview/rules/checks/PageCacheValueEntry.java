package org.mmreview.rules.checks;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Cfg;
import org.mmreview.analysis.FollowingStatements;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.Matchers;
import org.mmreview.analysis.PageCacheLookups;
import org.mmreview.analysis.SameFileHelpers;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.kernel.PageCacheEntries;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * The result of a page-cache lookup that returns value entries (swap, shadow or DAX entries stored
 * in {@code mapping->i_pages}: {@code filemap_get_entry()}, {@code find_lock_entry()}, {@code
 * pagecache_get_page(..., FGP_ENTRY ...)}, {@code xa_load(&mapping->i_pages, ...)}) used as a page
 * or folio on a path where it was never given to {@code xa_is_value()}: dereferenced, passed to a
 * page or folio function, or stored as a page. A value entry is an odd integer dressed as a
 * pointer; the first use oopses.
 */
public final class PageCacheValueEntry extends NodeRule<CallExpression> {
  /** Functions that take a page or folio: {@code folio_put()}, {@code unlock_page()}, ... */
  private static final Pattern PAGE_FUNCTION =
      Pattern.compile(
          "(__)?(folio|page)_\\w+|(put|get|lock|unlock|trylock|try_lock)_(page|folio)\\w*");

  /** Page flag operations: {@code PageDirty()}, {@code __SetPageUptodate()}, ... */
  private static final Pattern PAGE_FLAG_FUNCTION =
      Pattern.compile("(__)?(Set|Clear)?Page[A-Z]\\w*|mark_page_\\w+");

  /** Calls that look at an entry without treating it as a page. */
  private static final Set<String> ENTRY_SAFE =
      Set.of("xa_is_value", "xa_to_value", "radix_to_swp_entry", "page_to_swp_entry");

  /**
   * Calls that take an entry and only store it: a folio batch of {@code find_get_entries()} holds
   * value entries by design, and its users test them.
   */
  private static final Set<String> ENTRY_STORES = Set.of("folio_batch_add", "pagevec_add");

  public PageCacheValueEntry() {
    super(CallExpression.class);
  }

  @Override
  protected void check(CallExpression source, RuleContext ctx) {
    if (!mayReturnValueEntry(source)) {
      return;
    }
    Optional<String> variable = AccessPaths.assignedTo(source);
    if (variable.isEmpty()) {
      return;
    }
    String v = variable.get();
    SameFileHelpers helpers = ctx.unitAnalysis(source).helpers();
    Predicate<String> handlesEntries =
        name ->
            ENTRY_SAFE.contains(name)
                || ENTRY_STORES.contains(name)
                || helpers.resolve(name).filter(PageCacheValueEntry::testsValues).isPresent();
    Optional<FunctionAnalysis> fa = ctx.unitAnalysis(source).enclosing(source);
    Optional<Node> use =
        fa.isPresent()
            ? alongCfg(fa.get(), source, v, handlesEntries)
            : inFollowing(source, v, handlesEntries);
    use.ifPresent(
        u ->
            ctx.at(source)
                .arg("source", source.calleeName().orElse("the lookup"))
                .arg("variable", v)
                .arg("use", u.text().strip())
                .related(u, "used as a page here")
                .report());
  }

  /** The first use as a page that a CFG path from the lookup reaches untested. */
  private static Optional<Node> alongCfg(
      FunctionAnalysis fa, CallExpression source, String v, Predicate<String> handlesEntries) {
    Cfg cfg = fa.cfg();
    if (cfg.pointOf(source).isEmpty()) {
      return Optional.empty();
    }
    for (Expression e : fa.function().body().findAll(Expression.class)) {
      Optional<Node> use = pageUse(e, v, handlesEntries);
      if (use.isPresent()
          && cfg.pointOf(use.get()).isPresent()
          && cfg.pathExists(source, use.get(), n -> testsOrRedefines(n, v, source))) {
        return use;
      }
    }
    return Optional.empty();
  }

  /**
   * In a hunk that shows a function's middle only: the first use as a page in the statements after
   * the lookup, in source order, before a test or a new value.
   */
  private static Optional<Node> inFollowing(
      CallExpression source, String v, Predicate<String> handlesEntries) {
    for (Node statement : FollowingStatements.after(source)) {
      for (Node x : (Iterable<Node>) statement.stream()::iterator) {
        if (testsOrRedefines(x, v, source)) {
          return Optional.empty();
        }
        if (x instanceof Expression e) {
          Optional<Node> use = pageUse(e, v, handlesEntries);
          if (use.isPresent()) {
            return use;
          }
        }
      }
    }
    return Optional.empty();
  }

  /** True when {@code c} is a lookup that may return a value entry of a mapping's page cache. */
  private static boolean mayReturnValueEntry(CallExpression c) {
    String name = c.calleeName().orElse("");
    if (PageCacheEntries.isEntryLookup(name)) {
      return true;
    }
    if (PageCacheEntries.isFlagLookup(name)) {
      return PageCacheLookups.asksForEntries(c);
    }
    return PageCacheEntries.isRawLoad(name)
        && c.argument(0)
            .map(Expression::unparen)
            .filter(
                a ->
                    a instanceof UnaryExpression u
                        && u.operator().equals("&")
                        && u.operand().unparen() instanceof MemberAccess m
                        && m.member().equals(PageCacheEntries.PAGE_CACHE_FIELD))
            .isPresent();
  }

  /** A same-file helper that tells value entries apart itself ({@code folio_seek_hole_data()}). */
  private static boolean testsValues(FunctionDefinition helper) {
    return helper
        .body()
        .findFirst(CallExpression.class, c -> Matchers.isCallTo(c, ENTRY_SAFE))
        .isPresent();
  }

  /**
   * {@code v->field}, {@code folio_put(v)}, {@code unlock_page(v)}, {@code x->page = v}: the entry
   * taken for a page or folio.
   */
  private static Optional<Node> pageUse(Expression e, String v, Predicate<String> handlesEntries) {
    if (!(e instanceof Identifier || e instanceof MemberAccess)
        || !AccessPaths.of(e).filter(v::equals).isPresent()) {
      return Optional.empty();
    }
    Node p = e.parent().orElse(null);
    while (p instanceof Expression pe && AccessPaths.strip(pe) == e) {
      p = p.parent().orElse(null);
    }
    boolean asPage =
        p instanceof MemberAccess m && m.isArrow() && AccessPaths.strip(m.object()) == e
            || p instanceof CallExpression c
                && c.callee() != e
                && c.calleeName()
                    .filter(
                        n ->
                            !handlesEntries.test(n)
                                && (PAGE_FUNCTION.matcher(n).matches()
                                    || PAGE_FLAG_FUNCTION.matcher(n).matches()))
                    .isPresent()
            || p instanceof AssignExpression a
                && AccessPaths.strip(a.value()) == e
                && a.operator().equals("=")
                && AccessPaths.of(a.target())
                    .map(AccessPaths::lastMember)
                    .filter(m -> m.equals("page") || m.equals("folio"))
                    .isPresent();
    return asPage ? Optional.of(p) : Optional.empty();
  }

  /** A point that tests {@code xa_is_value(v)} or gives {@code v} another value. */
  private static boolean testsOrRedefines(Node n, String v, CallExpression source) {
    return n.stream()
        .anyMatch(
            x ->
                x instanceof CallExpression c
                        && c != source
                        && c.calleeName().filter(ENTRY_SAFE::contains).isPresent()
                        && c.argument(0).flatMap(AccessPaths::of).filter(v::equals).isPresent()
                    || x instanceof AssignExpression a
                        && !a.isAncestorOrSelf(source)
                        && AccessPaths.of(a.target()).filter(v::equals).isPresent());
  }
}
