package org.mmreview.rules.checks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.FunctionAnalysis;
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
import org.mmreview.ast.type.TypeName;
import org.mmreview.kernel.PageUnits;
import org.mmreview.kernel.PageUnits.Unit;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * A page count or page index added to, subtracted from or compared with a byte size or an address
 * with no conversion between them: {@code folio->index + thp_size(page)}, {@code addr + nr_pages},
 * {@code pgoff >= i_size_read(inode)}. The units come from {@link PageUnits}; an operand that is
 * itself a shift, product or quotient is a conversion and has no unit here.
 */
public final class PageByteUnitMismatch extends FunctionRule {
  private static final Set<String> MIXING =
      Set.of("+", "-", "<", "<=", ">", ">=", "==", "!=", "+=", "-=");

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    Map<String, Optional<Unit>> locals = locals(fn);
    for (Node n : fn.body().findAll(Expression.class)) {
      Expression left;
      Expression right;
      String op;
      if (n instanceof BinaryExpression b && MIXING.contains(b.operator())) {
        left = b.left();
        right = b.right();
        op = b.operator();
      } else if (n instanceof AssignExpression a && MIXING.contains(a.operator())) {
        left = a.target();
        right = a.value();
        op = a.operator();
      } else {
        continue;
      }
      Optional<Unit> l = unit(left, locals);
      Optional<Unit> r = unit(right, locals);
      if (l.isEmpty() || r.isEmpty() || l.get() == r.get()) {
        continue;
      }
      Expression pages = l.get() == Unit.PAGES ? left : right;
      Expression bytes = l.get() == Unit.PAGES ? right : left;
      ctx.at(n)
          .arg("pages", pages.text().strip())
          .arg("bytes", bytes.text().strip())
          .arg("op", op)
          .report();
    }
  }

  /**
   * The unit of {@code e}: a known name, call or field; a sum or difference whose known operands
   * agree (a difference of two addresses is bytes too). Anything else has none.
   */
  static Optional<Unit> unit(Expression e, Map<String, Optional<Unit>> locals) {
    Expression x = AccessPaths.strip(e);
    if (x instanceof CallExpression c) {
      return c.calleeName().flatMap(PageUnits::ofFunction);
    }
    if (x instanceof Identifier id) {
      return locals.containsKey(id.name())
          ? locals.get(id.name())
          : PageUnits.ofConstant(id.name());
    }
    if (x instanceof MemberAccess m) {
      String holder = AccessPaths.of(m.object()).map(AccessPaths::lastMember).orElse("");
      return PageUnits.ofField(holder, m.member());
    }
    if (x instanceof BinaryExpression b && (b.operator().equals("+") || b.operator().equals("-"))) {
      Optional<Unit> l = unit(b.left(), locals);
      Optional<Unit> r = unit(b.right(), locals);
      if (l.isPresent() && r.isPresent()) {
        return l.get() == r.get() ? l : Optional.empty();
      }
      return l.isPresent() ? l : r;
    }
    return Optional.empty();
  }

  /**
   * The unit of each name the function declares or takes as a parameter (empty: none known): by
   * name, or by type when the function also uses the variable as a page index (passes it as the
   * index of a page-cache lookup).
   */
  private static Map<String, Optional<Unit>> locals(FunctionDefinition fn) {
    Map<String, Optional<Unit>> units = new HashMap<>();
    Map<String, TypeName> types = new HashMap<>();
    for (Parameter p : fn.parameters()) {
      p.name().ifPresent(n -> types.put(n, p.type()));
    }
    for (Declarator d : fn.body().findAll(Declarator.class)) {
      types.put(d.name(), d.type());
    }
    Set<String> pageIndexes = new HashSet<>();
    for (CallExpression c : fn.body().findAll(CallExpression.class)) {
      c.calleeName()
          .flatMap(PageUnits::pageIndexArgument)
          .flatMap(c::argument)
          .flatMap(AccessPaths::of)
          .ifPresent(pageIndexes::add);
    }
    types.forEach(
        (name, type) -> {
          Optional<Unit> u = Optional.empty();
          if (!type.isPointer() && !type.isArray()) {
            u = PageUnits.ofLocalName(name);
            if (u.isEmpty() && pageIndexes.contains(name)) {
              u = PageUnits.ofType(type.baseName());
            }
          }
          units.put(name, u);
        });
    return units;
  }
}
