package org.mmreview.rules.checks;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.ast.AstPrinter;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.kernel.HugePageHints;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A fault handler that resolves the fault with a range operation over one base page at the faulting
 * address ({@code protect_range(mm, vmf->address & PAGE_MASK, PAGE_SIZE)}, a length local that is
 * {@code PAGE_SIZE}), in code that huge mappings reach (it tests {@code is_vm_hugetlb_page()}, the
 * THP hint, or sizes by {@code HPAGE_SIZE} elsewhere) and with no test of what is mapped before it:
 * a hugetlb page or a PMD-mapped THP at the address spans more than the range, which is then not
 * even aligned to the page that faulted.
 *
 * <p>The fault handler is a function given a {@code struct vm_fault *} (in a hunk cut inside a
 * body, the hunk's section heading says so); the start is {@code ->address} or {@code
 * ->real_address} of it, or a local set from them, and the length the argument right after it. Not
 * reported: a length that belongs to another start (a predicate such as {@code
 * in_range(vmf->address, base, PAGE_SIZE)}), a length counted in pages, code that tests what is
 * mapped before the call ({@code pmd_trans_huge()}, {@code folio_test_large()}, {@code
 * is_vm_hugetlb_page()}, ...), and handlers with no sign that huge mappings reach them.
 */
