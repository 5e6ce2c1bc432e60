package org.mmreview.rules.checks;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.FlagTests;
import org.mmreview.analysis.Matchers;
import org.mmreview.analysis.VmaFlagsApi;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.DoWhileStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.ast.stmt.WhileStatement;
import org.mmreview.kernel.KernelEras;
import org.mmreview.kernel.VmaPredicateTable;
import org.mmreview.kernel.VmaPredicateTable.Predicate;
import org.mmreview.review.PatchScope;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.Fact;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A VMA property tested by hand where the kernel names it with a helper that the file (or the
 * patch) already calls: {@code !vma->vm_ops} for {@code vma_is_anonymous()}, {@code vma->vm_flags &
 * VM_HUGETLB} for {@code is_vm_hugetlb_page()}, {@code vma->vm_ops == &shmem_vm_ops} for {@code
 * vma_is_shmem()}; the rows are data ({@link VmaPredicateTable}).
 *
 * <p>Era-aware as vma-flags-legacy-test: a helper counts only when the reviewed file or the patch
 * calls it, which also proves it exists in that tree. Not reported: the helper's own definition; a
 * NULL test of {@code vma->vm_ops} whose own condition or branches use the ops ({@code vma->vm_ops
 * && vma->vm_ops->close}), which is a dereference guard and not a question about anonymity; masked
 * flags compared or stored as flag values.
 */
public final class OpenCodedVmaPredicate extends FileRule {
  private static final VmaPredicateTable TABLE = VmaPredicateTable.defaults();
  private static final KernelEras ERAS = KernelEras.defaults();

  private static final Pattern FLAG = Pattern.compile("_*VM_[A-Z0-9_]+");

  /** The table's helper names. */
  private static final Set<String> HELPER_NAMES =
      TABLE.predicates().stream().map(Predicate::helper).collect(Collectors.toUnmodifiableSet());

  /** The helpers of the table called in the reviewed file (as far as it is known) or the patch. */
  private static final Fact<Set<String>> HELPERS_IN_USE =
      Fact.perFile(
          ctx -> {
            Set<String> used = new LinkedHashSet<>();
            for (CompilationUnit u : ctx.file().units()) {
              collectCalls(VmaFlagsApi.stripComments(u.source()), used);
            }
            collectCalls(
                VmaFlagsApi.stripComments(String.join("\n", ctx.file().patch().addedLines())),
                used);
            return Set.copyOf(used);
          });

  /** A patch (by identity: it is immutable) and the helpers its lines prove the tree has. */
  private record LastPatch(PatchScope patch, Set<String> inTree) {}

  /**
   * {@link #HELPERS_IN_TREE}'s answer for the patch this thread judged last: it reads the patch
   * alone, and a patch's files are judged one after another, so the files after the first take it
   * from here rather than joining and scanning every line of the patch again.
   */
  private static final ThreadLocal<LastPatch> LAST_PATCH = new ThreadLocal<>();

  /**
   * In a hunk-only review, the helpers the tree has though the hunks do not call them: the patch
   * names an API younger than the helper ({@link KernelEras}). Hunks show too little of the file to
   * see its calls, and new code is where reviewers ask for the helper.
   */
  private static final Fact<Set<String>> HELPERS_IN_TREE =
      Fact.perFile(
          ctx -> {
            if (!ctx.file().partial()) {
              return Set.of();
            }
            PatchScope p = ctx.file().patch();
            LastPatch last = LAST_PATCH.get();
            if (last != null && last.patch() == p) {
              return last.inTree();
            }
            String seen =
                String.join("\n", p.addedLines())
                    + "\n"
                    + String.join("\n", p.contextLines())
                    + "\n"
                    + String.join("\n", p.removedLines());
            Set<String> inTree = ERAS.provenBy(HELPER_NAMES, seen);
            LAST_PATCH.set(new LastPatch(p, inTree));
            return inTree;
          });

