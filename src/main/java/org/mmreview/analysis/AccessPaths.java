package org.mmreview.analysis;

import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.CastExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.UnaryExpression;

/**
 * Access paths: an expression naming storage through a variable and member accesses, spelled
 * canonically ({@code vma->vm_file->f_inode}, {@code state.vma}); parentheses and casts dropped.
 */
public final class AccessPaths {
  private AccessPaths() {}

  /** The canonical path of {@code e}, when it is a variable followed by member accesses. */
  public static Optional<String> of(Expression e) {
    Expression x = strip(e);
    if (x instanceof Identifier id) {
      return Optional.of(id.name());
    }
    if (x instanceof MemberAccess m) {
      return of(m.object()).map(o -> o + (m.isArrow() ? "->" : ".") + m.member());
    }
    if (x instanceof UnaryExpression u && u.operator().equals("*") && !u.isPostfix()) {
      return of(u.operand()).map(o -> "*" + o);
    }
    return Optional.empty();
  }

  /** The variable a path starts from: {@code vma} for {@code vma->vm_file->f_inode}. */
  public static String root(String path) {
    String p = path.startsWith("*") ? path.replaceFirst("^\\*+", "") : path;
    int end = 0;
    while (end < p.length() && Character.isJavaIdentifierPart(p.charAt(end))) {
      end++;
    }
    return p.substring(0, end);
  }

  /** The path without its root: {@code vm_file->f_inode} for {@code vma->vm_file->f_inode}. */
  public static String relative(String path) {
    String r = root(path);
    String p = path.replaceFirst("^\\*+", "");
    String rest = p.substring(r.length());
    return rest.startsWith("->")
        ? rest.substring(2)
        : rest.startsWith(".") ? rest.substring(1) : rest;
  }

  /** True when {@code path} is {@code prefix} or extends it by member accesses. */
  public static boolean extendsPath(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "->") || path.startsWith(prefix + ".");
  }

  /** The last member name of a path, or the variable for a bare variable. */
  public static String lastMember(String path) {
    int arrow = path.lastIndexOf("->");
    int dot = path.lastIndexOf('.');
    int at = Math.max(arrow < 0 ? -1 : arrow + 2, dot < 0 ? -1 : dot + 1);
    return at < 0 ? root(path) : path.substring(at);
  }

  /** {@code e} without parentheses and casts. */
  public static Expression strip(Expression e) {
    Expression x = e.unparen();
    while (x instanceof CastExpression c) {
      x = c.expression().unparen();
    }
    return x;
  }

  /**
   * The variable or field the value of {@code c} is stored in ({@code x = call()}, {@code T *x =
   * call()}), through casts and parentheses; empty when it is used otherwise.
   */
  public static Optional<String> assignedTo(CallExpression c) {
    Node p = c.parent().orElse(null);
    while (p instanceof Expression e && strip(e) == c) {
      p = p.parent().orElse(null);
    }
    if (p instanceof AssignExpression a && a.operator().equals("=")) {
      return of(a.target());
    }
    if (p instanceof Declarator d) {
      return Optional.of(d.name());
    }
    return Optional.empty();
  }
}
