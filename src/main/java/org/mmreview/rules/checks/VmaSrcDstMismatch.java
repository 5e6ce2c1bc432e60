package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.VmaSides;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.intake.LineMap;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * In a function with both a source and a destination VMA, a condition (or returned predicate)
 * testing one side where the comment right above it, or the code the patch removed from the
 * function, speaks only of the other side. Fork, mremap and UFFDIO_MOVE keep different state on the
 * two VMAs (dup_userfaultfd() clears VM_UFFD_WP on the child), so moving a test across is a
 * behaviour change.
 */
public final class VmaSrcDstMismatch extends FunctionRule {

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    VmaSides sides = new VmaSides(fn);
    if (!sides.hasBoth()) {
      return;
    }
    for (Node test : tests(fn)) {
      Set<String> tested = sides.testedBy(test);
      if (tested.size() != 1) {
        continue;
      }
      String side = tested.iterator().next();
      String other = VmaSides.other(side);
      String testedVar = sides.variableIn(test, side);
      Optional<Comment> comment = commentAbove(fn, statementOf(test));
      if (comment.isPresent()) {
        Set<String> named = sides.namedIn(comment.get().content());
        if (named.equals(Set.of(other))) {
          ctx.at(test)
              .arg("tested", testedVar)
              .arg("described", sides.variable(other))
              .related(comment.get().range(), "the comment speaks of " + sides.variable(other))
              .report();
          continue;
        }
        if (!named.isEmpty()) {
          continue; // the comment names this side (too): it agrees, or it is about both
        }
      }
      vanishedTest(ctx, fn, test, other)
          .ifPresent(
              old ->
                  ctx.at(test)
                      .variant("removed_code")
                      .arg("tested", testedVar)
                      .arg("removed", old.compactText())
                      .arg("described", sides.variable(other))
                      .context(
                          old,
                          "removed by the patch (pre-image line " + old.range().beginLine() + ")")
                      .report());
    }
  }

  /**
   * What counts as a test of a VMA: if conditions, and the values a bool function returns (a
   * predicate such as vma_needs_copy() may end in {@code return src_vma->anon_vma;}).
   */
  private static List<Node> tests(FunctionDefinition fn) {
    List<Node> out = new ArrayList<>();
    fn.body().findAll(IfStatement.class).forEach(i -> out.add(i.condition()));
    if (fn.returnType().text().equals("bool")) {
      // Only a predicate's returned value is a test; other functions return VMAs, errors, counts.
      fn.body().findAll(ReturnStatement.class).forEach(r -> r.value().ifPresent(out::add));
    }
    return out;
  }

  private static Node statementOf(Node test) {
    return test.parent().orElse(test);
  }

  /** The comment directly above the statement, when it is inside the function. */
  private static Optional<Comment> commentAbove(FunctionDefinition fn, Node i) {
    return fn.compilationUnit()
        .flatMap(u -> u.commentAbove(i.range().beginLine()))
        .filter(c -> fn.range().contains(c.range()));
  }

  /**
   * For an added condition: a condition of the same function that the patch removed, testing only
   * {@code other}, when no added condition of the function tests {@code other} any more (the test
   * moved to this side rather than being rewritten on its own side).
   */
  private static Optional<Node> vanishedTest(
      RuleContext ctx, FunctionDefinition fn, Node test, String other) {
    var change = ctx.file().change();
    if (change.isEmpty() || !added(ctx, test)) {
      return Optional.empty();
    }
    VmaSides post = new VmaSides(fn);
    for (Node t : tests(fn)) {
      if (added(ctx, t) && post.testedBy(t).contains(other)) {
        return Optional.empty();
      }
    }
    LineMap lines = change.get().lineMap();
    for (CompilationUnit u : ctx.file().preImage().get()) {
      for (FunctionDefinition old : u.functions()) {
        if (!old.name().equals(fn.name())) {
          continue;
        }
        VmaSides pre = new VmaSides(old);
        List<Node> removed = new ArrayList<>();
        for (Node t : tests(old)) {
          if (lines.removedOldLines().contains(t.range().beginLine())
              && pre.testedBy(t).equals(Set.of(other))) {
            removed.add(t);
          }
        }
        if (!removed.isEmpty()) {
          return Optional.of(removed.get(0));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean added(RuleContext ctx, Node test) {
    var r = test.range();
    for (int l = r.beginLine(); l <= r.endLine(); l++) {
      if (ctx.file().isAdded(l)) {
        return true;
      }
    }
    return false;
  }
}
