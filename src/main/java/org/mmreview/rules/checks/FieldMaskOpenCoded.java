package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.AstPrinter;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.CaseStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.SwitchStatement;
import org.mmreview.kernel.HugePageHints;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A multi-valued field of a packed word that the patch defines ({@code #define FOO_MODE_MASK ...}
 * on an added line) read by hand at its users: {@code int mode = flags & FOO_MODE_MASK;} then
 * {@code mode == FOO_MODE_COPY}, or {@code (flags & FOO_MODE_MASK) == FOO_MODE_CONTINUE}. A reader
 * cannot tell from the site whether the field sits at bit 0 or needs a shift, and every user
 * repeats the layout; a getter named after the field ({@code foo_get_mode(flags)}) states what it
 * returns and keeps the layout in one place.
 *
 * <p>In a whole-file review the mask must be defined in the file itself. A value counts as the
 * field when it is compared ({@code ==}, {@code !=}, {@code switch}) with a named constant,
 * directly or through the local it is stored in. Not reported: masks the patch does not define (an
 * established layout such as {@code flags & MAP_TYPE}), address masks ({@code PAGE_MASK}, {@code
 * PMD_MASK}, ...), a word shifted in place ({@code (x >> s) & MASK}), a comparison with the mask
 * itself (all bits set), a site in an assertion or that is the whole body of a one-statement
 * function (the accessor itself), tests against zero (a set of bits, not a value), and files that
 * already have a getter ({@code return x & FOO_MODE_MASK;}). One finding per file, on the first
 * site, with the others as related locations.
 */
public final class FieldMaskOpenCoded extends FileRule {
  private static final Pattern MASK = Pattern.compile("[A-Z][A-Z0-9_]*_MASK");
  private static final Pattern CONSTANT = Pattern.compile("[A-Z][A-Z0-9_]*");

  /** A name in a macro body (not a number's suffix such as the UL of 0x3UL). */
  private static final Pattern COMPOSED =
      Pattern.compile("(?<![0-9A-Za-z_])[A-Za-z_][A-Za-z0-9_]*");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    if (file.units().stream().noneMatch(u -> u.source().contains("_MASK"))) {
      return;
    }
    List<Site> sites = new ArrayList<>();
    for (CompilationUnit u : file.units()) {
      for (BinaryExpression b : u.findAll(BinaryExpression.class, b -> b.operator().equals("&"))) {
        mask(b)
            .filter(m -> file.isAdded(b.range().beginLine()))
            .filter(m -> !shifted(b) && !Matchers.insideAssertion(b) && !isAccessor(b))
            .filter(m -> definedByPatch(m, file, ctx))
            .flatMap(m -> comparedValue(b, file).map(c -> new Site(b, m, c)))
            .ifPresent(sites::add);
      }
    }
    if (sites.isEmpty()) {
      return;
    }
    sites.sort(Comparator.comparingInt(x -> x.extraction().range().beginLine()));
    Site first = sites.get(0);
    if (hasGetter(file, first.mask())) {
      return;
    }
    RuleContext.FindingBuilder f = ctx.at(first.extraction());
    if (!file.diffAware()) {
      f = f.variant("file");
    }
    f.arg("extraction", AstPrinter.print(first.extraction()))
        .arg("mask", first.mask())
        .arg("constant", first.constant());
    for (Site s : sites.subList(1, sites.size())) {
      if (s.mask().equals(first.mask())) {
        f.related(s.extraction(), "the same field read by hand again");
      }
    }
    f.report();
  }

  /** A site: the {@code &}, the mask it applies and a constant the result is compared with. */
  private record Site(BinaryExpression extraction, String mask, String constant) {}

  /** The {@code *_MASK} one side of {@code b} names, when it is not an address mask. */
  private static Optional<String> mask(BinaryExpression b) {
    for (Expression side : List.of(b.left(), b.right())) {
      if (AccessPaths.strip(side) instanceof Identifier id
          && MASK.matcher(id.name()).matches()
          && !id.name().contains("PAGE")
          && !HugePageHints.hugeExtent(id.name())) {
        return Optional.of(id.name());
      }
    }
    return Optional.empty();
  }

  /**
   * True when the patch adds the mask's {@code #define} (in a whole-file review, when the file
   * defines it) and composes it from other names ({@code (FOO_BIT(0) - 1)}, {@code GENMASK(..)}): a
   * literal {@code 0x3} shows its layout at a glance.
   */
  /** True when the word is shifted in place ({@code (x >> shift) & MASK}): the layout is shown. */
  private static boolean shifted(BinaryExpression b) {
    return AccessPaths.strip(b.left()) instanceof BinaryExpression l && l.operator().equals(">>")
        || AccessPaths.strip(b.right()) instanceof BinaryExpression r && r.operator().equals(">>");
  }

  /**
   * True when {@code b} is what a one-statement function returns (read or compared): that function
   * is the accessor a reviewer asks for ({@code return (urb->flags & URB_DIR_MASK) ==
   * URB_DIR_IN;}).
   */
  private static boolean isAccessor(BinaryExpression b) {
    Optional<ReturnStatement> r = b.findAncestor(ReturnStatement.class);
    Optional<FunctionDefinition> fn = b.findAncestor(FunctionDefinition.class);
    return r.isPresent()
        && fn.isPresent()
        && fn.get().body().statements().size() == 1
        && fn.get().body().statements().get(0) == r.get();
  }

  private static boolean definedByPatch(String mask, ReviewedFile file, RuleContext ctx) {
    Pattern define = Pattern.compile("#\\s*define\\s+" + Pattern.quote(mask) + "\\b(.*)");
    Stream<String> lines =
        file.diffAware()
            ? file.patch().addedLines().stream()
            : file.units().stream()
                .flatMap(u -> u.firstPreprocessorLineNaming(mask).stream())
                .filter(pp -> pp.directive() == PreprocessorLine.Directive.DEFINE)
                .map(PreprocessorLine::text);
    return lines
        .map(define::matcher)
        .filter(Matcher::find)
        .anyMatch(m -> COMPOSED.matcher(m.group(1)).find());
  }

  /**
   * The named constant the value of {@code b} is compared with: {@code (b) == K}, {@code switch
   * (b)} with a {@code case K:}, or the same through a local it initialises or is assigned to.
   */
  private static Optional<String> comparedValue(BinaryExpression b, ReviewedFile file) {
    Node top = b;
    while (top.parent().orElse(null) instanceof Expression p && AccessPaths.strip(p) == b) {
      top = p;
    }
    Node holder = top.parent().orElse(null);
    Optional<String> direct = constantComparedWith(holder, top);
    if (direct.isPresent()) {
      return direct;
    }
    String local = null;
    if (holder instanceof Declarator d) {
      local = d.name();
    } else if (holder instanceof AssignExpression a
        && a.operator().equals("=")
        && AccessPaths.strip(a.target()) instanceof Identifier id) {
      local = id.name();
    }
    if (local == null) {
      return Optional.empty();
    }
    String name = local;
    // The hunks of one function may reach the rules as separate units: look in all of the file's.
    return file.units().stream()
        .flatMap(u -> u.findAll(Identifier.class, i -> i.name().equals(name)).stream())
        .map(use -> constantComparedWith(use.parent().orElse(null), use))
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static Optional<String> constantComparedWith(Node holder, Node value) {
    if (holder instanceof BinaryExpression c
        && (c.operator().equals("==") || c.operator().equals("!="))) {
      Expression other = c.left() == value ? c.right() : c.left();
      if (AccessPaths.strip(other) instanceof Identifier k
          && CONSTANT.matcher(k.name()).matches()
          && !MASK.matcher(k.name()).matches()) {
        return Optional.of(k.name());
      }
    }
    if (holder instanceof SwitchStatement s && s.selector() == value) {
      return s.body()
          .findFirst(
              CaseStatement.class,
              c ->
                  AccessPaths.strip(c.value()) instanceof Identifier k
                      && CONSTANT.matcher(k.name()).matches())
          .map(c -> ((Identifier) AccessPaths.strip(c.value())).name());
    }
    return Optional.empty();
  }

  /** True when a function of the file returns {@code x & mask} itself: a getter exists. */
  private static boolean hasGetter(ReviewedFile file, String mask) {
    return file.units().stream()
        .anyMatch(
            u ->
                u.findFirst(
                        ReturnStatement.class,
                        r ->
                            r.value()
                                .map(AccessPaths::strip)
                                .filter(
                                    v ->
                                        v instanceof BinaryExpression b
                                            && b.operator().equals("&")
                                            && mask(b).filter(mask::equals).isPresent())
                                .isPresent())
                    .isPresent());
  }
}
