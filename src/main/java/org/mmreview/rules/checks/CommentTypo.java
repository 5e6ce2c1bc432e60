package org.mmreview.rules.checks;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.Fact;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.checks.typo.Speller;
import org.mmreview.rules.checks.typo.WordList;

/**
 * A misspelt word in a comment the patch adds: not a word of kernel comments or of English (the
 * {@link WordList} built from Linux 6.12 and Debian's word lists), not a name of the file's code,
 * and one edit from a frequent word ({@code aync} for {@code async}), or, when long, two edits from
 * a name the file's code uses ({@code seceremem} for {@code secretmem}). The misspellings of
 * checkpatch.pl's scripts/spelling.txt are left to it.
 *
 * <p>Capitalised words inside a sentence are names (of people, companies, products) and are left
 * alone; so are words with digits, underscores or inner punctuation (identifiers, paths, e-mail
 * addresses), and words in upper case (acronyms). Kernel files only: not tools/ or scripts/.
 */
public final class CommentTypo extends FileRule {
  /** The reference definitions; the scans below are their equivalents (CommentTypoScanTest). */
  static final Pattern TOKEN = Pattern.compile("\\S+");

  /** Paths, addresses, file names, identifiers, abbreviations with dots: not prose. */
  static final Pattern NOT_PROSE = Pattern.compile("[/_@.0-9\\\\$%&+=<>#]|-$");

  static final Pattern WORD = Pattern.compile("[A-Za-z][a-z]+(?:'s)?");

