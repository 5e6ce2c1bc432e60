package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.UnaryExpression;

/**
 * Open-coded flag tests: {@code x->vm_flags & VM_FOO}, {@code !(x->vm_flags & (VM_A | VM_B))}, and
 * {@code flags & VM_FOO} on a local copy of the flags, which is traced back to {@code
 * vma->vm_flags}.
 */
public final class FlagTests {
  private static final Pattern DEFAULT_FLAG = Pattern.compile("VM_[A-Z0-9_]+");

  private FlagTests() {}

  /**
   * One flag test: the {@code &} expression, the flags operand as written, where the flags come
   * from (the access path, through a local copy when there is one), the flag names, and whether the
   * test is negated with {@code !}.
   */
  public record FlagTest(
      BinaryExpression expression,
      String flagsOperand,
      String flagsSource,
      List<String> flags,
      boolean negated) {

    /** True when the flags are tested through a local copy rather than read in place. */
    public boolean viaLocalCopy() {
      return !flagsOperand.equals(flagsSource);
    }
  }

  /** The {@code VM_*} flag tests inside {@code scope}, in source order. */
  public static List<FlagTest> in(Node scope) {
    return in(scope, DEFAULT_FLAG);
  }

  /** The flag tests inside {@code scope} whose flag names match {@code flagName}. */
  public static List<FlagTest> in(Node scope, Pattern flagName) {
    List<FlagTest> out = new ArrayList<>();
    for (BinaryExpression b :
        scope.findAll(BinaryExpression.class, x -> x.operator().equals("&"))) {
      test(b, flagName).ifPresent(out::add);
    }
    return out;
  }

  /** True when {@code e} tests {@code flag} (e.g. {@code VM_SHARED}) in some flags value. */
  public static boolean testsFlag(Expression e, String flag) {
    return in(e).stream().anyMatch(t -> t.flags().contains(flag));
  }

  /** The flag test {@code b} is, if it is one. */
  public static Optional<FlagTest> test(BinaryExpression b, Pattern flagName) {
    if (!b.operator().equals("&")) {
      return Optional.empty();
    }
    for (int side = 0; side < 2; side++) {
      Expression flagsSide = side == 0 ? b.left() : b.right();
      Expression maskSide = side == 0 ? b.right() : b.left();
      List<String> flags = new ArrayList<>();
      if (mask(maskSide, flagName, flags) && !flags.isEmpty()) {
        Optional<String> operand = AccessPaths.of(AccessPaths.strip(flagsSide));
        if (operand.isEmpty()) {
          Expression x = AccessPaths.strip(flagsSide);
          if (x instanceof CallExpression c
              && c.calleeName().filter("READ_ONCE"::equals).isPresent()) {
            operand = c.argument(0).flatMap(AccessPaths::of);
          }
        }
        if (operand.isPresent()) {
          String source = sourceOf(operand.get(), b);
          return Optional.of(
              new FlagTest(b, operand.get(), source, List.copyOf(flags), negated(b)));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean mask(Expression e, Pattern flagName, List<String> flags) {
    Expression x = e.unparen();
    if (x instanceof Identifier id && flagName.matcher(id.name()).matches()) {
      flags.add(id.name());
      return true;
    }
    if (x instanceof BinaryExpression b && b.operator().equals("|")) {
      return mask(b.left(), flagName, flags) && mask(b.right(), flagName, flags);
    }
    return false;
  }

  private static boolean negated(Expression e) {
    Expression cur = ParenExpression.enclosing(e);
    return cur.parent().orElse(null) instanceof UnaryExpression u
        && u.operator().equals("!")
        && u.operand() == cur;
  }

  /**
   * Where a flags variable comes from: for a local assigned or initialised from a path such as
   * {@code vma->vm_flags} (or {@code READ_ONCE(vma->vm_flags)}) in the enclosing function, that
   * path; otherwise the operand itself.
   */
  static String sourceOf(String operand, Node at) {
    if (!operand.equals(AccessPaths.root(operand))) {
      return operand;
    }
    Optional<FunctionDefinition> fn = at.findAncestor(FunctionDefinition.class);
    if (fn.isEmpty()) {
      return operand;
    }
    for (Declarator d : fn.get().body().findAll(Declarator.class, d -> d.name().equals(operand))) {
      Optional<String> src = d.initializer().flatMap(FlagTests::flagsPath);
      if (src.isPresent()) {
        return src.get();
      }
    }
    for (AssignExpression a : fn.get().body().findAll(AssignExpression.class)) {
      if (AccessPaths.of(a.target()).filter(operand::equals).isPresent()) {
        Optional<String> src = flagsPath(a.value());
        if (src.isPresent()) {
          return src.get();
        }
      }
    }
    return operand;
  }

  private static Optional<String> flagsPath(Expression value) {
    Expression x = AccessPaths.strip(value);
    if (x instanceof CallExpression c && c.calleeName().filter("READ_ONCE"::equals).isPresent()) {
      return c.argument(0).flatMap(AccessPaths::of);
    }
    return AccessPaths.of(x).filter(p -> !p.equals(AccessPaths.root(p)));
  }
}
