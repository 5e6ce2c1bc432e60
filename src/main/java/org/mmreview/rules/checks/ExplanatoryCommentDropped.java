package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A patch deletes a comment of {@value #MIN_LINES} or more lines that explains <i>why</i>, in or
 * above a function that stays, and adds no comment in that function or in a helper it adds and
 * calls (where the explanation would have moved), nor does an earlier patch of its series ({@link
 * RuleContext#series()}: the helper patch 1/2 added with the comment, which patch 2/2 now calls).
 *
 * <p><b>Why, not what.</b> A comment explains when it carries reasoning: causes, consequences,
 * constraints, races ({@link #REASONING}: because, otherwise, must, would, may, since, so that,
 * without, race, stale, to avoid, ...). A comment that only names the steps ("Zero-fill through the
 * ops. Return what they return.") restates the code and is not worth keeping. License headers and
 * commented-out code are neither.
 *
 * <p><b>Where.</b> The finding is about removed code ({@code aboutRemovedCode}); it is reported on
 * the first added line that follows the deleted comment in its hunk (the code now standing in its
 * place), or, when the hunk adds nothing after it, on the next post-image line.
 *
 * <p>Patch reviews only: without a patch nothing is deleted.
 */
public final class ExplanatoryCommentDropped extends FileRule {
  static final int MIN_LINES = 3;
  private static final Pattern REASONING =
      Pattern.compile(
          "\\b(because|otherwise|must|mustn't|would|wouldn't|could|may|might|since|so that|so we|"
              + "can't|cannot|can not|won't|race|races|racing|racy|in case|avoid|prevent|ensure|"
              + "guarantee[sd]?|why|therefore|hence|thus|stale|unsafe|safe|concurrent(ly)?|without|"
              + "needs? to|has to|have to|rather than|unless|as long as|only if|until|protect(s|ed)?)\\b");
  private static final Pattern LICENSE = Pattern.compile("(?i)spdx|copyright|license|gpl");
  private static final Pattern CODE_LINE = Pattern.compile(".*([;{}]|\\)\\s*\\{?)\\s*$");
  private static final Pattern HEADING_NAME = Pattern.compile("(\\w+)\\s*\\(");

  /** A function header at column 0: {@code static int name(...}, not a statement or prototype. */
  private static final Pattern HEADER =
      Pattern.compile("^[A-Za-z_][\\w\\s\\*]*?\\b(\\w+)\\s*\\((?!.*;\\s*$)");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    Optional<FileChange> change = file.change();
    if (change.isEmpty()) {
      return;
    }
    Set<Integer> removed = change.get().lineMap().removedOldLines();
    List<CompilationUnit> pre = file.preImage().get();
    for (CompilationUnit unit : pre) {
      for (Comment c : unit.comments()) {
        if (!fullyRemoved(c, removed) || !explainsWhy(c) || movedElsewhere(c, ctx)) {
          continue;
        }
        Optional<Hunk> hunk = hunkOf(change.get(), c.range().endLine());
        Optional<FunctionDefinition> fn = documentedFunction(unit, c);
        if (hunk.isEmpty()) {
          continue;
        }
        int end = c.range().endLine();
        Optional<String> below = fn.isPresent() ? Optional.empty() : headerAfter(hunk.get(), end);
        // The section heading names the function the hunk starts in, whose header the hunk
        // does not touch: it stays.
        String name =
            fn.map(FunctionDefinition::name)
                .or(() -> below)
                .or(() -> headingName(hunk.get()))
                .orElse(null);
        if (name == null
            || fn.filter(f -> fullyRemoved(f.range(), removed)).isPresent()
            || (below.isPresent() && !postSideMentions(hunk.get(), name))) {
          continue; // not about a function, or deleted together with the function it documented
        }
        if (commentAdded(ctx, name, hunk.get(), c)) {
          continue;
        }
        Optional<Integer> at = standingLine(hunk.get(), c.range().endLine());
        if (at.isPresent()) {
          ctx.at(new Range(at.get(), 1, at.get(), 2, 0, 0))
              .arg("lines", String.valueOf(c.range().endLine() - c.range().beginLine() + 1))
              .arg("function", name)
              .aboutRemovedCode()
              .report();
        }
      }
    }
  }

  /**
   * Most of the comment's lines reappear among the lines the patch adds, in this file or another (a
   * syscall comment kept above a new wrapper, a struct and its comment moved to a header), or among
   * the lines an earlier patch of the same series added (patch 1/2 added the helper with the
   * comment, patch 2/2 drops it from the caller): the explanation moved, it was not dropped.
   */
  static boolean movedElsewhere(Comment c, RuleContext ctx) {
    List<String> lines =
        c.contentLines().stream().map(String::strip).filter(l -> l.length() >= 12).toList();
    if (lines.isEmpty()) {
      return false;
    }
    ReviewedFile file = ctx.file();
    long found =
        lines.stream().filter(l -> file.patch().addsText(l) || ctx.series().addsText(l)).count();
    return found * 2 > lines.size();
  }

  private static boolean fullyRemoved(Comment c, Set<Integer> removed) {
    return fullyRemoved(c.range(), removed);
  }

  private static boolean fullyRemoved(Range r, Set<Integer> removed) {
    for (int l = r.beginLine(); l <= r.endLine(); l++) {
      if (!removed.contains(l)) {
        return false;
      }
    }
    return true;
  }

  /** Three or more lines of reasoning that are neither a license header nor commented-out code. */
  static boolean explainsWhy(Comment c) {
    List<String> lines = c.contentLines().stream().filter(l -> !l.isBlank()).toList();
    if (lines.size() < MIN_LINES || c.range().endLine() - c.range().beginLine() + 1 < MIN_LINES) {
      return false;
    }
    String text = String.join(" ", lines);
    if (LICENSE.matcher(text).find()) {
      return false;
    }
    long code = lines.stream().filter(l -> CODE_LINE.matcher(l).matches()).count();
    if (code * 2 >= lines.size()) {
      return false;
    }
    return REASONING.matcher(text.toLowerCase(Locale.ROOT)).find();
  }

  /** The pre-image function the comment sits in, or directly above. */
  private static Optional<FunctionDefinition> documentedFunction(CompilationUnit unit, Comment c) {
    for (FunctionDefinition f : unit.functions()) {
      if (f.range().contains(c.range())
          || unit.commentAbove(f.range().beginLine()).filter(a -> a == c).isPresent()) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * When the pre-image fragment did not parse the function (the hunk cuts it), the function whose
   * header line directly follows the comment in the hunk.
   */
  private static Optional<String> headerAfter(Hunk h, int commentEnd) {
    boolean after = false;
    for (HunkLine l : h.lines()) {
      if (l.kind() == HunkLine.Kind.ADD) {
        continue;
      }
      if (!after) {
        after = l.kind() == HunkLine.Kind.REMOVE && l.oldLine() == commentEnd;
        continue;
      }
      if (l.text().isBlank()) {
        continue;
      }
      Matcher m = HEADER.matcher(l.text());
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
    return Optional.empty();
  }

  /** True when the post-image side of the hunk still has a line naming {@code name}(. */
  private static boolean postSideMentions(Hunk h, String name) {
    Pattern p = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*\\(");
    return h.lines().stream()
        .anyMatch(l -> l.kind() != HunkLine.Kind.REMOVE && p.matcher(l.text()).find());
  }

  private static Optional<String> headingName(Hunk h) {
    Matcher m = HEADING_NAME.matcher(h.sectionHeading());
    String name = null;
    while (m.find()) {
      name = m.group(1);
      break;
    }
    return Optional.ofNullable(name);
  }

  private static Optional<Hunk> hunkOf(FileChange change, int oldLine) {
    return change.hunks().stream()
        .filter(
            h ->
                h.lines().stream()
                    .anyMatch(l -> l.kind() == HunkLine.Kind.REMOVE && l.oldLine() == oldLine))
        .findFirst();
  }

  /**
   * True when the patch adds a comment in the post-image function {@code name}, above it, or in or
   * above a function the patch adds and that function calls (the replacement helper). With only
   * hunks, the function is spread over the hunks whose section heading names it: a comment added in
   * one of them (when the function itself was not parsed), or a call from one of them to a
   * documented helper the patch adds in any hunk, counts.
   */
  private static boolean commentAdded(RuleContext ctx, String name, Hunk hunk, Comment dropped) {
    List<FunctionDefinition> post = new ArrayList<>();
    for (CompilationUnit u : ctx.file().units()) {
      u.function(name).ifPresent(post::add);
    }
    // With only hunks, the function is also every other hunk whose section heading names it.
    List<Hunk> sameFunction =
        !ctx.file().partial()
            ? List.of(hunk)
            : ctx.file().change().stream()
                .flatMap(c -> c.hunks().stream())
                .filter(h -> h == hunk || headingName(h).filter(name::equals).isPresent())
                .toList();
    if (post.isEmpty() && sameFunction.stream().anyMatch(h -> hunkAddsComment(ctx, h))) {
      return true;
    }
    for (FunctionDefinition f : post) {
      if (hasAddedComment(ctx, f) || callsDocumentedNewHelper(ctx, f.body(), dropped)) {
        return true;
      }
    }
    for (Hunk h : ctx.file().partial() ? sameFunction : List.<Hunk>of()) {
      for (CompilationUnit u : unitsOf(ctx, h)) {
        if (callsDocumentedNewHelper(ctx, u, dropped)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * True when {@code scope} calls the replacement helper the explanation moved to: a function the
   * patch adds in this file with an added comment in or above it, or one that another file of the
   * patch or an earlier patch of its series added with a comment that carries the explanation
   * ({@link #carries}: helpers there are often general ones, documented for what they are, not for
   * the caller's reason).
   */
  private static boolean callsDocumentedNewHelper(RuleContext ctx, Node scope, Comment dropped) {
    for (CallExpression call : scope.findAll(CallExpression.class)) {
      String callee = call.calleeName().orElse("");
      if (!callee.isEmpty()
          && ctx.series()
              .addedFunctionComment(callee)
              .filter(text -> carries(text, dropped))
              .isPresent()) {
        return true;
      }
      for (CompilationUnit u : ctx.file().units()) {
        Optional<FunctionDefinition> helper = u.function(callee);
        if (helper.isPresent()
            && ctx.file().isAdded(helper.get().range().beginLine())
            && hasAddedComment(ctx, helper.get())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The helper's comment carries the dropped one when it holds at least half of the dropped
   * comment's words of four letters or more: reworded ("a page mapped for writing must be made
   * read-only before it is pinned" for "the device writes behind the page cache's back: ..."), not
   * a comment about something else ("Install PTEs, to map dst_addr to page").
   */
  static boolean carries(String helperComment, Comment dropped) {
    Set<String> said = words(String.join(" ", dropped.contentLines()));
    if (said.isEmpty()) {
      return false;
    }
    Set<String> kept = words(helperComment);
    long found = said.stream().filter(kept::contains).count();
    return found * 2 >= said.size();
  }

  private static final Pattern WORD = Pattern.compile("[a-z_][a-z0-9_']{3,}");

  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** The post-image units parsed from hunk {@code h} (hunks-only review). */
  private static List<CompilationUnit> unitsOf(RuleContext ctx, Hunk h) {
    int from = h.newStart();
    int to = h.newStart() + h.newCount();
    return ctx.file().units().stream()
        .filter(
            u -> u.range().beginLine() >= from && u.range().beginLine() < Math.max(to, from + 1))
        .toList();
  }

  private static boolean hasAddedComment(RuleContext ctx, FunctionDefinition f) {
    CompilationUnit cu = f.compilationUnit().orElseThrow();
    List<Comment> mine = new ArrayList<>(cu.commentsIn(f.range()));
    cu.commentAbove(f.range().beginLine()).ifPresent(mine::add);
    return mine.stream().anyMatch(c -> addsLine(ctx, c.range()));
  }

  private static boolean hunkAddsComment(RuleContext ctx, Hunk hunk) {
    for (CompilationUnit u : ctx.file().units()) {
      for (Comment c : u.comments()) {
        if (c.range().beginLine() >= hunk.newStart()
            && c.range().endLine() < hunk.newStart() + hunk.newCount()
            && addsLine(ctx, c.range())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean addsLine(RuleContext ctx, Range r) {
    for (int l = r.beginLine(); l <= r.endLine(); l++) {
      if (ctx.file().isAdded(l)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The post-image line now standing where the comment was: the first added line after it, or the
   * first unchanged line when the hunk goes on with context first.
   */
  private static Optional<Integer> standingLine(Hunk h, int commentEnd) {
    boolean after = false;
    for (HunkLine l : h.lines()) {
      if (l.kind() == HunkLine.Kind.REMOVE && l.oldLine() == commentEnd) {
        after = true;
      } else if (after && l.kind() != HunkLine.Kind.REMOVE) {
        return Optional.of(l.newLine());
      }
    }
    return Optional.empty();
  }
}
