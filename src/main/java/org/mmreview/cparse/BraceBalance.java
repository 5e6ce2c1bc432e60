package org.mmreview.cparse;

import java.util.List;
import org.antlr.v4.runtime.Token;
import org.mmreview.cparse.grammar.KernelCLexer;

/**
 * How a run of tokens nests its braces: the depth it ends at relative to where it starts, the
 * lowest depth reached (negative when a '}' closes what the run did not open), and where that
 * lowest depth is first reached. One scan for the parser's fragment recovery, which balances, trims
 * and closes token runs by these numbers.
 *
 * @param net '{' minus '}' over the run
 * @param min the lowest depth reached, 0 or less
 * @param afterMin the index just after the token at which {@code min} is first reached; the run's
 *     start when it never goes below 0
 */
record BraceBalance(int net, int min, int afterMin) {

  /** The balance of {@code toks[from, to)}. */
  static BraceBalance of(List<? extends Token> toks, int from, int to) {
    int depth = 0;
    int min = 0;
    int afterMin = from;
    for (int i = from; i < to; i++) {
      depth += delta(toks.get(i).getType());
      if (depth < min) {
        min = depth;
        afterMin = i + 1;
      }
    }
    return new BraceBalance(depth, min, afterMin);
  }

  /** The balance of all of {@code toks}. */
  static BraceBalance of(List<? extends Token> toks) {
    return of(toks, 0, toks.size());
  }

  /** +1 for '{', -1 for '}', 0 for any other token type. */
  static int delta(int tokenType) {
    return tokenType == KernelCLexer.LeftBrace ? 1 : tokenType == KernelCLexer.RightBrace ? -1 : 0;
  }
}
