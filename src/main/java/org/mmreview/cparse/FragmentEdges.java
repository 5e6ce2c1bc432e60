package org.mmreview.cparse;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CommonToken;
import org.mmreview.cparse.grammar.KernelCLexer;

/**
 * Where a hunk's tokens stop being cut statements. A diff's context lines start and stop at any
 * line, so a hunk inside a function body often begins with the tail of a statement the hunk does
 * not show ({@code page, mapping);} of a multi-line call, {@code b) {} of a condition, {@code }
 * else {}) and ends with the head of one ({@code pr_warn("...",} or a lone {@code if (x)}). Each
 * of these makes the whole run fail, and the piecewise fallback then loses more than the cut
 * statement: an {@code else} block is one piece that cannot parse alone, nor can the {@code if}
 * whose {@code else} the hunk's end cuts. These methods find the cut parts so that the parser can
 * set them aside and read the rest as the whole statements it is.
 */
final class FragmentEdges {
  private FragmentEdges() {}

  /**
   * The index in {@code toks[from, to)} of the first token after a cut head: {@code from} when no
   * ')' or ']' closes what the run did not open. Otherwise the run starts inside a call or a
   * condition; the cut part runs to the bracket that closes the most, and then, unless a block
   * follows it (the body of a cut {@code if (...)} condition, kept), to the end of the statement it
   * belongs to: a ';' at the bracket depth it reached, so that a cut condition's single-statement
   * body is not read as an unconditional statement.
   */
  static int headEnd(List<CommonToken> toks, int from, int to) {
    int depth = 0;
    int min = 0;
    int afterMin = from;
    for (int i = from; i < to; i++) {
      int ty = toks.get(i).getType();
      if (isOpen(ty)) {
        depth++;
      } else if (isClose(ty)) {
        depth--;
        if (depth < min) {
          min = depth;
          afterMin = i + 1;
        }
      } else if (depth <= 0 && isBoundary(ty)) {
        // the first statement's end: a bracket closed after it is not the hunk's start's doing
        break;
      }
    }
    if (min == 0 || afterMin >= to) {
      return from;
    }
    if (toks.get(afterMin).getType() == KernelCLexer.LeftBrace) {
      return afterMin;
    }
    int d = 0;
    for (int i = afterMin; i < to; i++) {
      int ty = toks.get(i).getType();
      if (isOpen(ty) || ty == KernelCLexer.LeftBrace) {
        d++;
      } else if (isClose(ty) || ty == KernelCLexer.RightBrace) {
        d--;
        if (d < 0) {
          // a '}' closing the block the cut statement sat in: the statement ends before it
          return i;
        }
      } else if (ty == KernelCLexer.Semi && d == 0) {
        return i + 1;
      }
    }
    return to;
  }

  /**
   * The index in {@code toks[from, to)} just after the last whole statement: after the last ';',
   * '{' or '}' outside brackets ({@code to} when the run ends with one), {@code from} when there is
   * none. The tokens after it are a statement the hunk's end cut ({@code if (x)}, {@code foo(a,}).
   */
  static int tailStart(List<CommonToken> toks, int from, int to) {
    int depth = 0;
    int last = from;
    for (int i = from; i < to; i++) {
      int ty = toks.get(i).getType();
      if (isOpen(ty)) {
        depth++;
      } else if (isClose(ty)) {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0 && isBoundary(ty)) {
        last = i + 1;
      }
    }
    return last;
  }

  /**
   * Where a struct, union or enum definition the run opens at the top level and does not close
   * starts ({@code struct hstate {} and some of its fields, at the hunk's end): its keyword's index
   * in {@code toks[from, to)}, or {@code to} when there is none. Balanced with a '}', such a
   * definition still lacks its ';' and fails the whole run, the new definitions before it too.
   */
  static int openRecordStart(List<CommonToken> toks, int from, int to) {
    int depth = 0;
    int start = to;
    for (int i = from; i < to; i++) {
      int ty = toks.get(i).getType();
      if (ty == KernelCLexer.LeftBrace) {
        if (depth == 0) {
          start = recordKeyword(toks, from, i);
        }
        depth++;
      } else if (ty == KernelCLexer.RightBrace) {
        depth = Math.max(0, depth - 1);
        if (depth == 0) {
          start = to;
        }
      }
    }
    return depth > 0 ? start : to;
  }

  /**
   * The index of {@code struct}/{@code union}/{@code enum} [tag] right before the '{' at {@code
   * brace}.
   */
  private static int recordKeyword(List<CommonToken> toks, int from, int brace) {
    int k = brace - 1;
    if (k >= from && toks.get(k).getType() == KernelCLexer.Identifier) {
      k--;
    }
    if (k < from) {
      return toks.size() + 1; // not a record: never below any 'to'
    }
    int ty = toks.get(k).getType();
    return ty == KernelCLexer.Struct || ty == KernelCLexer.Union || ty == KernelCLexer.Enum
        ? k
        : toks.size() + 1;
  }

  /**
   * {@code toks} without each {@code else} that follows a '}' closing a block the run did not open:
   * the {@code if} it belongs to lies before the hunk. Its branch is then read as the block (or the
   * {@code if} of an {@code else if}) it is; the '}' stays, balanced by the caller. The same list
   * when there is no such {@code else}.
   */
  static List<CommonToken> withoutDanglingElse(List<CommonToken> toks) {
    List<CommonToken> out = null;
    int depth = 0;
    int min = 0;
    // the previous token was a '}' that closed what the run did not open (a new lowest depth)
    boolean unopenedClose = false;
    for (int i = 0; i < toks.size(); i++) {
      int ty = toks.get(i).getType();
      boolean dangling = ty == KernelCLexer.Else && unopenedClose;
      depth += BraceBalance.delta(ty);
      unopenedClose = depth < min;
      min = Math.min(min, depth);
      if (dangling && out == null) {
        out = new ArrayList<>(toks.subList(0, i));
      }
      if (out != null && !dangling) {
        out.add(toks.get(i));
      }
    }
    return out == null ? toks : out;
  }

  private static boolean isBoundary(int ty) {
    return ty == KernelCLexer.Semi || ty == KernelCLexer.LeftBrace || ty == KernelCLexer.RightBrace;
  }

  private static boolean isOpen(int ty) {
    return ty == KernelCLexer.LeftParen || ty == KernelCLexer.LeftBracket;
  }

  private static boolean isClose(int ty) {
    return ty == KernelCLexer.RightParen || ty == KernelCLexer.RightBracket;
  }
}
