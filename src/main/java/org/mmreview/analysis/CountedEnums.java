package org.mmreview.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.EnumDecl;
import org.mmreview.ast.decl.Enumerator;
import org.mmreview.ast.expr.CastExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Literal;

/**
 * Enums whose values count (0, 1, 2, ...) rather than name bits: a set of mutually exclusive modes
 * stored in a multi-bit field, where OR-ing a second value onto the first yields a third value (or
 * none), not the pair. Known only from the enum's definition: every enumerator implicit or an
 * integer literal (through casts), at least three values, and a non-zero value that shares a bit
 * with an earlier one, is not a power of two, or was numbered implicitly past 1.
 */
public final class CountedEnums {
  private CountedEnums() {}

  /** The tags of the counted enums defined in {@code units}. */
  public static Set<String> in(List<CompilationUnit> units) {
    Set<String> out = new HashSet<>();
    for (CompilationUnit u : units) {
      for (EnumDecl e : u.findAll(EnumDecl.class)) {
        if (e.tag().isPresent() && counted(e)) {
          out.add(e.tag().get());
        }
      }
    }
    return out;
  }

  /** True when the values of {@code e} count rather than name bits. */
  static boolean counted(EnumDecl e) {
    List<Enumerator> all = e.enumerators();
    if (all.size() < 3) {
      return false;
    }
    long next = 0;
    boolean sharedBits = false;
    long seen = 0;
    for (Enumerator en : all) {
      long v = next;
      if (en.value().isPresent()) {
        Optional<Long> lit = literal(en.value().get());
        if (lit.isEmpty()) {
          return false;
        }
        v = lit.get();
      }
      if (v != 0 && (Long.bitCount(v) != 1 || (seen & v) != 0 || en.value().isEmpty() && v >= 2)) {
        sharedBits = true;
      }
      seen |= v;
      next = v + 1;
    }
    return sharedBits;
  }

  private static Optional<Long> literal(Expression e) {
    Expression x = e.unparen();
    while (x instanceof CastExpression c) {
      x = c.expression().unparen();
    }
    if (x instanceof Literal l) {
      try {
        return Optional.of(Long.decode(l.value().replaceAll("[uUlL]+$", "")));
      } catch (NumberFormatException ex) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
