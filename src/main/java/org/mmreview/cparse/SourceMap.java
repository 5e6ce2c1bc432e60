package org.mmreview.cparse;

import java.util.Arrays;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.mmreview.ast.Range;

/**
 * Positions in one source text: token indices (code points, as ANTLR counts) to char offsets,
 * offsets to 1-based lines and columns, with a line shift for fragments.
 */
final class SourceMap {
  private final String text;
  private final int[] lineStarts;
  private final int[] cpToChar; // null when the text has no supplementary characters
  private final int lineShift;

  SourceMap(String text, int lineShift) {
    this.text = text;
    this.lineShift = lineShift;
    int lines = 1;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      lines++;
    }
    lineStarts = new int[lines];
    int l = 1;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      lineStarts[l++] = i + 1;
    }
    boolean surrogates = text.codePointCount(0, text.length()) != text.length();
    if (surrogates) {
      int cps = text.codePointCount(0, text.length());
      cpToChar = new int[cps + 1];
      int ci = 0;
      for (int cp = 0; cp < cps; cp++) {
        cpToChar[cp] = ci;
        ci += Character.charCount(text.codePointAt(ci));
      }
      cpToChar[cps] = text.length();
    } else {
      cpToChar = null;
    }
  }

  String text() {
    return text;
  }

  /** Char offset of a code-point index. */
  int offset(int cpIndex) {
    int i = Math.max(0, cpIndex);
    if (cpToChar == null) {
      return Math.min(i, text.length());
    }
    return cpToChar[Math.min(i, cpToChar.length - 1)];
  }

  int startOffset(Token t) {
    return offset(t.getStartIndex());
  }

  int endOffset(Token t) {
    return offset(t.getStopIndex() + 1);
  }

  Range range(int begin, int end) {
    int b = Math.max(0, Math.min(begin, text.length()));
    int e = Math.max(b, Math.min(end, text.length()));
    int bl = line(b);
    int el = line(e);
    return new Range(
        bl + 1 + lineShift,
        b - lineStarts[bl] + 1,
        el + 1 + lineShift,
        e - lineStarts[el] + 1,
        b,
        e);
  }

  Range range(Token t) {
    return range(startOffset(t), endOffset(t));
  }

  Range range(Token start, Token stop) {
    int b = startOffset(start);
    int e = stop == null ? b : Math.max(b, endOffset(stop));
    return range(b, e);
  }

  String slice(Token start, Token stop) {
    Range r = range(start, stop);
    return text.substring(r.beginOffset(), r.endOffset());
  }

  String text(ParserRuleContext c) {
    return slice(c.getStart(), c.getStop());
  }

  private int line(int offset) {
    int i = Arrays.binarySearch(lineStarts, offset);
    return i >= 0 ? i : -i - 2;
  }
}