  /**
   * Each identifier followed by {@code (} that names a helper of the table. A scan rather than one
   * regex alternation of every helper name: the alternation tried each name at each character of
   * whole files, one of the audit's largest costs per reviewed patch. The scan reads a {@code
   * char[]} copy: a text with one character beyond Latin-1 is stored as UTF-16, and there every
   * {@code String.charAt} paid a coder test and a bounds check (most of this rule's profile).
   */
  private static void collectCalls(String source, Set<String> used) {
    char[] text = source.toCharArray();
    int n = text.length;
    int i = 0;
    while (i < n) {
      char c = text[i];
      if (!isIdentifierStart(c)) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isIdentifierPart(text[i])) {
        i++;
      }
      if (start > 0 && isIdentifierPart(text[start - 1])) {
        continue; // the tail of a number such as 0x1f
      }
      int j = i;
      while (j < n && Character.isWhitespace(text[j])) {
        j++;
      }
      if (j < n && text[j] == '(') {
        String name = new String(text, start, i - start);
        if (HELPER_NAMES.contains(name)) {
          used.add(name);
        }
      }
    }
  }

  /**
   * {@link Character#isJavaIdentifierStart} and {@link Character#isJavaIdentifierPart} of each
   * ASCII character, taken from those methods: the same answers as calling them, without their
   * table look-ups on the characters that make up nearly all of a C file.
   */
  private static final boolean[] ASCII_START = new boolean[128];

  private static final boolean[] ASCII_PART = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_START[c] = Character.isJavaIdentifierStart(c);
      ASCII_PART[c] = Character.isJavaIdentifierPart(c);
    }
  }

  private static boolean isIdentifierStart(char c) {
    return c < 128 ? ASCII_START[c] : Character.isJavaIdentifierStart(c);
  }

  private static boolean isIdentifierPart(char c) {
    return c < 128 ? ASCII_PART[c] : Character.isJavaIdentifierPart(c);
  }

  /** One open-coded test: the expression to replace, the helper, the VMA and the polarity. */
  private record OpenCoded(
      Expression expression, Predicate predicate, String vma, boolean negated, boolean byFile) {
    OpenCoded(Expression expression, Predicate predicate, String vma, boolean negated) {
      this(expression, predicate, vma, negated, false);
    }

    String replacement() {
      return (negated ? "!" : "") + predicate.helper() + "(" + vma + ")";
    }
  }

  /**
   * Whole functions and, in a hunk-only review, the statements of a hunk that shows a function's
   * middle: both are judged, so the rule walks the units rather than the function definitions.
   */
  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    // every candidate is an access to ->vm_ops, ->vm_flags or ->vm_file: without one of these
    // words in the file's text there is none, and the helper scan is not worth its cost
    if (file.units().stream()
        .map(CompilationUnit::source)
        .noneMatch(t -> t.contains("vm_ops") || t.contains("vm_flags") || t.contains("vm_file"))) {
      return;
    }
    Set<String> seen = ctx.get(HELPERS_IN_USE);
    Set<String> inTree = ctx.get(HELPERS_IN_TREE);
    if (seen.isEmpty() && inTree.isEmpty()) {
      return;
    }
    Set<String> used = new LinkedHashSet<>(seen);
    used.addAll(inTree);
    for (CompilationUnit unit : file.units()) {
      for (MemberAccess m : unit.findAll(MemberAccess.class, x -> x.member().equals("vm_ops"))) {
        opsTest(m, used).ifPresent(t -> report(t, seen, used, ctx));
      }
      for (BinaryExpression b : unit.findAll(BinaryExpression.class)) {
        flagTest(b).ifPresent(t -> report(t, seen, used, ctx));
      }
      for (MemberAccess m : unit.findAll(MemberAccess.class, x -> x.member().equals("vm_file"))) {
        fileTest(m).ifPresent(t -> report(t, seen, used, ctx));
      }
    }
  }

  private static void report(OpenCoded t, Set<String> seen, Set<String> used, RuleContext ctx) {
    String helper = t.predicate().helper();
    boolean inDefinition =
        t.expression()
            .findAncestor(FunctionDefinition.class)
            .filter(f -> f.name().equals(helper))
            .isPresent();
    if (!used.contains(helper) || inDefinition) {
      return;
    }
    RuleContext.FindingBuilder f = ctx.at(t.expression());
    if (t.byFile()) {
      f.variant("by_file").arg("vma", t.vma());
    } else if (!seen.contains(helper)) {
      f.variant("in_tree");
    }
    f.arg("expression", t.expression().compactText())
        .arg("helper", helper)
        .arg("replacement", t.replacement())
        .report();
  }

  /**
   * {@code !vma->vm_ops}, {@code vma->vm_ops == NULL}, a bare {@code vma->vm_ops} as a condition,
   * or {@code vma->vm_ops == &some_vm_ops} for an ops table of a helper the file uses.
   */
  private static Optional<OpenCoded> opsTest(MemberAccess m, Set<String> used) {
    Optional<String> path = AccessPaths.of(m);
    if (path.isEmpty()) {
      return Optional.empty();
    }
    String vma = m.object().compactText();
    Expression cur = ParenExpression.enclosing(m);
    Node parent = cur.parent().orElse(null);
    if (parent instanceof BinaryExpression b
        && (b.operator().equals("==") || b.operator().equals("!="))) {
      Expression other = b.left() == cur ? b.right() : b.left();
      boolean eq = b.operator().equals("==");
      if (Matchers.isNull(other)) {
        return missingOps(b, vma, !eq, path.get());
      }
      Expression o = AccessPaths.strip(other);
      if (o instanceof UnaryExpression u
          && u.operator().equals("&")
          && AccessPaths.of(u.operand()).isPresent()) {
        String ops = AccessPaths.of(u.operand()).get();
        // The narrowest helper the file uses: `== &shmem_vm_ops` is part of vma_is_shmem().
        return TABLE.forOps(ops).stream()
            .filter(p -> used.contains(p.helper()))
            .findFirst()
            .map(p -> new OpenCoded(b, p, vma, !eq));
      }
      return Optional.empty();
    }
    if (parent instanceof UnaryExpression u && u.operator().equals("!")) {
      return missingOps(u, vma, false, path.get());
    }
    if (isTruthTest(cur)) {
      return missingOps(cur, vma, true, path.get());
    }
    return Optional.empty();
  }

  /**
   * A NULL test of {@code vma->vm_ops} ({@code negated}: it asks for non-NULL), unless the ops are
   * used after it: then it guards that use, and {@code vma_is_anonymous()} would hide why.
   */
  private static Optional<OpenCoded> missingOps(
      Expression test, String vma, boolean negated, String opsPath) {
    Optional<Predicate> p = TABLE.forMissingOps();
    if (p.isEmpty()) {
      return Optional.empty();
    }
    Node guarded = guardedRegion(test);
    boolean usesOps =
        !guarded
            .findAll(
                MemberAccess.class,
                x ->
                    !test.isAncestorOrSelf(x)
                        && (AccessPaths.of(x.object()).filter(opsPath::equals).isPresent()
                            || x.member().equals("vm_ops")
                                && AccessPaths.of(x).filter(opsPath::equals).isPresent()
                                && !isNullTest(x)))
            .isEmpty();
    if (usesOps) {
      return Optional.empty();
    }
    return Optional.of(new OpenCoded(test, p.get(), vma, negated));
  }

  /**
   * What a NULL test of the ops directly guards: the whole condition it is part of ({@code
   * vma->vm_ops && vma->vm_ops->close}, {@code vma->vm_ops ? vma->vm_ops->x : NULL}) and, for an
   * {@code if}, both branches. A use of the ops there makes the test a dereference guard. An early
   * return followed by a use is not one: the kernel asks {@code vma_is_anonymous()} there ({@code
   * create_huge_pmd()}).
   */
  private static Node guardedRegion(Expression test) {
    Node cur = test;
    while (cur.parent().orElse(null) instanceof Expression e
        && (e instanceof ParenExpression
            || e instanceof ConditionalExpression
            || e instanceof UnaryExpression u && u.operator().equals("!")
            || e instanceof BinaryExpression b
                && (b.operator().equals("&&") || b.operator().equals("||")))) {
      cur = e;
    }
    Node parent = cur.parent().orElse(null);
    return parent instanceof IfStatement i && i.condition() == cur ? i : cur;
  }

  private static boolean isNullTest(MemberAccess x) {
    Expression cur = ParenExpression.enclosing(x);
    Node parent = cur.parent().orElse(null);
    if (parent instanceof UnaryExpression u && u.operator().equals("!")) {
      return true;
    }
    if (parent instanceof BinaryExpression b
        && (b.operator().equals("==") || b.operator().equals("!="))) {
      return Matchers.isNull(b.left() == cur ? b.right() : b.left());
    }
    return isTruthTest(cur);
  }

  /**
   * {@code vma->vm_file} as the answer to "is this VMA anonymous?": tested ({@code if
   * (vma->vm_file)}, {@code !vma->vm_file}, {@code == NULL}) or kept in a {@code bool}, where the
   * branch taken without a file does what only an anonymous VMA needs (anonymous rmap, {@code
   * anon_vma_prepare()}). A test guarding a use of the file ({@code if (vma->vm_file)
   * get_file(vma->vm_file);}) has no such branch and is not one.
   */
  private static Optional<OpenCoded> fileTest(MemberAccess m) {
    Optional<Predicate> anon = TABLE.forMissingOps();
    if (anon.isEmpty() || AccessPaths.of(m).isEmpty()) {
      return Optional.empty();
    }
    String vma = m.object().compactText();
    Expression cur = ParenExpression.enclosing(m);
    Node parent = cur.parent().orElse(null);
    Expression test = cur;
    boolean hasFile = true;
    if (parent instanceof UnaryExpression u && u.operator().equals("!")) {
      test = u;
      hasFile = false;
    } else if (parent instanceof BinaryExpression b
        && (b.operator().equals("==") || b.operator().equals("!="))
        && Matchers.isNull(b.left() == cur ? b.right() : b.left())) {
      test = b;
      hasFile = b.operator().equals("!=");
    } else if (parent instanceof Declarator d && d.type().text().contains("bool")) {
      boolean decides =
          cur.findAncestor(FunctionDefinition.class).stream()
              .flatMap(f -> f.findAll(IfStatement.class).stream())
              .anyMatch(i -> decidesAnonymous(i, d.name()));
      return decides
          ? Optional.of(new OpenCoded(cur, anon.get(), vma, true, true))
          : Optional.empty();
    }
    Node around = ParenExpression.enclosing(test).parent().orElse(null);
    if (around instanceof IfStatement i
        && i.condition() == ParenExpression.enclosing(test)
        && anonymousBranch(i, hasFile).filter(OpenCodedVmaPredicate::doesAnonWork).isPresent()) {
      return Optional.of(new OpenCoded(test, anon.get(), vma, hasFile, true));
    }
    return Optional.empty();
  }

  /** {@code if (local)} or {@code if (!local)} whose branch without a file does anonymous work. */
  private static boolean decidesAnonymous(IfStatement i, String local) {
    Expression c = AccessPaths.strip(i.condition());
    boolean hasFile = true;
    if (c instanceof UnaryExpression u && u.operator().equals("!")) {
      c = AccessPaths.strip(u.operand());
      hasFile = false;
    }
    return c instanceof Identifier id
        && id.name().equals(local)
        && anonymousBranch(i, hasFile).filter(OpenCodedVmaPredicate::doesAnonWork).isPresent();
  }

  /** The branch of {@code i} taken when the VMA has no file. */
  private static Optional<Statement> anonymousBranch(IfStatement i, boolean conditionHasFile) {
    return conditionHasFile ? i.elseStatement() : Optional.of(i.thenStatement());
  }

  private static boolean doesAnonWork(Node branch) {
    Set<String> anonOnly = VmaPredicateTable.anonymousOnlyCalls();
    return !branch
        .findAll(CallExpression.class, c -> c.calleeName().filter(anonOnly::contains).isPresent())
        .isEmpty();
  }

  /** {@code x} used as a truth value: an if/while condition, an operand of &&, ||, or ?:. */
  private static boolean isTruthTest(Expression x) {
    Node parent = x.parent().orElse(null);
    return (parent instanceof IfStatement i && i.condition() == x)
        || (parent instanceof WhileStatement w && w.condition() == x)
        || (parent instanceof DoWhileStatement d && d.condition() == x)
        || (parent instanceof ConditionalExpression c && c.condition() == x)
        || (parent instanceof BinaryExpression b
            && (b.operator().equals("&&") || b.operator().equals("||")));
  }

  /** {@code vma->vm_flags & FLAG} for a flag the table names, used as a truth value. */
  private static Optional<OpenCoded> flagTest(BinaryExpression b) {
    Optional<FlagTests.FlagTest> test = FlagTests.test(b, FLAG);
    if (test.isEmpty() || test.get().flags().size() != 1) {
      return Optional.empty();
    }
    String source = test.get().flagsSource();
    if (!AccessPaths.lastMember(source).equals("vm_flags")
        || source.equals(AccessPaths.root(source))) {
      return Optional.empty();
    }
    Optional<Predicate> p = TABLE.forFlag(test.get().flags().get(0));
    if (p.isEmpty()) {
      return Optional.empty();
    }
    String vma =
        source.substring(
            0, source.length() - "vm_flags".length() - (source.endsWith("->vm_flags") ? 2 : 1));
    Expression cur = ParenExpression.enclosing(b);
    Node parent = cur.parent().orElse(null);
    boolean negated = false;
    Expression whole = b;
    if (parent instanceof UnaryExpression u && u.operator().equals("!")) {
      negated = true;
      whole = u;
    } else if (parent instanceof BinaryExpression cmp
        && (cmp.operator().equals("==") || cmp.operator().equals("!="))) {
      Expression other = cmp.left() == cur ? cmp.right() : cmp.left();
      if (!(AccessPaths.strip(other) instanceof Literal l && l.value().equals("0"))) {
        return Optional.empty(); // flags compared with flags: a value, not a test
      }
      negated = cmp.operator().equals("==");
      whole = cmp;
    } else if (storedAsFlags(cur, parent)) {
      return Optional.empty();
    }
    return Optional.of(new OpenCoded(whole, p.get(), vma, negated));
  }

  /** A masked copy kept as flags ({@code vm_flags_t f = vma->vm_flags & VM_UFFD_WP;}). */
  private static boolean storedAsFlags(Expression cur, Node parent) {
    if (parent instanceof Declarator d) {
      return isFlagsType(d.type().text());
    }
    if (parent instanceof AssignExpression a && a.value() == cur) {
      String target = a.target().compactText();
      if (!a.operator().equals("=")) {
        return true; // flags |= vma->vm_flags & VM_FOO
      }
      List<Declarator> decls =
          cur.findAncestor(FunctionDefinition.class)
              .map(f -> f.findAll(Declarator.class, d -> d.name().equals(target)))
              .orElse(List.of());
      return decls.stream().anyMatch(d -> isFlagsType(d.type().text()));
    }
    return false;
  }

  private static boolean isFlagsType(String type) {
    return type.contains("vm_flags_t") || type.contains("long");
  }
}
