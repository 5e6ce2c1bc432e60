package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.ast.Words;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A comment the patch keeps or adds names a function or identifier that the patch removed: the last
 * call, the definition, a renamed flag or variable. The comment now describes code that is gone.
 *
 * <p><b>Which names.</b> Identifiers of the code on removed lines (comments and strings left out)
 * that are distinctive enough to be code when a comment names them: an underscore or a digit in
 * them, or all capitals ({@code folio_put}, {@code MFILL_ATOMIC_WP}, {@code old_addr}); plain words
 * ({@code page}, {@code vma}) are not, and neither are member names after {@code .}/{@code ->} (the
 * field lives on in its struct) nor {@code struct}/{@code enum} tags.
 *
 * <p><b>Gone.</b> The name must not appear in the code of the post-image: the whole file when it is
 * known, else every post-image line of the file's hunks; nor in the code the patch adds to any
 * other file (moved, not removed). With only hunks, a name may live on outside them, so the rule
 * then also wants its definition removed (a function header, a {@code #define}, an enumerator) or
 * the comment in the very hunk that removed it.
 *
 * <p><b>Where.</b> Comments in the post-image function the removal was in, or directly above it;
 * for a removed definition, any comment of the file. One finding per comment, on its line naming
 * the name; it is about removed code, so a patch review keeps it although the comment may be old.
 *
 * <p>Patch reviews only: without a patch nothing is removed.
 */
public final class StaleCommentReference extends FileRule {
  private static final Pattern IDENT = Pattern.compile("(?<![\\w.>])([A-Za-z_]\\w*)\\b");
  private static final Pattern DISTINCTIVE =
      Pattern.compile(".*[a-z0-9]_[a-z0-9].*|[A-Z][A-Z0-9_]{3,}");
  private static final Set<String> COMMON =
      Set.of(
          "READ_ONCE",
          "WRITE_ONCE",
          "NULL",
          "EXPORT_SYMBOL",
          "EXPORT_SYMBOL_GPL",
          "VM_BUG_ON",
          "VM_WARN_ON",
          "VM_WARN_ON_ONCE",
          "WARN_ON",
          "WARN_ON_ONCE",
          "BUG_ON",
          "PAGE_SIZE",
          "PAGE_SHIFT",
          "PAGE_MASK",
          "GFP_KERNEL",
          "CONFIG",
          "ENOMEM",
          "EINVAL",
          "EFAULT",
          "EAGAIN",
          "ENOENT",
          "EEXIST",
          "EBUSY",
          "EPERM",
          "unsigned_long");
  private static final Pattern FUNCTION_HEADER =
      Pattern.compile("^[A-Za-z_][\\w\\s\\*]*?\\b([A-Za-z_]\\w*)\\s*\\(");
  private static final Pattern DEFINE = Pattern.compile("^\\s*#\\s*define\\s+([A-Za-z_]\\w*)");
  private static final Pattern ENUMERATOR = Pattern.compile("^\\s+([A-Z][A-Z0-9_]+)\\s*(=[^,]*)?,");
  private static final Pattern DECLARATION =
      Pattern.compile(
          "(^\\s*|[(,]\\s*)(?:const\\s+)?(?:struct\\s+\\w+|union\\s+\\w+|enum\\s+\\w+|unsigned"
              + "(?:\\s+(?:long|int|char|short))*|long(?:\\s+long)?|int|bool|char|short|[us](?:8|16|32|64)"
              + "|\\w+_t)\\s*\\*{0,2}\\s*([A-Za-z_]\\w*)\\s*(?=[;,=)\\[])");
  private static final Pattern GONE =
      Pattern.compile(
          "\\b(no longer|not|never|instead|rather than|without|removed?|replac\\w*|unlike|used to"
              + "|previously|formerly|any ?more|obsolete|gone|dropped)\\b|n't\\b");
  private static final Pattern TAG = Pattern.compile("\\b(struct|union|enum)\\s+([A-Za-z_]\\w*)");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    Optional<FileChange> change = file.change();
    if (change.isEmpty()) {
      return;
    }
    List<Hunk> hunks = change.get().hunks();
    String postCode = postImageCode(file, change.get());
    Map<String, Boolean> definedRemoved = removedDefinitions(hunks);
    Set<String> declaredLocals = removedDeclarations(hunks);
    String otherAdded = addedElsewhere(file, change.get());
    Map<Comment, String> reported = new LinkedHashMap<>();
    for (Hunk h : hunks) {
      for (Map.Entry<String, Integer> removed : removedNames(h).entrySet()) {
        String name = removed.getKey();
        boolean definition = definedRemoved.containsKey(name);
        if (mentions(postCode, name)
            || mentions(otherAdded, name)
            || !(definition || declaredLocals.contains(name))) {
          continue; // still used, moved, or a kernel-wide name whose last use here went
        }
        boolean function = definition ? definedRemoved.get(name) : calledIn(h, name);
        for (Comment c : commentsInScope(file, h, removed.getValue(), definition)) {
          if (reported.containsKey(c)) {
            continue;
          }
          Optional<Integer> line = lineNaming(file, c, name);
          if (line.isPresent() && !saysItIsGone(c, name)) {
            reported.put(c, name);
            ctx.at(new Range(line.get(), 1, line.get(), 2, 0, 0))
                .arg("name", name + (function ? "()" : ""))
                .arg("what", definition ? "defines" : "uses")
                .aboutRemovedCode()
                .report();
          }
        }
      }
    }
  }

  /** The post-image's code without comments: the whole file, or every post-image hunk line. */
  private static String postImageCode(ReviewedFile file, FileChange change) {
    if (!file.partial() && change.postImage().isPresent()) {
      return stripComments(change.postImage().get());
    }
    // Each hunk on its own: a comment a hunk cuts off must not hide the next hunk's code.
    StringBuilder sb = new StringBuilder();
    for (Hunk h : change.hunks()) {
      for (String code : codeLines(h.lines(), HunkLine.Kind.REMOVE)) {
        sb.append(code).append('\n');
      }
    }
    return sb.toString();
  }

  /** What the patch adds to the other files, comments left out. */
  private static String addedElsewhere(ReviewedFile file, FileChange mine) {
    Set<String> own = new HashSet<>();
    for (Hunk h : mine.hunks()) {
      for (HunkLine l : h.lines()) {
        if (l.kind() == HunkLine.Kind.ADD) {
          own.add(l.text());
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String l : file.patch().addedLines()) {
      if (!own.contains(l)) {
        sb.append(l).append('\n');
      }
    }
    return stripComments(sb.toString());
  }

  /**
   * The distinctive identifiers of the hunk's removed code, with the post-image line where the
   * removal stands (the next line the hunk keeps or adds, else the last one before).
   */
  private static Map<String, Integer> removedNames(Hunk h) {
    Map<String, Integer> out = new LinkedHashMap<>();
    List<HunkLine> lines = h.lines();
    String[] code = codeLines(lines, HunkLine.Kind.ADD);
    for (int i = 0; i < lines.size(); i++) {
      HunkLine l = lines.get(i);
      if (l.kind() != HunkLine.Kind.REMOVE || l.text().stripLeading().startsWith("#include")) {
        continue;
      }
      String text = code[i];
      Set<String> tags = new HashSet<>();
      Matcher t = TAG.matcher(text);
      while (t.find()) {
        tags.add(t.group(2));
      }
      Matcher m = IDENT.matcher(text);
      while (m.find()) {
        String name = m.group(1);
        if (DISTINCTIVE.matcher(name).matches() && !COMMON.contains(name) && !tags.contains(name)) {
          out.putIfAbsent(name, standingLine(lines, i, h));
        }
      }
    }
    return out;
  }

  private static int standingLine(List<HunkLine> lines, int i, Hunk h) {
    for (int j = i + 1; j < lines.size(); j++) {
      if (lines.get(j).kind() != HunkLine.Kind.REMOVE) {
        return lines.get(j).newLine();
      }
    }
    for (int j = i - 1; j >= 0; j--) {
      if (lines.get(j).kind() != HunkLine.Kind.REMOVE) {
        return lines.get(j).newLine();
      }
    }
    return h.newStart();
  }

  /** True when a removed line of the hunk calls {@code name}. */
  private static boolean calledIn(Hunk h, String name) {
    return h.lines().stream()
        .anyMatch(
            l -> l.kind() == HunkLine.Kind.REMOVE && Words.callIndexOf(l.text(), name, 0) >= 0);
  }

  /**
   * The names whose definition a removed line holds (function headers, macros, enumerators), each
   * with whether it is function-like.
   */
  private static Map<String, Boolean> removedDefinitions(List<Hunk> hunks) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (String text : removedCode(hunks)) {
      Matcher f = FUNCTION_HEADER.matcher(text);
      if (f.find() && !text.strip().endsWith(";")) {
        out.put(f.group(1), true);
      }
      Matcher d = DEFINE.matcher(text);
      if (d.find()) {
        out.put(d.group(1), text.length() > d.end() && text.charAt(d.end()) == '(');
      }
      Matcher e = ENUMERATOR.matcher(text);
      if (e.find()) {
        out.put(e.group(1), false);
      }
    }
    return out;
  }

  /**
   * The names a removed line declares as a variable or parameter ({@code unsigned long old_end;},
   * {@code struct folio *src_folio = NULL, *dst_folio;}, a parameter of a removed header line).
   */
  private static Set<String> removedDeclarations(List<Hunk> hunks) {
    Set<String> out = new HashSet<>();
    for (String text : removedCode(hunks)) {
      Matcher m = DECLARATION.matcher(text);
      while (m.find()) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  /** The code of every removed line of {@code hunks}, in order, comments and strings blanked. */
  private static List<String> removedCode(List<Hunk> hunks) {
    List<String> out = new ArrayList<>();
    for (Hunk h : hunks) {
      List<HunkLine> lines = h.lines();
      String[] code = codeLines(lines, HunkLine.Kind.ADD);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).kind() == HunkLine.Kind.REMOVE) {
          out.add(code[i]);
        }
      }
    }
    return out;
  }

  /**
   * True when the sentence of {@code c} naming {@code name} says it is gone or does not apply
   * ("ZONE_HIGHMEM does not apply", "no longer calls foo()", "instead of foo()"): the comment is
   * about the removal, not stale.
   */
  private static boolean saysItIsGone(Comment c, String name) {
    for (String sentence : c.content().split("(?<=[.;:!?])\\s+")) {
      if (mentions(sentence, name) && GONE.matcher(sentence.toLowerCase(Locale.ROOT)).find()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The post-image comments a removal at {@code line} of hunk {@code h} can make stale: in the
   * function enclosing it or directly above it; the whole file's for a removed definition. With
   * only hunks, the comments of that hunk (and of the file's other hunks for a definition).
   */
  private static List<Comment> commentsInScope(
      ReviewedFile file, Hunk h, int line, boolean definition) {
    List<Comment> out = new ArrayList<>();
    for (CompilationUnit u : file.units()) {
      if (file.partial()) {
        for (Comment c : u.comments()) {
          if (definition || inHunk(c, h)) {
            out.add(c);
          }
        }
        continue;
      }
      if (definition) {
        out.addAll(u.comments());
        continue;
      }
      for (FunctionDefinition f : u.functions()) {
        if (f.range().beginLine() <= line && line <= f.range().endLine()) {
          u.commentAbove(f.range().beginLine()).ifPresent(out::add);
          out.addAll(u.commentsIn(f.range()));
        }
      }
    }
    return out;
  }

  private static boolean inHunk(Comment c, Hunk h) {
    return c.range().beginLine() >= h.newStart()
        && c.range().endLine() < h.newStart() + Math.max(h.newCount(), 1);
  }

  /** The post-image line of comment {@code c} that names {@code name} as a word. */
  private static Optional<Integer> lineNaming(ReviewedFile file, Comment c, String name) {
    Pattern word = Pattern.compile("(?<![\\w])" + Pattern.quote(name) + "(?![\\w])");
    for (int l = c.range().beginLine(); l <= c.range().endLine(); l++) {
      Optional<String> text = file.lineText(l);
      if (text.isPresent() && word.matcher(text.get()).find()) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  private static boolean mentions(String code, String name) {
    return Pattern.compile("(?<![\\w])" + Pattern.quote(name) + "(?![\\w])").matcher(code).find();
  }

  /**
   * The code of each hunk line of the side without {@code skip} lines, comments and string literals
   * blanked; a block comment carries over from line to line of that side.
   */
  private static String[] codeLines(List<HunkLine> lines, HunkLine.Kind skip) {
    String[] out = new String[lines.size()];
    boolean inComment = false;
    for (int i = 0; i < lines.size(); i++) {
      HunkLine l = lines.get(i);
      if (l.kind() == skip) {
        out[i] = "";
        continue;
      }
      String t = l.text();
      if (!inComment && t.stripLeading().startsWith("*")) {
        inComment = true; // a hunk that starts inside a block comment
      }
      StringBuilder sb = new StringBuilder();
      inComment = strip(t, inComment, sb);
      out[i] = sb.toString();
    }
    return out;
  }

  private static String stripComments(String text) {
    StringBuilder sb = new StringBuilder();
    boolean inComment = false;
    for (String line : text.split("\n", -1)) {
      inComment = strip(line, inComment, sb);
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Appends {@code line} without comments and strings; returns whether a block comment is open. */
  private static boolean strip(String line, boolean inComment, StringBuilder sb) {
    int i = 0;
    boolean open = inComment;
    while (i < line.length()) {
      if (open) {
        int end = line.indexOf("*/", i);
        if (end < 0) {
          return true;
        }
        i = end + 2;
        open = false;
        continue;
      }
      char ch = line.charAt(i);
      if (line.startsWith("/*", i)) {
        open = true;
        i += 2;
      } else if (line.startsWith("//", i)) {
        return false;
      } else if (ch == '"' || ch == '\'') {
        int j = i + 1;
        while (j < line.length() && line.charAt(j) != ch) {
          j += line.charAt(j) == '\\' ? 2 : 1;
        }
        sb.append(' ');
        i = j + 1;
      } else {
        sb.append(ch);
        i++;
      }
    }
    return open;
  }
}
