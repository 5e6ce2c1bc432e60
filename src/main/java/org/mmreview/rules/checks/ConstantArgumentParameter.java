package org.mmreview.rules.checks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Conjuncts;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.GoverningConditions;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Words;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A static function whose parameter list the patch adds or changes, when every call of it in the
 * file passes the same constant (an integer literal or an UPPER_CASE enumerator or macro) at one
 * position: the parameter carries no information, and reviewers ask to drop it and use the constant
 * inside. A variable counts as the constant when a test on the way to the call pins it ({@code if
 * (mode == MCOPY_ATOMIC_NORMAL) f(..., mode, ...)}): the caller has just decided the value, and
 * then one call is enough. Judged only when every call is in view: a whole-file review of a patch
 * (the file is not a set of hunks), a function the patch adds whole and whose name the pre-image
 * never held (so no call can hide outside the hunks), or an old function the patch gives one more
 * parameter (every call had to change with it, so every call is an added line). Silent when the
 * function's address is taken (a callback contract fixes its parameters), when a macro names it,
 * when a call sits under a preprocessor conditional (another configuration may pass something
 * else), and with fewer than two calls.
 */
public final class ConstantArgumentParameter extends FileRule {
  private static final Pattern INTEGER = Pattern.compile("(?:0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*");
  private static final Pattern SIZE_NAME = Pattern.compile("(?i).*(size|len|length|_max|bytes)");
  private static final Pattern UPPER_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    if (!file.diffAware()) {
      // A whole file without a patch: no signature is being added or changed.
      return;
    }
    for (CompilationUnit u : file.units()) {
      for (FunctionDefinition fn : u.functions()) {
        if (!fn.isStatic() || fn.isVariadic() || fn.parameters().isEmpty()) {
          continue;
        }
        if (!signatureAdded(file, fn)) {
          continue;
        }
        if (file.showsEveryCallOf(fn)) {
          judge(file, fn, ctx, false);
        } else if (arityGrew(file, fn)) {
          // The patch adds a parameter to an old static function: every call in the file had to
          // change with it, so each one is an added line of some hunk and none can hide outside.
          judge(file, fn, ctx, true);
        }
      }
    }
  }

  private static void judge(
      ReviewedFile file, FunctionDefinition fn, RuleContext ctx, boolean changedCallsOnly) {
    String name = fn.name();
    List<CallExpression> calls = new ArrayList<>();
    for (CompilationUnit u : file.units()) {
      // a unit whose text lacks the name has no identifier of it (most hunks of a patch)
      List<Identifier> ids = u.source().contains(name) ? u.findAll(Identifier.class) : List.of();
      for (Identifier id : ids) {
        if (!id.name().equals(name)) {
          continue;
        }
        Optional<CallExpression> call =
            id.parent()
                .filter(CallExpression.class::isInstance)
                .map(CallExpression.class::cast)
                .filter(c -> c.callee() == id);
        if (call.isEmpty()) {
          // Used as a value: its address is taken, the signature is a contract.
          return;
        }
        calls.add(call.get());
      }
      if (namedByMacro(u, name) || calls.stream().anyMatch(c -> underConditional(u, c))) {
        return;
      }
    }
    if (calls.isEmpty()) {
      return;
    }
    int arity = fn.parameters().size();
    for (CallExpression c : calls) {
      if (c.arguments().size() != arity || (changedCallsOnly && !file.addsLineOf(c.range()))) {
        return;
      }
    }
    List<Integer> fixed = new ArrayList<>();
    List<Value> values = new ArrayList<>();
    for (int i = 0; i < arity; i++) {
      Optional<Value> same = sameValue(calls, i, ctx);
      if (same.isPresent()) {
        fixed.add(i);
        values.add(same.get());
      }
    }
    if (fixed.size() != 1) {
      // Several fixed arguments: a wrapper mirroring an interface (an ioctl's fields, a
      // syscall's flags), whose later callers vary them; the arguments document each call.
      return;
    }
    Value v = values.get(0);
    // One call passing a literal is a helper's first user, not a pattern; one call passing a
    // variable its own test has just pinned to the constant is redundant already.
    if (calls.size() < 2 && v.pinnedBy().isEmpty()) {
      return;
    }
    Parameter p = fn.parameters().get(fixed.get(0));
    if (p.name().isEmpty() || !file.isAdded(p.range().beginLine()) || bufferSize(p)) {
      return;
    }
    RuleContext.FindingBuilder b =
        ctx.at(p)
            .arg("function", name)
            .arg("constant", v.text())
            .arg("parameter", p.name().get())
            .arg("calls", calls.size() == 1 ? "1 call" : calls.size() + " calls");
    if (v.pinnedBy().isPresent()) {
      b.variant("pinned")
          .arg("variable", v.variable())
          .related(v.pinnedBy().get(), "the test that fixes it")
          .related(v.argument(), "passed here");
    } else {
      b.related(calls.get(0), "called here");
    }
    b.report();
  }

  /**
   * The constant a call passes: {@code text}; when the argument is a variable that the test {@code
   * pinnedBy} fixes to it on the way to the call ({@code if (mode == MODE_NORMAL)}), that
   * variable's name and the argument.
   */
  private record Value(
      String text, Optional<Expression> pinnedBy, String variable, Expression argument) {}

  /**
   * The constant every call passes at {@code index}, when they all pass the same one (the last
   * call's pinning test, if any call's value comes from one).
   */
  private static Optional<Value> sameValue(List<CallExpression> calls, int index, RuleContext ctx) {
    Value found = null;
    for (CallExpression c : calls) {
      Optional<Value> v = value(c.arguments().get(index), ctx);
      if (v.isEmpty() || (found != null && !found.text().equals(v.get().text()))) {
        return Optional.empty();
      }
      if (found == null || v.get().pinnedBy().isPresent()) {
        found = v.get();
      }
    }
    return Optional.ofNullable(found);
  }

  private static Optional<Value> value(Expression argument, RuleContext ctx) {
    Optional<String> literal = constant(argument);
    if (literal.isPresent()) {
      return Optional.of(new Value(literal.get(), Optional.empty(), "", argument));
    }
    if (!(AccessPaths.strip(argument) instanceof Identifier id)) {
      return Optional.empty();
    }
    for (GoverningConditions.Governing g : governing(argument, id.name(), ctx)) {
      for (Conjuncts.Atom a : Conjuncts.required(g.condition(), g.holds())) {
        if (!(AccessPaths.strip(a.expression()) instanceof BinaryExpression e)) {
          continue;
        }
        boolean equal =
            (e.operator().equals("==") && a.holds()) || (e.operator().equals("!=") && !a.holds());
        if (!equal) {
          continue;
        }
        Optional<String> pinned = pinnedValue(e.left(), e.right(), id.name());
        if (pinned.isEmpty()) {
          pinned = pinnedValue(e.right(), e.left(), id.name());
        }
        if (pinned.isPresent()) {
          return Optional.of(
              new Value(pinned.get(), Optional.of(g.condition()), id.name(), argument));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The tests that decide whether {@code argument} is evaluated, with the outcome that leads to it,
   * when nothing can change {@code name} after them. In a function: the {@link GoverningConditions}
   * (an {@code if} around the call, or one whose other branch returns); in a hunk that shows only a
   * function's middle (loose statements, no CFG): the {@code if}s the call sits in.
   */
  private static List<GoverningConditions.Governing> governing(
      Expression argument, String name, RuleContext ctx) {
    Optional<FunctionAnalysis> fa = ctx.unitAnalysis(argument).enclosing(argument);
    if (fa.isPresent()) {
      boolean declared = fa.get().defUse().isVariable(name);
      // A global can change behind any call; in a hunk, the declaration may lie above the cut.
      if (fa.get().cfg().pointOf(argument).isEmpty()
          || !(declared || ctx.file().partial())
          || writes(fa.get().function().body(), name)) {
        return List.of();
      }
      return GoverningConditions.of(fa.get().cfg(), argument);
    }
    Node unit = argument.compilationUnit().orElse(null);
    if (unit == null || !ctx.file().partial() || writes(unit, name)) {
      return List.of();
    }
    List<GoverningConditions.Governing> out = new ArrayList<>();
    Node child = argument;
    for (Node cur = argument.parent().orElse(null); cur != null; cur = cur.parent().orElse(null)) {
      if (cur instanceof IfStatement i) {
        if (i.thenStatement() == child) {
          out.add(new GoverningConditions.Governing(i.condition(), true));
        } else if (i.elseStatement().orElse(null) == child) {
          out.add(new GoverningConditions.Governing(i.condition(), false));
        }
      }
      child = cur;
    }
    return out;
  }

  /** True when {@code scope} assigns, increments or takes the address of {@code name}. */
  private static boolean writes(Node scope, String name) {
    for (AssignExpression a : scope.findAll(AssignExpression.class)) {
      if (AccessPaths.strip(a.target()) instanceof Identifier t && t.name().equals(name)) {
        return true;
      }
    }
    for (UnaryExpression u : scope.findAll(UnaryExpression.class)) {
      boolean writes =
          u.operator().equals("++")
              || u.operator().equals("--")
              || (u.operator().equals("&") && !u.isPostfix());
      if (writes
          && AccessPaths.strip(u.operand()) instanceof Identifier t
          && t.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** {@code constant}'s text when {@code variable} is the named variable and it is a constant. */
  private static Optional<String> pinnedValue(
      Expression variable, Expression constant, String name) {
    return AccessPaths.strip(variable) instanceof Identifier v && v.name().equals(name)
        ? constant(constant)
        : Optional.empty();
  }

  /**
   * In a hunk-only review, true when the hunks' old side shows the function's definition with fewer
   * parameters than it has now: the patch adds a parameter, which no call could miss.
   */
  private static boolean arityGrew(ReviewedFile file, FunctionDefinition fn) {
    String name = fn.name();
    for (String side : file.hunkOldSides().orElse(List.of())) {
      for (int at = Words.callIndexOf(side, name, 0);
          at >= 0;
          at = Words.callIndexOf(side, name, at + 1)) {
        OptionalInt old = definitionArity(side, Words.callParenEnd(side, name, at));
        if (old.isPresent()) {
          return old.getAsInt() < fn.parameters().size();
        }
      }
    }
    return false;
  }

  /**
   * The number of parameters of the list opening just before {@code from}, when the list closes
   * and a {@code {} follows (a definition, not a call or a prototype).
   */
  private static OptionalInt definitionArity(String text, int from) {
    int depth = 1;
    int commas = 0;
    boolean any = false;
    int i = from;
    StringBuilder list = new StringBuilder();
    for (; i < text.length() && depth > 0; i++) {
      char ch = text.charAt(i);
      list.append(ch);
      if (ch == '(') {
        depth++;
      } else if (ch == ')') {
        depth--;
      } else if (ch == ',' && depth == 1) {
        commas++;
      } else if (!Character.isWhitespace(ch)) {
        any = true;
      }
    }
    if (depth > 0) {
      return OptionalInt.empty();
    }
    String rest = text.substring(i).stripLeading();
    if (!rest.startsWith("{")) {
      return OptionalInt.empty();
    }
    boolean voidList = list.toString().replace(")", "").strip().equals("void");
    return OptionalInt.of(any && !voidList ? commas + 1 : 0);
  }

  /**
   * A size or length passed beside a buffer ({@code size_t}, or named so): passing the bound with
   * the buffer is the defensive idiom, not a redundant parameter, even when every buffer is
   * PATH_MAX long.
   */
  private static boolean bufferSize(Parameter p) {
    String type = p.type().text().replaceAll("\\s+", " ");
    return type.contains("size_t") || SIZE_NAME.matcher(p.name().orElse("")).matches();
  }

  /**
   * True when a line of the definition's head (return type to the closing parenthesis) is added.
   */
  private static boolean signatureAdded(ReviewedFile file, FunctionDefinition fn) {
    int bodyLine = fn.body().range().beginLine();
    for (int line = fn.range().beginLine(); line <= bodyLine; line++) {
      if (file.isAdded(line)) {
        return true;
      }
    }
    return false;
  }

  /** The argument's text when it is an integer literal or an UPPER_CASE name, else empty. */
  private static Optional<String> constant(Expression argument) {
    Expression e = AccessPaths.strip(argument);
    if (e instanceof Literal l && l.literalKind() == Literal.Kind.INT) {
      return INTEGER.matcher(l.value()).matches() ? Optional.of(l.value()) : Optional.empty();
    }
    if (e instanceof UnaryExpression u
        && u.operator().equals("-")
        && !u.isPostfix()
        && AccessPaths.strip(u.operand()) instanceof Literal l
        && l.literalKind() == Literal.Kind.INT) {
      return Optional.of("-" + l.value());
    }
    if (e instanceof Identifier id && UPPER_NAME.matcher(id.name()).matches()) {
      return Optional.of(id.name());
    }
    return Optional.empty();
  }

  private static boolean namedByMacro(CompilationUnit u, String name) {
    for (PreprocessorLine pp : u.preprocessorLines()) {
      if (pp.directive() == PreprocessorLine.Directive.DEFINE && Words.contains(pp.text(), name)) {
        return true;
      }
    }
    return false;
  }

  /** True when the call lies between an {@code #if}/{@code #ifdef}/{@code #ifndef} and its end. */
  private static boolean underConditional(CompilationUnit u, CallExpression call) {
    int line = call.range().beginLine();
    Deque<Integer> open = new ArrayDeque<>();
    for (PreprocessorLine pp : u.preprocessorLines()) {
      if (pp.range().beginLine() > line) {
        break;
      }
      switch (pp.directive()) {
        case IF, IFDEF, IFNDEF -> open.push(pp.range().beginLine());
        case ENDIF -> {
          if (!open.isEmpty()) {
            open.pop();
          }
        }
        default -> {}
      }
    }
    return !open.isEmpty();
  }
}
