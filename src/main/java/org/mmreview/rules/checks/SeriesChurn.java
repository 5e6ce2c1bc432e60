package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.Range;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.SeriesContext;

/**
 * A later patch of a series changes again lines an earlier patch of the same series added, in one
 * of the two ways reviewers ask to fold into the earlier patch:
 *
 * <ul>
 *   <li><b>reformat</b>: a run of removed lines, every one added by the same earlier patch,
 *       replaced by added lines with the same tokens (re-wrapped, re-spaced). Only re-indenting
 *       each line alone is left out: that is what code moved into a new block looks like.
 *   <li><b>constant</b>: the patch defines a macro ({@code #define NAME ...}) and puts it in place
 *       of a number on lines an earlier patch added ({@code char buf[80]} becoming {@code char
 *       buf[MAX_BUF_SZ]}): the earlier patch should have brought the name.
 * </ul>
 *
 * <p>Not a changed value of a {@code #define} an earlier patch added: over the corpus that was a
 * count growing with the tests a series adds, ioctl numbers renumbered, a definition moved under a
 * config option, or only its comment reworded, never churn a reviewer asked to fold.
 *
 * <p>Which lines an earlier patch added comes from the series-aware review ({@link
 * SeriesContext#addedEarlier}): followed line by line through the patches in between, and checked
 * against the text, so a removed line that merely reads like one an earlier patch added elsewhere
 * does not count. Patches reviewed on their own, and the first patch of a series, have nothing to
 * report. A later patch that reworks what an earlier one added (new tokens, not only new layout) is
 * the normal shape of a series and is left alone.
 */