  /** The reference definition of a name of the code; {@link #nextIdentifier} scans for it. */
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static final String EDGE_PUNCTUATION = ".,;:!?()\"'`[]{}<>*=|~%#/";

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    String p = "/" + file.path();
    if (!(p.endsWith(".c") || p.endsWith(".h"))
        || p.contains("/tools/")
        || p.contains("/scripts/")) {
      return;
    }
    Speller speller = new Speller(WordList.shipped());
    Supplier<Set<String>> names = () -> ctx.get(NAMES);
    for (CompilationUnit unit : file.units()) {
      for (Comment c : unit.comments()) {
        // only added lines are spell-checked
        if (file.addsLineOf(c.range())) {
          checkComment(c, file, speller, names, ctx);
        }
      }
    }
  }

  private static void checkComment(
      Comment c, ReviewedFile file, Speller speller, Supplier<Set<String>> names, RuleContext ctx) {
    Range r = c.range();
    String[] lines = c.text().split("\n", -1);
    boolean sentenceStart = true;
    for (int i = 0; i < lines.length; i++) {
      int line = r.beginLine() + i;
      // Columns of the comment's first line count from where the comment starts.
      int columnBase = i == 0 ? r.beginColumn() : 1;
      String text = lines[i];
      boolean added = file.isAdded(line);
      // the tokens of TOKEN, found by a scan (CommentTypoScanTest): a regex search per line of
      // every added comment was a quarter of this rule's cost
      int end = 0;
      while (true) {
        int start = nextToken(text, end);
        if (start == text.length()) {
          break;
        }
        end = tokenEnd(text, start);
        String token = text.substring(start, end);
        int from = 0;
        int to = token.length();
        while (from < to && EDGE_PUNCTUATION.indexOf(token.charAt(from)) >= 0) {
          from++;
        }
        while (to > from && EDGE_PUNCTUATION.indexOf(token.charAt(to - 1)) >= 0) {
          to--;
        }
        String core = token.substring(from, to);
        boolean startsSentence = sentenceStart;
        char last = token.charAt(token.length() - 1);
        boolean ends = last == '.' || last == '!' || last == '?' || last == ':';
        // A lone `*` or `/*` neither ends a sentence nor starts one.
        sentenceStart = core.isEmpty() ? sentenceStart || ends : ends;
        // A word split at the end of the line (`appli-` / `cation`) is not a word of its own.
        if (!added || core.isEmpty() || notProse(core)) {
          continue;
        }
        int pieceStart = 0;
        for (String piece : core.split("-", -1)) {
          int at = pieceStart;
          pieceStart += piece.length() + 1;
          if (!isWord(piece)) {
            continue;
          }
          String word = piece.endsWith("'s") ? piece.substring(0, piece.length() - 2) : piece;
          if (Character.isUpperCase(word.charAt(0)) && !(startsSentence && at == 0)) {
            continue;
          }
          Optional<String> fix = speller.correction(word, names);
          if (fix.isPresent()) {
            int column = columnBase + start + from + at;
            ctx.at(new Range(line, column, line, column + word.length(), 0, 0))
                .arg("word", word)
                .arg("correction", fix.get())
                .report();
          }
        }
      }
    }
  }

  /** Where the regex {@code \\s} (ASCII white space only) matches. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** The start of the next run of {@link #TOKEN} at or after {@code from}, or the text's length. */
  static int nextToken(String text, int from) {
    int i = from;
    while (i < text.length() && isRegexSpace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The end of the run of {@link #TOKEN} that starts at {@code from}. */
  static int tokenEnd(String text, int from) {
    int i = from;
    while (i < text.length() && !isRegexSpace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * Whether {@link #NOT_PROSE} finds a match in {@code core}: one of its characters, or a {@code -}
   * at the end, where {@code $} also matches before one final line terminator (a token holds no
   * {@code \n} or {@code \r}, but may end with {@code \u0085}, {@code \u2028} or {@code \u2029};
   * the others are tested for the regex's answer on any text).
   */
  static boolean notProse(String core) {
    for (int i = 0; i < core.length(); i++) {
      char c = core.charAt(i);
      if ((c >= '0' && c <= '9') || "/_@.\\$%&+=<>#".indexOf(c) >= 0) {
        return true;
      }
    }
    int n = core.length();
    char last = core.charAt(n - 1);
    if (last == '-') {
      return true;
    }
    if (core.endsWith("\r\n")) {
      return n >= 3 && core.charAt(n - 3) == '-';
    }
    boolean terminator =
        last == '\n' || last == '\r' || last == '\u0085' || last == '\u2028' || last == '\u2029';
    return terminator && n >= 2 && core.charAt(n - 2) == '-';
  }

  /** Whether {@link #WORD} matches the whole of {@code piece}. */
  static boolean isWord(String piece) {
    int n = piece.length();
    if (n < 2) {
      return false;
    }
    char first = piece.charAt(0);
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
      return false;
    }
    int k = 1;
    while (k < n && piece.charAt(k) >= 'a' && piece.charAt(k) <= 'z') {
      k++;
    }
    return k >= 2
        && (k == n || (k == n - 2 && piece.charAt(k) == '\'' && piece.charAt(k + 1) == 's'));
  }

  /** The start of the next match of {@link #IDENTIFIER} at or after {@code from}, or the length. */
  static int nextIdentifier(CharSequence code, int from) {
    int i = from;
    while (i < code.length() && !isIdentifierStart(code.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The end of the match of {@link #IDENTIFIER} that starts at {@code from} (greedy). */
  static int identifierEnd(CharSequence code, int from) {
    int i = from + 1;
    while (i < code.length()
        && (isIdentifierStart(code.charAt(i))
            || (code.charAt(i) >= '0' && code.charAt(i) <= '9'))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  /**
   * The names of the file's code in lower case, whole and split at {@code _}: a word of a comment
   * that the code uses is not a typo whatever the dictionary says. Hunk-only reviews see the names
   * of the hunks.
   */
  private static final Fact<Set<String>> NAMES =
      Fact.perFile(
          ctx -> {
            Set<String> out = new HashSet<>();
            for (CompilationUnit unit : ctx.file().units()) {
              StringBuilder code = new StringBuilder(unit.source());
              for (Comment c : unit.comments()) {
                int b = Math.max(0, c.range().beginOffset() - unit.sourceOffset());
                int e = Math.min(code.length(), c.range().endOffset() - unit.sourceOffset());
                for (int i = b; i < e; i++) {
                  if (code.charAt(i) != '\n') {
                    code.setCharAt(i, ' ');
                  }
                }
              }
              // the matches of IDENTIFIER, found by a scan: the regex search over every file's
              // source was most of this fact's cost
              int end = 0;
              while (true) {
                int start = nextIdentifier(code, end);
                if (start == code.length()) {
                  break;
                }
                end = identifierEnd(code, start);
                String id = code.substring(start, end).toLowerCase(Locale.ROOT);
                out.add(id);
                if (id.indexOf('_') < 0) {
                  continue; // its only part is the whole name
                }
                for (String part : id.split("_")) {
                  if (!part.isEmpty()) {
                    out.add(part);
                  }
                }
              }
            }
            return out;
          });
}
