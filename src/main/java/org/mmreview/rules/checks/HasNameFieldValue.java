package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A new predicate named with "has" ({@code uffd_flags_has_mode()}) whose result is a masked
 * equality, {@code (flags & MODE_MASK) == mode}: it reads a field that holds one value at a time
 * and compares it with one value. "Has" is the word of a set of bits, several of which may be on
 * together ({@code vma_has_recency()}, {@code folio_has_private()}); on an exclusive field it makes
 * the reader believe that two modes can be set at once, and the next patch ORs a second one in.
 * Peter Xu: "'has' sounds a bit like there can be &gt;1 modes set but it's not".
 *
 * <p>Silent when the compared value is the mask itself ({@code (f & A) == A}: all of those bits, a
 * set test) or zero ({@code (f & A) != 0}: any of them), and on names the pre-image held.
 */
public final class HasNameFieldValue extends FileRule {

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    for (CompilationUnit unit : file.units()) {
      for (FunctionDefinition fn : unit.functions()) {
        if (!hasPart(fn.name())
            || !Naming.introduced(
                file,
                fn.name(),
                fn.range().beginLine(),
                Math.max(fn.range().beginLine(), fn.body().range().beginLine()))) {
          continue;
        }
        fieldComparison(fn)
            .ifPresent(
                cmp -> {
                  BinaryExpression masked = (BinaryExpression) AccessPaths.strip(maskedSide(cmp));
                  ctx.at(Naming.nameLine(unit, fn))
                      .arg("name", fn.name())
                      .arg("comparison", cmp.compactText())
                      .arg("mask", AccessPaths.strip(masked.right()).compactText())
                      .arg("suggestion", rename(fn.name()))
                      .related(cmp, "one value of the field compared here")
                      .report();
                });
      }
    }
  }

  private static boolean hasPart(String name) {
    for (String part : name.toLowerCase(Locale.ROOT).split("_")) {
      if (part.equals("has")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The masked equality a return of the function gives (as the whole value or one operand of {@code
   * &&}/{@code ||}): {@code (x & MASK) == v} or {@code !=}, with {@code v} neither the mask nor
   * zero.
   */
  private static Optional<BinaryExpression> fieldComparison(FunctionDefinition fn) {
    for (ReturnStatement r : fn.body().findAll(ReturnStatement.class)) {
      if (r.value().isEmpty()) {
        continue;
      }
      List<Expression> terms = new ArrayList<>();
      operands(AccessPaths.strip(r.value().get()), terms);
      for (Expression t : terms) {
        if (t instanceof BinaryExpression b
            && (b.operator().equals("==") || b.operator().equals("!="))
            && maskedSide(b) != null) {
          BinaryExpression masked = (BinaryExpression) AccessPaths.strip(maskedSide(b));
          Expression value = AccessPaths.strip(b.left() == maskedSide(b) ? b.right() : b.left());
          String v = value.compactText();
          if (!(value instanceof Literal)
              && !v.equals(AccessPaths.strip(masked.right()).compactText())
              && !v.equals(AccessPaths.strip(masked.left()).compactText())) {
            return Optional.of(b);
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The operands of a chain of {@code &&}/{@code ||}, or the test of a {@code ?:} (the expression
   * itself otherwise).
   */
  private static void operands(Expression e, List<Expression> out) {
    if (e instanceof BinaryExpression b
        && (b.operator().equals("&&") || b.operator().equals("||"))) {
      operands(AccessPaths.strip(b.left()), out);
      operands(AccessPaths.strip(b.right()), out);
    } else if (e instanceof ConditionalExpression c) {
      operands(AccessPaths.strip(c.condition()), out); // `cmp ? 0 : 1` returns the comparison
    } else {
      out.add(e);
    }
  }

  /** The side of a comparison that is {@code x & MASK}, or null. */
  private static Expression maskedSide(BinaryExpression cmp) {
    for (Expression side : List.of(cmp.left(), cmp.right())) {
      if (AccessPaths.strip(side) instanceof BinaryExpression b && b.operator().equals("&")) {
        return side;
      }
    }
    return null;
  }

  /** {@code uffd_flags_has_mode} -> {@code uffd_flags_mode_is}: name the value it compares. */
  static String rename(String name) {
    List<String> parts = new ArrayList<>();
    for (String part : name.split("_", -1)) {
      if (!part.equalsIgnoreCase("has")) {
        parts.add(part);
      }
    }
    String stem = String.join("_", parts).replaceAll("_+", "_").replaceAll("^_|_$", "");
    return (name.startsWith("__") ? "__" : "") + stem + "_is";
  }
}
