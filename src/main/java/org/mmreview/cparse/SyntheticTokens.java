package org.mmreview.cparse;

import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Pair;

/**
 * Zero-width tokens the token passes insert (a brace closing a hunk's open function, a semicolon
 * after a statement macro). They borrow the token source of the token they sit next to: ANTLR's
 * error recovery asks the current token for its source, and a sourceless token there turns a
 * recoverable syntax error into a NullPointerException.
 */
final class SyntheticTokens {
  private SyntheticTokens() {}

  /** A zero-width token of {@code type} at offset {@code at}, shown at line/column. */
  static CommonToken at(int type, String text, Token neighbour, int at, int line, int col) {
    CommonToken t =
        new CommonToken(
            new Pair<>(neighbour.getTokenSource(), neighbour.getInputStream()),
            type,
            Token.DEFAULT_CHANNEL,
            at,
            at - 1);
    t.setText(text);
    t.setLine(line);
    t.setCharPositionInLine(col);
    return t;
  }

  /** A zero-width token right after {@code t}. */
  static CommonToken after(int type, String text, Token t) {
    return at(
        type,
        text,
        t,
        t.getStopIndex() + 1,
        t.getLine(),
        t.getCharPositionInLine() + t.getText().length());
  }
}
