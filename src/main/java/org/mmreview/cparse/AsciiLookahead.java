package org.mmreview.cparse;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The text as the lexer's automaton sees it: every character above ASCII read as {@code '@'}, all
 * else (positions, token text) the text's own. ANTLR's lexer DFA keeps edges for ASCII only: each
 * non-ASCII character (a name in a comment, a typographic quote, box drawing in a diagram) runs a
 * full ATN simulation, and they took a quarter of lexing a corpus. The grammar cannot tell them
 * from {@code '@'}: it names neither (an identifier is ASCII, comments and literals take any
 * character, and both fall to {@code Unknown} elsewhere), so the tokens are the same.
 */
final class AsciiLookahead implements CharStream {
  private static final int STAND_IN = '@';

  private final CharStream text;

  AsciiLookahead(CharStream text) {
    this.text = text;
  }

  @Override
  public int LA(int i) {
    int c = text.LA(i);
    return c > 127 ? STAND_IN : c;
  }

  @Override
  public String getText(Interval interval) {
    return text.getText(interval);
  }

  @Override
  public void consume() {
    text.consume();
  }

  @Override
  public int mark() {
    return text.mark();
  }

  @Override
  public void release(int marker) {
    text.release(marker);
  }

  @Override
  public int index() {
    return text.index();
  }

  @Override
  public void seek(int index) {
    text.seek(index);
  }

  @Override
  public int size() {
    return text.size();
  }

  @Override
  public String getSourceName() {
    return text.getSourceName();
  }
}
