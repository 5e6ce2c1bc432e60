package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.DominatingFacts;
import org.mmreview.analysis.Matchers;
import org.mmreview.analysis.PageSubjects;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * An {@code if} that maps a page either as a page-cache page ({@code page_add_file_rmap()}, {@code
 * folio_add_file_rmap_pte()}) or as a new anonymous page ({@code page_add_new_anon_rmap()}, {@code
 * folio_add_new_anon_rmap()}), deciding by a test that cannot tell which the page is: the vma's
 * kind ({@code vma_is_shmem()}, {@code vma_is_anonymous()}, {@code vma->vm_file}), or the page's
 * own {@code PageAnon()}/{@code folio_test_anon()}, which a new page gets only from the anon rmap
 * call the test is choosing. A private mapping of a file takes new anonymous (CoW) pages, so the
 * vma says nothing about the page; the page-cache page is the one with {@code page->mapping} set.
 * Hugh Dickins: "No, that gets case 2 wrong: use if (page_in_cache) instead", with {@code
 * page_in_cache = page->mapping} "because an anonymous page does not at this point have
 * page->mapping set, and does not yet satisfy PageAnon(page)".
 */
public final class RmapChoiceCondition extends NodeRule<IfStatement> {
  /** Calls that make a new page anonymous; argument 0 is the page or folio. */
  private static final Set<String> NEW_ANON_RMAPS =
      Set.of(
          "page_add_new_anon_rmap",
          "folio_add_new_anon_rmap",
          "hugetlb_add_new_anon_rmap",
          "hugepage_add_new_anon_rmap");

  /** Calls that map a page of the page cache; argument 0 is the page or folio. */
  private static final Set<String> FILE_RMAPS =
      Set.of(
          "page_add_file_rmap",
          "folio_add_file_rmap_pte",
          "folio_add_file_rmap_ptes",
          "folio_add_file_rmap_pmd",
          "folio_add_file_rmap_pud",
          "hugetlb_add_file_rmap");

  /** Predicates on what a vma maps, not on a page mapped into it. */
  private static final Set<String> VMA_KIND =
      Set.of("vma_is_shmem", "vma_is_anonymous", "vma_is_dax", "vma_is_fsdax");

  /** Predicates on a page's anon-ness, which a new page gets only from its anon rmap call. */
  private static final Set<String> PAGE_ANON = Set.of("PageAnon", "folio_test_anon");

  public RmapChoiceCondition() {
    super(IfStatement.class);
  }

  @Override
  protected void check(IfStatement i, RuleContext ctx) {
    Optional<Statement> els = i.elseStatement();
    if (els.isEmpty()) {
      return;
    }
    Optional<CallExpression> anon = rmap(i.thenStatement(), NEW_ANON_RMAPS);
    Optional<CallExpression> file = rmap(els.get(), FILE_RMAPS);
    if (anon.isEmpty() || file.isEmpty()) {
      anon = rmap(els.get(), NEW_ANON_RMAPS);
      file = rmap(i.thenStatement(), FILE_RMAPS);
    }
    if (anon.isEmpty() || file.isEmpty()) {
      return;
    }
    Optional<String> page = anon.get().argument(0).flatMap(PageSubjects::of);
    if (page.isEmpty() || !file.get().argument(0).flatMap(PageSubjects::of).equals(page)) {
      return;
    }
    List<Expression> atoms = DominatingFacts.leaves(i.condition());
    boolean vmaKind = false;
    boolean pageAnon = false;
    for (Expression atom : atoms) {
      if (isPageAnon(atom, page.get())) {
        pageAnon = true;
      } else if (isVmaKind(atom, i)) {
        vmaKind = true;
      } else {
        return; // another fact (VM_SHARED, a write fault, the page's mapping) takes part
      }
    }
    if (!vmaKind && !pageAnon) {
      return;
    }
    RuleContext.FindingBuilder finding = ctx.at(i.condition());
    if (pageAnon) {
      finding.variant("page_anon");
    }
    finding
        .arg("condition", i.condition().text().strip())
        .arg("page", page.get())
        .arg("anon", anon.get().calleeName().orElseThrow())
        .arg("file", file.get().calleeName().orElseThrow())
        .related(anon.get(), "the page is made anonymous only here")
        .report();
  }

  private static Optional<CallExpression> rmap(Statement branch, Set<String> names) {
    return branch.findFirst(CallExpression.class, c -> Matchers.isCallTo(c, names));
  }

  private static boolean isPageAnon(Expression atom, String page) {
    return atom instanceof CallExpression c
        && Matchers.isCallTo(c, PAGE_ANON)
        && c.argument(0).flatMap(PageSubjects::of).filter(page::equals).isPresent();
  }

  /**
   * {@code vma_is_shmem(v)}, {@code v->vm_file} (or compared with NULL), or a local initialised
   * from one of those ({@code bool file_backed = vma->vm_file;}).
   */
  private static boolean isVmaKind(Expression atom, Node at) {
    Expression x = Matchers.stripBranchHints(atom);
    if (x instanceof BinaryExpression b
        && (b.operator().equals("==") || b.operator().equals("!="))
        && (Matchers.isNull(b.right()) || Matchers.isNull(b.left()))) {
      x = Matchers.stripBranchHints(Matchers.isNull(b.right()) ? b.left() : b.right());
    }
    if (x instanceof CallExpression c) {
      return Matchers.isCallTo(c, VMA_KIND);
    }
    if (x instanceof MemberAccess m) {
      return m.member().equals("vm_file");
    }
    if (x instanceof Identifier id) {
      Optional<FunctionDefinition> fn = at.findAncestor(FunctionDefinition.class);
      if (fn.isEmpty()) {
        return false;
      }
      List<Declarator> decls = fn.get().findAll(Declarator.class, d -> d.name().equals(id.name()));
      return decls.size() == 1
          && decls.get(0).initializer().filter(v -> !(v instanceof Identifier)).isPresent()
          && isVmaKind(decls.get(0).initializer().get(), at)
          && fn.get()
              .findAll(
                  AssignExpression.class,
                  a -> AccessPaths.of(a.target()).filter(id.name()::equals).isPresent())
              .isEmpty();
    }
    return false;
  }
}
