package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.FlagTests;
import org.mmreview.ast.AstPrinter;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * One bit of a call's options word stored on the long-lived object the call works on: {@code
 * ctx->async = uffdio_wp.mode & UFFDIO_WRITEPROTECT_MODE_ASYNC_WP;} in an ioctl that write-protects
 * a range, beside {@code mode_wp = uffdio_wp.mode & ..._MODE_WP;}. The other bits of the word steer
 * this call only, this one becomes a lasting mode of the context that any later call of the ioctl
 * flips as a side effect, while the rest of the context's behaviour was agreed once (its features).
 *
 * <p>The shape, all required: a plain {@code =} into {@code obj->member} of a test of named bits of
 * a word {@code W} that is not a field of {@code obj}; {@code obj} is a pointer parameter of the
 * function (an object that outlives the call, not one it creates), seen in the definition or, for a
 * hunk cut inside the body, in the hunk's section heading; {@code W} is validated against its known
 * bits in the same function or hunk ({@code W & ~(A | B)}), the mark of a caller-supplied options
 * word; and another bit of {@code W} is used for this call only (a local, a condition).
 *
 * <p>Not reported: a setter whose options all go to the object (no bit used for the call alone);
 * options stored in an object the function allocates (its creation options); the whole word stored
 * ({@code ctx->features = features}); bits of the object's own fields (cached-flag-field's case).
 */
public final class IoctlOptionStoredInContext extends NodeRule<AssignExpression> {
  private static final Pattern BIT = Pattern.compile("[A-Z][A-Z0-9_]+");

  public IoctlOptionStoredInContext() {
    super(AssignExpression.class);
  }

  @Override
  protected void check(AssignExpression a, RuleContext ctx) {
    if (!a.operator().equals("=")
        || !(AccessPaths.strip(a.target()) instanceof MemberAccess m)
        || !m.isArrow()) {
      return;
    }
    Optional<FlagTests.FlagTest> bit = bitTest(a.value());
    Optional<String> object = AccessPaths.of(m.object());
    if (bit.isEmpty() || object.isEmpty() || !ctx.file().isAdded(a.range().beginLine())) {
      return;
    }
    String obj = object.get();
    String word = bit.get().flagsOperand();
    if (!obj.equals(AccessPaths.root(obj)) || AccessPaths.root(word).equals(obj)) {
      return;
    }
    Node scope = scope(a);
    if (scope == null
        || !passedIn(a, obj, ctx.file())
        || !validated(scope, word)
        || !usedForTheCall(scope, word, bit.get().flags(), obj)) {
      return;
    }
    RuleContext.FindingBuilder f =
        ctx.at(a)
            .arg("target", obj + "->" + m.member())
            .arg("value", AstPrinter.print(a.value()))
            .arg("word", word);
    declaration(ctx.file(), m.member())
        .ifPresent(d -> f.related(d, "the member, now a mode any call can change"));
    f.report();
  }

  /**
   * The test of named bits {@code value} is: {@code W & F}, {@code !!(W & F)}, {@code (W & F) !=
   * 0}.
   */
  private static Optional<FlagTests.FlagTest> bitTest(Expression value) {
    Expression x = AccessPaths.strip(value);
    while (x instanceof UnaryExpression u && u.operator().equals("!") && !u.isPostfix()) {
      x = AccessPaths.strip(u.operand());
    }
    if (x instanceof BinaryExpression b
        && (b.operator().equals("!=") || b.operator().equals("=="))
        && AstPrinter.print(b.right()).equals("0")) {
      x = AccessPaths.strip(b.left());
    }
    return x instanceof BinaryExpression b ? FlagTests.test(b, BIT) : Optional.empty();
  }

  /** The enclosing function, or the hunk's unit for statements cut out of one. */
  private static Node scope(Node at) {
    return at.findAncestor(FunctionDefinition.class)
        .map(Node.class::cast)
        .orElseGet(() -> at.findAncestor(CompilationUnit.class).orElse(null));
  }

  /**
   * True when {@code obj} is a pointer the function was given: a parameter of its definition or a
   * local initialised from a field of one ({@code ctx = file->private_data}), or, for a hunk cut
   * inside a body, a {@code *obj} parameter of the hunk's section heading that the hunk does not
   * declare itself.
   */
  private static boolean passedIn(Node at, String obj, ReviewedFile file) {
    Optional<FunctionDefinition> fn = at.findAncestor(FunctionDefinition.class);
    if (fn.isPresent()) {
      return isPointerParameter(fn.get(), obj)
          || fn.get()
              .body()
              .findFirst(
                  Declarator.class,
                  d ->
                      d.name().equals(obj)
                          && d.type().isPointer()
                          && d.initializer()
                              .flatMap(AccessPaths::of)
                              .filter(
                                  init ->
                                      !init.equals(AccessPaths.root(init))
                                          && isPointerParameter(fn.get(), AccessPaths.root(init)))
                              .isPresent())
              .isPresent();
    }
    Optional<String> heading = file.hunkAt(at.range().beginLine()).map(h -> h.sectionHeading());
    if (heading.isEmpty()) {
      return false;
    }
    Matcher param =
        Pattern.compile("\\*\\s*" + Pattern.quote(obj) + "\\s*[,)]").matcher(heading.get());
    Node unit = at.findAncestor(CompilationUnit.class).orElse(null);
    return param.find()
        && unit != null
        && unit.findFirst(Declarator.class, d -> d.name().equals(obj)).isEmpty();
  }

  private static boolean isPointerParameter(FunctionDefinition fn, String name) {
    return fn.parameters().stream()
        .anyMatch(p -> p.name().filter(name::equals).isPresent() && p.type().isPointer());
  }

  /** True when {@code scope} rejects unknown bits of {@code word}: {@code word & ~KNOWN}. */
  private static boolean validated(Node scope, String word) {
    return scope
        .findFirst(
            BinaryExpression.class,
            b ->
                b.operator().equals("&")
                    && (complementOf(b.left(), b.right(), word)
                        || complementOf(b.right(), b.left(), word)))
        .isPresent();
  }

  private static boolean complementOf(Expression w, Expression mask, String word) {
    return AccessPaths.of(w).filter(word::equals).isPresent()
        && AccessPaths.strip(mask) instanceof UnaryExpression u
        && u.operator().equals("~");
  }

  /**
   * True when another bit of {@code word} steers only this call: tested outside the validation and
   * not stored on {@code obj}.
   */
  private static boolean usedForTheCall(Node scope, String word, List<String> flags, String obj) {
    for (BinaryExpression b :
        scope.findAll(BinaryExpression.class, b -> b.operator().equals("&"))) {
      Optional<FlagTests.FlagTest> t = FlagTests.test(b, BIT);
      if (t.isEmpty()
          || !t.get().flagsOperand().equals(word)
          || t.get().flags().stream().anyMatch(flags::contains)) {
        continue;
      }
      Optional<AssignExpression> store = b.findAncestor(AssignExpression.class);
      boolean onObject =
          store
              .flatMap(s -> AccessPaths.of(s.target()))
              .filter(p -> AccessPaths.root(p).equals(obj))
              .isPresent();
      if (!onObject) {
        return true;
      }
    }
    return false;
  }

  /** The struct member named {@code member} declared in the file, when exactly one is. */
  private static Optional<Declarator> declaration(ReviewedFile file, String member) {
    List<Declarator> found =
        file.units().stream()
            .flatMap(
                u ->
                    u
                        .findAll(
                            Declarator.class,
                            d -> d.name().equals(member) && CachedFlagField.isMember(file, d))
                        .stream())
            .toList();
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }
}
