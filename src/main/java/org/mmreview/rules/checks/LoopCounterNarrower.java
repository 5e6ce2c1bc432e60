package org.mmreview.rules.checks;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.decl.RecordDecl;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.ForStatement;
import org.mmreview.ast.type.TypeName;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * A {@code for} loop whose counter is a 32-bit (or narrower) integer and whose bound is a 64-bit
 * one: {@code int i; ... for (i = 0; i < nr_pages; i++)} with {@code unsigned long nr_pages}. Past
 * INT_MAX (UINT_MAX for an unsigned counter) the counter wraps: a signed one goes negative and
 * indexes before the array, an unsigned one restarts at 0 and the loop never ends. The types come
 * from the declarations the function shows (parameters, locals) and, for a {@code p->field} bound,
 * from a struct declared in the same file; an undeclared name keeps the rule silent.
 */
public final class LoopCounterNarrower extends FunctionRule {
  private static final Set<String> NARROW =
      Set.of(
          "int",
          "unsigned int",
          "unsigned",
          "short",
          "unsigned short",
          "char",
          "unsigned char",
          "s8",
          "u8",
          "s16",
          "u16",
          "s32",
          "u32",
          "__s32",
          "__u32",
          "int32_t",
          "uint32_t");
  private static final Set<String> WIDE =
      Set.of(
          "long",
          "unsigned long",
          "long int",
          "unsigned long int",
          "long long",
          "unsigned long long",
          "size_t",
          "ssize_t",
          "u64",
          "s64",
          "__u64",
          "__s64",
          "uint64_t",
          "int64_t",
          "loff_t",
          "pgoff_t",
          "phys_addr_t");

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    for (ForStatement f : fn.body().findAll(ForStatement.class)) {
      if (f.condition().isEmpty() || f.update().isEmpty()) {
        continue;
      }
      Expression cond = AccessPaths.strip(f.condition().get());
      if (!(cond instanceof BinaryExpression b)) {
        continue;
      }
      Expression counter;
      Expression bound;
      switch (b.operator()) {
        case "<", "<=", "!=" -> {
          counter = AccessPaths.strip(b.left());
          bound = AccessPaths.strip(b.right());
        }
        case ">", ">=" -> {
          counter = AccessPaths.strip(b.right());
          bound = AccessPaths.strip(b.left());
        }
        default -> {
          continue;
        }
      }
      if (!(counter instanceof Identifier c) || !increments(f.update().get(), c.name())) {
        continue;
      }
      Optional<TypeName> ct = declaredType(fn, c.name());
      Optional<TypeName> bt = boundType(fn, bound);
      if (ct.isEmpty() || bt.isEmpty()) {
        continue;
      }
      String cname = ct.get().baseName();
      String bname = bt.get().baseName();
      if (ct.get().isPointer()
          || bt.get().isPointer()
          || ct.get().isArray()
          || bt.get().isArray()
          || !NARROW.contains(cname)
          || !WIDE.contains(bname)) {
        continue;
      }
      ctx.at(b)
          .arg("counter", c.name())
          .arg("counter_type", cname)
          .arg("bound", bound.compactText())
          .arg("bound_type", bname)
          .report();
    }
  }

  /** True when the update expression counts {@code name} up ({@code i++}, {@code i += n}). */
  private static boolean increments(Expression update, String name) {
    for (Node n : update.stream().toList()) {
      if (n instanceof UnaryExpression u
          && u.operator().equals("++")
          && AccessPaths.strip(u.operand()) instanceof Identifier id
          && id.name().equals(name)) {
        return true;
      }
      if (n instanceof AssignExpression a
          && a.operator().equals("+=")
          && AccessPaths.strip(a.target()) instanceof Identifier id
          && id.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The type of a parameter or local, when every declaration of that name in the function agrees (a
   * name declared twice with different types in different blocks is left alone).
   */
  private static Optional<TypeName> declaredType(FunctionDefinition fn, String name) {
    Set<String> spellings = new HashSet<>();
    TypeName found = null;
    for (Parameter p : fn.parameters()) {
      if (p.name().filter(name::equals).isPresent()) {
        found = p.type();
        spellings.add(p.type().baseName() + "/" + p.type().pointerDepth());
      }
    }
    for (Declarator d : fn.body().findAll(Declarator.class, d -> d.name().equals(name))) {
      if (d.findAncestor(RecordDecl.class).isPresent()) {
        continue;
      }
      found = d.type();
      spellings.add(d.type().baseName() + "/" + d.type().pointerDepth());
    }
    return spellings.size() == 1 ? Optional.of(found) : Optional.empty();
  }

  /**
   * The type of a bound: a declared parameter or local, or {@code p->field} / {@code s.field} whose
   * field is declared (with one type) by the structs of this file.
   */
  private static Optional<TypeName> boundType(FunctionDefinition fn, Expression bound) {
    if (bound instanceof Identifier id) {
      return declaredType(fn, id.name());
    }
    if (bound instanceof MemberAccess m) {
      Optional<CompilationUnit> unit = fn.compilationUnit();
      if (unit.isEmpty()) {
        return Optional.empty();
      }
      Set<String> spellings = new HashSet<>();
      TypeName found = null;
      for (RecordDecl r : unit.get().findAll(RecordDecl.class, RecordDecl::hasBody)) {
        for (Declaration field : r.fields()) {
          List<Declarator> ds = field.declarators();
          for (Declarator d : ds) {
            if (d.name().equals(m.member()) && d.bitWidth().isEmpty()) {
              found = d.type();
              spellings.add(d.type().baseName() + "/" + d.type().pointerDepth());
            }
          }
        }
      }
      return spellings.size() == 1 ? Optional.of(found) : Optional.empty();
    }
    return Optional.empty();
  }
}