public final class FaultRangeBasePageOnly extends FileRule {
  private static final Pattern FAULT_PARAM = Pattern.compile("struct\\s+vm_fault\\s*\\*\\s*(\\w+)");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    for (CompilationUnit u : file.units()) {
      if (!u.source().contains("PAGE_SIZE")) {
        continue;
      }
      for (CallExpression call : u.findAll(CallExpression.class, c -> c.arguments().size() >= 2)) {
        judge(call, file, ctx);
      }
    }
  }

  private static void judge(CallExpression call, ReviewedFile file, RuleContext ctx) {
    Optional<String> fault = faultParameter(call, file);
    if (fault.isEmpty()) {
      return;
    }
    Node scope =
        call.findAncestor(FunctionDefinition.class)
            .map(Node.class::cast)
            .orElseGet(() -> call.findAncestor(CompilationUnit.class).orElse(null));
    // The length right after the start: a (start, length) or (start, end) pair, not a predicate
    // such as in_range(vmf->address, base, PAGE_SIZE) whose length belongs to another start.
    Expression start = null;
    Node pageSized = null;
    for (int i = 0; i + 1 < call.arguments().size() && pageSized == null; i++) {
      Expression a = call.arguments().get(i);
      if (faultAddress(a, fault.get(), scope)) {
        start = a;
        pageSized = basePageLength(call.arguments().get(i + 1), start, scope);
      }
    }
    if (pageSized == null) {
      return;
    }
    Node reported = pageSized;
    if (!file.isAdded(reported.range().beginLine()) && !file.isAdded(call.range().beginLine())) {
      return;
    }
    if (testsMappingBefore(scope, call.range().beginLine())) {
      return;
    }
    Optional<String> evidence = hugeEvidence(scope);
    if (evidence.isEmpty()) {
      return;
    }
    RuleContext.FindingBuilder f =
        ctx.at(reported)
            .arg("call", call.calleeName().orElse(AstPrinter.print(call.callee())))
            .arg("start", AstPrinter.print(start))
            .arg("evidence", evidence.get());
    if (reported != call) {
      f.related(call, "the range it sizes");
    }
    f.report();
  }

  /** The name of the {@code struct vm_fault *} the enclosing function (or hunk heading) takes. */
  private static Optional<String> faultParameter(Node at, ReviewedFile file) {
    Optional<FunctionDefinition> fn = at.findAncestor(FunctionDefinition.class);
    if (fn.isPresent()) {
      return fn.get().parameters().stream()
          .filter(p -> p.type().isPointer() && p.type().baseName().equals("vm_fault"))
          .map(Parameter::name)
          .flatMap(Optional::stream)
          .findFirst();
    }
    Optional<String> heading = file.hunkAt(at.range().beginLine()).map(h -> h.sectionHeading());
    if (heading.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = FAULT_PARAM.matcher(heading.get());
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * True when {@code e} reads the faulting address: {@code fault->address}, {@code
   * fault->real_address}, or a local the scope sets from one of them.
   */
  private static boolean faultAddress(Expression e, String fault, Node scope) {
    if (readsFaultAddress(e, fault)) {
      return true;
    }
    if (!(AccessPaths.strip(e) instanceof Identifier id) || scope == null) {
      return false;
    }
    String local = id.name();
    return scope
            .findFirst(
                Declarator.class,
                d ->
                    d.name().equals(local)
                        && d.initializer().filter(i -> readsFaultAddress(i, fault)).isPresent())
            .isPresent()
        || scope
            .findFirst(
                AssignExpression.class,
                a ->
                    AccessPaths.of(a.target()).filter(local::equals).isPresent()
                        && readsFaultAddress(a.value(), fault))
            .isPresent();
  }

  private static boolean readsFaultAddress(Expression e, String fault) {
    return e.findFirst(
            MemberAccess.class,
            m ->
                (m.member().equals("address") || m.member().equals("real_address"))
                    && AccessPaths.of(m.object()).filter(fault::equals).isPresent())
        .isPresent();
  }

  /**
   * Where the length {@code a} is one base page: the argument itself ({@code PAGE_SIZE}, {@code
   * start + PAGE_SIZE}), or the definition of a local length ({@code size_t len = PAGE_SIZE;}).
   */
  private static Node basePageLength(Expression a, Expression start, Node scope) {
    Expression x = AccessPaths.strip(a);
    if (isPageSize(x)) {
      return a.findAncestor(CallExpression.class).orElse(null);
    }
    if (x instanceof BinaryExpression b
        && b.operator().equals("+")
        && isPageSize(AccessPaths.strip(b.right()))
        && AstPrinter.print(b.left()).equals(AstPrinter.print(start))) {
      return a.findAncestor(CallExpression.class).orElse(null);
    }
    if (!(x instanceof Identifier id) || scope == null) {
      return null;
    }
    String local = id.name();
    Optional<Declarator> decl =
        scope.findFirst(
            Declarator.class,
            d ->
                d.name().equals(local)
                    && d.initializer()
                        .map(AccessPaths::strip)
                        .filter(i -> isPageSize(i))
                        .isPresent());
    if (decl.isPresent()) {
      return decl.get();
    }
    return scope
        .findFirst(
            AssignExpression.class,
            s ->
                s.operator().equals("=")
                    && AccessPaths.of(s.target()).filter(local::equals).isPresent()
                    && isPageSize(AccessPaths.strip(s.value())))
        .orElse(null);
  }

  private static boolean isPageSize(Expression e) {
    return e instanceof Identifier id && id.name().equals("PAGE_SIZE");
  }

  /** True when the scope asks what is mapped before {@code line}. */
  private static boolean testsMappingBefore(Node scope, int line) {
    return scope != null
        && scope
            .findFirst(
                CallExpression.class,
                c ->
                    c.range().beginLine() < line
                        && c.calleeName().filter(HugePageHints::mappingFact).isPresent())
            .isPresent();
  }

  /** What shows that huge mappings reach the scope: a mapping test, the hint, a huge extent. */
  private static Optional<String> hugeEvidence(Node scope) {
    if (scope == null) {
      return Optional.empty();
    }
    Optional<String> test =
        scope
            .findFirst(
                CallExpression.class,
                c -> c.calleeName().filter(HugePageHints::mappingFact).isPresent())
            .flatMap(CallExpression::calleeName)
            .map(n -> n + "()");
    if (test.isPresent()) {
      return test;
    }
    return scope
        .findFirst(
            Identifier.class,
            i ->
                HugePageHints.hintOn(i.name())
                    || HugePageHints.hintOff(i.name())
                    || HugePageHints.hugeExtent(i.name()))
        .map(Identifier::name);
  }
}
