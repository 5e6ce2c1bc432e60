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
import org.mmreview.ast.Words;
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
        if (!fullyRemoved(c, removed)
            || !explainsWhy(c)
            || provisional(c)
            || movedElsewhere(c, ctx)
            || messageExplains(ctx, c)) {
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
                .or(() -> hunk.get().headingFunction())
                .orElse(null);
        if (name == null
            || fn.filter(f -> fullyRemoved(f.range(), removed)).isPresent()
            || (below.isPresent() && !postSideMentions(hunk.get(), name))) {
          continue; // not about a function, or deleted together with the function it documented
        }
        if (commentAdded(ctx, name, hunk.get(), c)
            || rewordedElsewhere(ctx, c)
            || deletedWithItsCode(ctx, name, hunk.get(), c)) {
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

  private static final Pattern PROVISIONAL =
      Pattern.compile(
          "\\b(fixme|todo|xxx)\\b|\\bfor now\\b|\\bnot yet\\b|\\b(might|may|will) change\\b");

  /**
   * A FIXME, a TODO, or a note on a limitation "for now": it says what the code does not do yet,
   * not why it does what it does, and deleting it is what resolving it looks like (the THP FIXME
   * deleted by the patch that adds THP support).
   */
  static boolean provisional(Comment c) {
    return PROVISIONAL.matcher(String.join(" ", c.contentLines()).toLowerCase(Locale.ROOT)).find();
  }

  /**
   * The commit message speaks of the comment and shares at least two of its distinctive words: the
   * author said why it goes ("remove the stale comment" of a revert, naming the sparc64 mkdirty
   * case the note was about), which is what the rule's fix asks for.
   */
  static boolean messageExplains(RuleContext ctx, Comment c) {
    String message = ctx.file().patch().message().toLowerCase(Locale.ROOT);
    if (!message.contains("comment")) {
      return false;
    }
    Set<String> said = words(String.join(" ", c.contentLines()));
    said.removeAll(COMMON);
    Set<String> written = words(message);
    return said.stream().filter(written::contains).count() >= 2;
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
    return h.lines().stream()
        .anyMatch(
            l -> l.kind() != HunkLine.Kind.REMOVE && Words.callIndexOf(l.text(), name, 0) >= 0);
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
    List<Hunk> sameFunction = !ctx.file().partial() ? List.of(hunk) : hunksNaming(ctx, name, hunk);
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

  /** {@code hunk} and every other hunk of the file whose section heading names {@code name}. */
  private static List<Hunk> hunksNaming(RuleContext ctx, String name, Hunk hunk) {
    return ctx.file().change().stream()
        .flatMap(c -> c.hunks().stream())
        .filter(h -> h == hunk || h.headingFunction().filter(name::equals).isPresent())
        .toList();
  }

  /**
   * Most of the comment's words (of four letters or more, common words left out) are in one comment
   * the patch or an earlier patch of its series adds, anywhere: the explanation was reworded into a
   * helper's kerneldoc or a header, not dropped.
   */
  static boolean rewordedElsewhere(RuleContext ctx, Comment dropped) {
    Set<String> said = words(String.join(" ", dropped.contentLines()));
    said.removeAll(COMMON);
    if (said.size() < 4) {
      return false;
    }
    for (String added : ctx.series().addedComments()) {
      Set<String> kept = words(added);
      long found = said.stream().filter(kept::contains).count();
      if (found * 5 >= said.size() * 3) {
        return true;
      }
    }
    return false;
  }

  /** Words too common in mm comments to say that one comment carries another's explanation. */
  private static final Set<String> COMMON =
      Set.of(
          "this",
          "that",
          "with",
          "from",
          "have",
          "will",
          "when",
          "then",
          "than",
          "there",
          "here",
          "they",
          "them",
          "their",
          "which",
          "what",
          "were",
          "been",
          "being",
          "into",
          "only",
          "also",
          "some",
          "such",
          "each",
          "both",
          "does",
          "done",
          "doing",
          "just",
          "more",
          "most",
          "other",
          "must",
          "would",
          "could",
          "should",
          "might",
          "because",
          "since",
          "otherwise",
          "need",
          "needs",
          "page",
          "pages",
          "case",
          "make",
          "sure",
          "can't",
          "don't",
          "it's",
          "isn't",
          "we're",
          "there's",
          "these",
          "those",
          "while",
          "after",
          "before",
          "where",
          "over");

  /**
   * The code the comment sat above (its subject: the pre-image statements after it, up to a blank
   * line or the end of the block it is in) is deleted too, and neither rewritten in the function (a
   * call of the subject reappears on an added line of it), nor moved (its statements added
   * elsewhere), nor taken over by a helper the patch or series adds and the function now calls:
   * with its code gone there is nothing left to explain. A FIXME deleted with the early return it
   * was about, a note deleted with the error path it justified.
   */
  static boolean deletedWithItsCode(RuleContext ctx, String name, Hunk hunk, Comment c) {
    List<HunkLine> found = new ArrayList<>();
    boolean complete = subjectOf(hunk, c, found);
    // A comment that names code ("uffdio_copy.src + uffdio_copy.len") is about the lines holding
    // it, not every statement down to the next blank line.
    Set<String> named = namedCode(c);
    List<HunkLine> naming =
        found.stream().filter(l -> named.stream().anyMatch(l.text()::contains)).toList();
    List<HunkLine> subject = naming.isEmpty() ? found : naming;
    if (subject.isEmpty() || (naming.isEmpty() && !complete)) {
      return false; // not seen, or it runs past the hunk, unchanged there
    }
    if (subject.stream().anyMatch(l -> l.kind() != HunkLine.Kind.REMOVE)) {
      return false; // kept, or partly rewritten in place
    }
    List<String> added = new ArrayList<>();
    Set<String> calledBefore = new HashSet<>();
    for (Hunk h : hunksNaming(ctx, name, hunk)) {
      for (HunkLine l : h.lines()) {
        if (l.kind() == HunkLine.Kind.ADD) {
          added.add(l.text());
        } else if (l.kind() == HunkLine.Kind.REMOVE) {
          calledBefore.addAll(callees(l.text()));
        }
      }
    }
    Set<String> calls = new HashSet<>();
    for (HunkLine l : subject) {
      calls.addAll(callees(l.text()));
    }
    for (String a : added) {
      for (String callee : callees(a)) {
        if (calls.contains(callee)
            || (ctx.series().addsFunction(callee) && !calledBefore.contains(callee))) {
          // rewritten here, or taken over by a helper the patch or series adds (or changes the
          // signature of) and the function now calls; a call it made before is not a takeover
          return false;
        }
      }
    }
    List<String> statements =
        subject.stream().map(l -> l.text().strip()).filter(t -> t.length() >= 12).toList();
    long moved =
        statements.stream()
            .filter(t -> ctx.file().patch().addsText(t) || ctx.series().addsText(t))
            .count();
    return statements.isEmpty() || moved * 2 < statements.size();
  }

  /**
   * Fills {@code out} with the pre-image code lines after the comment, up to a blank line or a line
   * indented less than the comment (the enclosing block's closing brace, a label, a case); comment
   * lines are left out. False when the hunk ends first (the rest, unchanged, is not in {@code
   * out}).
   */
  private static boolean subjectOf(Hunk h, Comment c, List<HunkLine> out) {
    int indent = -1;
    boolean after = false;
    boolean inComment = false;
    for (HunkLine l : h.lines()) {
      if (l.kind() == HunkLine.Kind.ADD) {
        continue;
      }
      if (!after) {
        if (l.oldLine() == c.range().beginLine()) {
          indent = indentOf(l.text());
        }
        after = l.oldLine() == c.range().endLine();
        continue;
      }
      String t = l.text().strip();
      if (t.isEmpty() || indentOf(l.text()) < indent) {
        return true;
      }
      if (inComment || t.startsWith("/*") || t.startsWith("//")) {
        inComment = !t.contains("*/") && !t.startsWith("//");
        continue;
      }
      out.add(l);
    }
    return false;
  }

  private static final Pattern NAMED_CODE =
      Pattern.compile(
          "[A-Za-z_]\\w*(?:(?:\\.|->)\\w+)+|\\b[a-z]\\w*_\\w+\\b|\\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b");

  /**
   * The code the comment names: member accesses ({@code uffdio_copy.src}), identifiers with an
   * underscore ({@code pte_mkdirty}, {@code VM_WRITE}); ordinary words are not code.
   */
  private static Set<String> namedCode(Comment c) {
    Set<String> out = new HashSet<>();
    Matcher m = NAMED_CODE.matcher(String.join(" ", c.contentLines()));
    while (m.find()) {
      if (m.group().length() >= 4) {
        out.add(m.group());
      }
    }
    return out;
  }

  private static int indentOf(String line) {
    int width = 0;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '\t') {
        width = (width / 8 + 1) * 8;
      } else if (ch == ' ') {
        width++;
      } else {
        break;
      }
    }
    return width;
  }

  private static final Pattern CALL = Pattern.compile("\\b([A-Za-z_]\\w*)\\s*\\(");

  /** Not what a statement does: control flow, annotations, and checks wrapped around anything. */
  private static final Set<String> NOT_CALLS =
      Set.of(
          "if",
          "for",
          "while",
          "switch",
          "return",
          "sizeof",
          "typeof",
          "likely",
          "unlikely",
          "WARN_ON",
          "WARN_ON_ONCE",
          "BUG_ON",
          "VM_BUG_ON",
          "VM_WARN_ON",
          "VM_WARN_ON_ONCE",
          "READ_ONCE",
          "WRITE_ONCE",
          "ARRAY_SIZE");

  private static Set<String> callees(String line) {
    Set<String> out = new HashSet<>();
    Matcher m = CALL.matcher(line);
    while (m.find()) {
      if (!NOT_CALLS.contains(m.group(1))) {
        out.add(m.group(1));
      }
    }
    return out;
  }
}
