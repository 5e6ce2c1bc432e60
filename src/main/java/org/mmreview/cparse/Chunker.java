package org.mmreview.cparse;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CommonToken;
import org.mmreview.cparse.grammar.KernelCLexer;

/**
 * Splits the parser-visible tokens of a file into top-level chunks (a function definition, a
 * declaration, a macro invocation), so that each is parsed alone and one unreadable function never
 * poisons the next.
 *
 * <p>A chunk ends at a {@code ;} at brace and paren depth 0, at the {@code }} closing a function
 * body, or after a top-level {@code IDENT(...)} whose next token starts a new line in column 1 (a
 * {@code DEFINE_FREE(...)} without {@code ;}). A {@code }} in column 1 always closes the chunk,
 * whatever the brace count says (the kernel's coding style puts a function's closing brace there,
 * and only there), which resynchronises after unbalanced {@code #if} branches.
 */
final class Chunker {
  /**
   * A chunk: visible-token indices {@code [start, end)}; {@code unbalanced} when resynchronised.
   */
  record Chunk(int start, int end, boolean unbalanced) {}

  private Chunker() {}

  static List<Chunk> split(List<CommonToken> toks) {
    List<Chunk> out = new ArrayList<>();
    int n = toks.size();
    int start = 0;
    int depth = 0;
    int paren = 0;
    boolean aggregate = false;
    for (int i = 0; i < n; i++) {
      CommonToken t = toks.get(i);
      int ty = t.getType();
      switch (ty) {
        case KernelCLexer.LeftParen, KernelCLexer.LeftBracket -> paren++;
        case KernelCLexer.RightParen, KernelCLexer.RightBracket -> {
          paren = Math.max(0, paren - 1);
          if (paren == 0
              && depth == 0
              && ty == KernelCLexer.RightParen
              && i + 1 < n
              && isMacroInvocation(toks, start)
              && startsNewTopLevelLine(toks.get(i), toks.get(i + 1))) {
            out.add(new Chunk(start, i + 1, false));
            start = i + 1;
          }
        }
        case KernelCLexer.LeftBrace -> {
          if (depth == 0 && paren == 0) {
            aggregate = opensAggregate(toks, start, i);
          }
          depth++;
        }
        case KernelCLexer.RightBrace -> {
          depth--;
          boolean col0 = t.getCharPositionInLine() == 0;
          if (depth <= 0 && paren == 0 || col0) {
            boolean unbalanced = depth != 0;
            depth = 0;
            paren = 0;
            if (!aggregate || unbalanced) {
              out.add(new Chunk(start, i + 1, unbalanced));
              start = i + 1;
              aggregate = false;
            }
          }
        }
        case KernelCLexer.Semi -> {
          if (depth == 0 && paren == 0) {
            out.add(new Chunk(start, i + 1, false));
            start = i + 1;
            aggregate = false;
          }
        }
        default -> {}
      }
    }
    if (start < n) {
      out.add(new Chunk(start, n, depth != 0 || paren != 0));
    }
    return out;
  }

  /** The chunk so far is {@code [static] IDENT(...)}. */
  private static boolean isMacroInvocation(List<CommonToken> toks, int start) {
    int i = start;
    while (i < toks.size() && toks.get(i).getType() == KernelCLexer.Static) {
      i++;
    }
    return i + 1 < toks.size()
        && toks.get(i).getType() == KernelCLexer.Identifier
        && toks.get(i + 1).getType() == KernelCLexer.LeftParen;
  }

  private static boolean startsNewTopLevelLine(CommonToken close, CommonToken next) {
    if (next.getLine() <= close.getLine() || next.getCharPositionInLine() != 0) {
      return false;
    }
    int ty = next.getType();
    return ty != KernelCLexer.LeftBrace
        && ty != KernelCLexer.Semi
        && ty != KernelCLexer.Comma
        && ty != KernelCLexer.Assign
        && ty != KernelCLexer.Attribute
        && ty != KernelCLexer.AttrMacro
        && ty != KernelCLexer.AttrMacroArgs
        && ty != KernelCLexer.Asm;
  }

  /** True when the '{' at {@code at} opens a struct/union/enum body or an initializer. */
  private static boolean opensAggregate(List<CommonToken> toks, int start, int at) {
    if (at == start) {
      return false;
    }
    int p = toks.get(at - 1).getType();
    if (p == KernelCLexer.Assign
        || p == KernelCLexer.Struct
        || p == KernelCLexer.Union
        || p == KernelCLexer.Enum) {
      return true;
    }
    // struct tag {, struct __attr tag {
    for (int j = at - 1; j >= start && j >= at - 4; j--) {
      int ty = toks.get(j).getType();
      if (ty == KernelCLexer.Struct || ty == KernelCLexer.Union || ty == KernelCLexer.Enum) {
        return true;
      }
      if (ty != KernelCLexer.Identifier
          && ty != KernelCLexer.AttrMacro
          && ty != KernelCLexer.TypedefName) {
        return false;
      }
    }
    return false;
  }
}