public final class SeriesChurn extends FileRule {
  private static final Pattern TOKEN =
      Pattern.compile(
          "[A-Za-z_]\\w*|0[xX][0-9a-fA-F]+[uUlL]*|\\d+[uUlL]*|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|\\S");
  private static final Pattern NUMBER = Pattern.compile("0[xX][0-9a-fA-F]+[uUlL]*|\\d+[uUlL]*");
  private static final Pattern DEFINE =
      Pattern.compile("^\\s*#\\s*define\\s+([A-Za-z_]\\w*)(?![\\w(])\\s*(.*?)\\s*$");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    Optional<FileChange> change = file.change();
    // both findings need lines an earlier patch of the series added (addedBy)
    if (change.isEmpty() || !ctx.series().addedEarlierTo(change.get().oldPath())) {
      return;
    }
    String oldPath = change.get().oldPath();
    Map<String, HunkLine> defined = definedHere(change.get());
    Map<String, Replaced> replaced = new LinkedHashMap<>();
    for (Hunk h : change.get().hunks()) {
      for (Block b : blocks(h)) {
        reformat(ctx, oldPath, b);
        if (!defined.isEmpty()) { // a number replaced needs a macro the patch defines
          constant(ctx, oldPath, b, defined, replaced);
        }
      }
    }
    // one finding per name, on its definition, with every line it replaced a number on
    replaced.forEach(
        (name, r) -> {
          RuleContext.FindingBuilder f =
              ctx.at(line(ctx, defined.get(name).newLine()))
                  .variant("named_constant")
                  .arg("name", name)
                  .arg("literal", r.literal())
                  .arg("patch", r.patch());
          for (HunkLine u : r.uses()) {
            f.related(line(ctx, u.newLine()), "in place of a number patch " + r.patch() + " added");
          }
          f.report();
        });
  }

  /** A macro the patch defines put in place of numbers an earlier patch wrote out. */
  private record Replaced(String literal, String patch, List<HunkLine> uses) {}

  /** A run of removed lines and the added lines right after them (either may be empty). */
  private record Block(List<HunkLine> removed, List<HunkLine> added) {}

  private static List<Block> blocks(Hunk h) {
    List<Block> out = new ArrayList<>();
    List<HunkLine> removed = new ArrayList<>();
    List<HunkLine> added = new ArrayList<>();
    for (HunkLine l : h.lines()) {
      if (l.kind() == HunkLine.Kind.CONTEXT
          || (l.kind() == HunkLine.Kind.REMOVE && !added.isEmpty())) {
        if (!removed.isEmpty() || !added.isEmpty()) {
          out.add(new Block(List.copyOf(removed), List.copyOf(added)));
        }
        removed.clear();
        added.clear();
      }
      if (l.kind() == HunkLine.Kind.REMOVE) {
        removed.add(l);
      } else if (l.kind() == HunkLine.Kind.ADD) {
        added.add(l);
      }
    }
    if (!removed.isEmpty() || !added.isEmpty()) {
      out.add(new Block(removed, added));
    }
    return out;
  }

  /** The patch's added {@code #define}s of this file, by name. */
  private static Map<String, HunkLine> definedHere(FileChange c) {
    Map<String, HunkLine> out = new LinkedHashMap<>();
    for (Hunk h : c.hunks()) {
      for (HunkLine l : h.lines()) {
        if (l.kind() != HunkLine.Kind.ADD || l.text().indexOf('#') < 0) {
          continue;
        }
        Matcher m = DEFINE.matcher(l.text());
        if (m.find()) {
          out.putIfAbsent(m.group(1), l);
        }
      }
    }
    return out;
  }

  /** The earlier patch that added every one of {@code lines}, when one did. */
  private static Optional<String> addedBy(RuleContext ctx, String oldPath, List<HunkLine> lines) {
    String patch = null;
    for (HunkLine l : lines) {
      Optional<SeriesContext.AddedLine> a =
          ctx.series().addedEarlier(oldPath, l.oldLine(), l.text());
      if (a.isEmpty() || (patch != null && !patch.equals(a.get().patch()))) {
        return Optional.empty();
      }
      patch = a.get().patch();
    }
    return Optional.ofNullable(patch);
  }

  private void reformat(RuleContext ctx, String oldPath, Block b) {
    if (b.removed().isEmpty() || b.added().isEmpty()) {
      return;
    }
    // equal tokens need equal text once white space is dropped: most blocks differ there, and the
    // tokenising regex is spared them
    if (!sameNonBlank(b.removed(), b.added())) {
      return;
    }
    List<String> before = tokens(b.removed());
    if (before.isEmpty() || !before.equals(tokens(b.added())) || onlyReindented(b)) {
      return;
    }
    Optional<String> patch = addedBy(ctx, oldPath, b.removed());
    if (patch.isEmpty()) {
      return;
    }
    int n = b.removed().size();
    ctx.at(line(ctx, b.added().get(0).newLine()))
        .arg("lines", n == 1 ? "a line" : n + " lines")
        .arg("patch", patch.get())
        .report();
  }

  /**
   * The same number of lines, each the same once stripped: only the indentation moved, as when the
   * code went into a new block.
   */
  private static boolean onlyReindented(Block b) {
    if (b.removed().size() != b.added().size()) {
      return false;
    }
    for (int i = 0; i < b.removed().size(); i++) {
      if (!b.removed().get(i).text().strip().equals(b.added().get(i).text().strip())) {
        return false;
      }
    }
    return true;
  }

  private static void constant(
      RuleContext ctx,
      String oldPath,
      Block b,
      Map<String, HunkLine> defined,
      Map<String, Replaced> replaced) {
    for (HunkLine r : b.removed()) {
      Optional<String> by = addedBy(ctx, oldPath, List.of(r));
      if (by.isEmpty() || b.added().isEmpty()) {
        continue;
      }
      for (HunkLine a : b.added()) {
        Optional<String[]> swap = literalReplaced(r.text(), a.text(), defined);
        if (swap.isPresent()) {
          replaced
              .computeIfAbsent(
                  swap.get()[0], n -> new Replaced(swap.get()[1], by.get(), new ArrayList<>()))
              .uses()
              .add(a);
          break;
        }
      }
    }
  }

  /**
   * When {@code now} is {@code was} with one number replaced by an expression naming a macro the
   * patch defines ({@code 80} by {@code MAX_SZ}, {@code 79} by {@code MAX_SZ - 1}): that name and
   * the number.
   */
  private static Optional<String[]> literalReplaced(
      String was, String now, Map<String, HunkLine> defined) {
    List<String> a = tokens(code(was));
    List<String> b = tokens(code(now));
    int pre = 0;
    while (pre < a.size() && pre < b.size() && a.get(pre).equals(b.get(pre))) {
      pre++;
    }
    int post = 0;
    while (post < a.size() - pre
        && post < b.size() - pre
        && a.get(a.size() - 1 - post).equals(b.get(b.size() - 1 - post))) {
      post++;
    }
    List<String> gone = a.subList(pre, a.size() - post);
    List<String> came = b.subList(pre, b.size() - post);
    if (gone.size() != 1 || !NUMBER.matcher(gone.get(0)).matches() || came.isEmpty()) {
      return Optional.empty();
    }
    String name = null;
    for (String t : came) {
      if (defined.containsKey(t)) {
        name = name == null ? t : name;
      } else if (!NUMBER.matcher(t).matches() && !t.matches("[-+*/()]")) {
        return Optional.empty();
      }
    }
    return name == null ? Optional.empty() : Optional.of(new String[] {name, gone.get(0)});
  }

  /** The line without a trailing comment (a comment moved above it is not a change of code). */
  private static String code(String line) {
    int c = line.indexOf("/*");
    int d = line.indexOf("//");
    int cut = c < 0 ? d : d < 0 ? c : Math.min(c, d);
    return cut < 0 ? line : line.substring(0, cut);
  }

  /**
   * Whether the two runs of lines have the same characters once their white space is dropped and
   * their lines are run together; compared in place, as most blocks differ early.
   */
  private static boolean sameNonBlank(List<HunkLine> a, List<HunkLine> b) {
    NonBlank x = new NonBlank(a);
    NonBlank y = new NonBlank(b);
    while (true) {
      int c = x.next();
      if (c != y.next()) {
        return false;
      }
      if (c < 0) {
        return true;
      }
    }
  }

  /** The characters of some lines that are not white space, one at a time. */
  private static final class NonBlank {
    private final List<HunkLine> lines;
    private int line;
    private int at;

    NonBlank(List<HunkLine> lines) {
      this.lines = lines;
    }

    /** The next such character, or -1 after the last. */
    int next() {
      while (line < lines.size()) {
        String t = lines.get(line).text();
        while (at < t.length()) {
          char c = t.charAt(at++);
          if (!Character.isWhitespace(c)) {
            return c;
          }
        }
        line++;
        at = 0;
      }
      return -1;
    }
  }

  private static List<String> tokens(List<HunkLine> lines) {
    List<String> out = new ArrayList<>();
    lines.forEach(l -> out.addAll(tokens(l.text())));
    return out;
  }

  private static List<String> tokens(String text) {
    return TOKEN.matcher(text).results().map(MatchResult::group).toList();
  }

  /** The post-image line {@code line}, from its first character to its end. */
  private static Range line(RuleContext ctx, int line) {
    int width = ctx.file().lineText(line).map(String::length).orElse(1);
    return new Range(line, 1, line, Math.max(2, width + 1), 0, 0);
  }
}
