package org.mmreview.cparse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.BufferedTokenStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.DecisionInfo;
import org.antlr.v4.runtime.atn.DecisionState;
import org.antlr.v4.runtime.atn.ParserATNSimulator;
import org.antlr.v4.runtime.atn.PredictionContextCache;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.dfa.DFA;
import org.antlr.v4.runtime.dfa.DFAState;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.mmreview.cparse.grammar.KernelCLexer;
import org.mmreview.cparse.grammar.KernelCParser;

/**
 * Lexes a file, runs the token passes, splits it into chunks and parses each chunk: SLL with a
 * bailing error strategy first, full LL with error reporting only when SLL fails. One instance
 * keeps one ANTLR parser (and so the DFA cache) across files. Not thread-safe.
 */
final class ChunkParser {
  /** Deeper bracket nesting than this is refused rather than risking the stack. */
  static final int MAX_NESTING = 256;

  /** A chunk with more tokens than this is refused (no kernel function comes close). */
  static final int MAX_CHUNK_TOKENS = 200_000;

  /** The error of a chunk parsed without {@code describeError}: it failed, no more is known. */
  static final String UNDESCRIBED = "syntax error";

  /** The DFA cache is cleared after this many parsed chunks, to bound memory in long runs. */
  private static final int DFA_RESET_CHUNKS = 200_000;

  /**
   * The lexed file: every token (all channels), the parser-visible ones, and the comments nothing
   * closed.
   */
  record Lexed(
      List<CommonToken> all,
      List<CommonToken> visible,
      List<CommentEdges.Unterminated> unterminated) {}

  /** One parsed chunk: the tree, or an error message and its kind (then tree is null). */
  record ParsedChunk(
      int start,
      int end,
      ParserRuleContext tree,
      String error,
      Token errorToken,
      boolean usedLl,
      ParseProblem.Kind errorKind) {
    /** A tree, or a syntax error. */
    ParsedChunk(
        int start,
        int end,
        ParserRuleContext tree,
        String error,
        Token errorToken,
        boolean usedLl) {
      this(start, end, tree, error, errorToken, usedLl, ParseProblem.Kind.SYNTAX);
    }
  }

  private final KernelMacros macros;
  private final KernelCParser parser;
  private final ErrorCollector errors = new ErrorCollector();
  private final ConflictWatch watch;
  private long chunks;
  private long llChunks;
  private long chunksSinceReset;

  ChunkParser(KernelMacros macros) {
    this.macros = macros;
    this.parser = new KernelCParser(new CommonTokenStream(new ListTokenSource(List.of())));
    parser.removeErrorListeners();
    ParserATNSimulator generated = parser.getInterpreter();
    this.watch =
        new ConflictWatch(
            parser, parser.getATN(), generated.decisionToDFA, generated.getSharedContextCache());
    parser.setInterpreter(watch);
    if (Boolean.getBoolean("mmreview.profile")) {
      parser.setProfile(true);
    }
  }

  /**
   * The parser's prediction, noting whether any decision ended on an SLL conflict: a DFA state that
   * SLL resolves to its lowest alternative and full LL would resolve with the whole call stack. It
   * is the only place the two modes predict differently (the DFA and the ATN simulation before it
   * are the same in both, and the grammar has no predicates), so an SLL parse that failed without
   * meeting one would fail in LL too, with the same predictions, at the same token.
   *
   * <p>One decision is predicted by SLL in either mode: which kind a call argument is ({@code
   * macroArgument}). Its alternatives are ambiguous by design (every expression, type or block is
   * also a run of balanced tokens), so it conflicts on nearly every argument, and full LL then
   * simulated the whole argument again with the call stack, for each nesting level (most of the
   * full-LL time of an audit). Every alternative ends where the argument does, at its {@code ,} or
   * {@code )}, whatever calls the rule: the alternatives still alive there are those that match the
   * whole argument, in the same state with the same stack, in SLL and in LL alike, and both modes
   * take the lowest of them. Such a conflict is therefore not noted either.
   *
   * <p>The statement decision is the same case: {@code f(x);} is both an expression statement and a
   * macro loop ({@code macroLoopStatement}) over the empty statement, and {@code f(x)(y);} both a
   * call of a call and a loop over {@code (y);}. The two can only meet at the end of the statement:
   * the expression ends at the first {@code ;} outside brackets, and so does the loop when its body
   * is an expression statement; any other body starts with a keyword or a brace that no expression
   * continues with. Inside the statement their stacks differ, so SLL meets the conflict only there,
   * with both alternatives in the same state with the same stack, where LL meets the same exact
   * ambiguity and takes the same lowest alternative. It was most of the full-context prediction
   * left after the argument decision, and kept most failed trial chunks from skipping their retry.
   */
  private static final class ConflictWatch extends ParserATNSimulator {
    /** The decision between {@code macroArgument}'s alternatives; -1 if the grammar lost it. */
    private final int argumentDecision;

    /** The decision between {@code statement}'s alternatives; -1 if the grammar lost it. */
    private final int statementDecision;

    private boolean conflicted;
    private int decision;

    ConflictWatch(
        KernelCParser parser, ATN atn, DFA[] decisionToDFA, PredictionContextCache cache) {
      super(parser, atn, decisionToDFA, cache);
      ATNState first = atn.ruleToStartState[KernelCParser.RULE_macroArgument].transition(0).target;
      this.argumentDecision =
          first instanceof DecisionState d && d.getNumberOfTransitions() == 4 ? d.decision : -1;
      ATNState statement = atn.ruleToStartState[KernelCParser.RULE_statement].transition(0).target;
      this.statementDecision =
          statement instanceof DecisionState d && d.getNumberOfTransitions() == 15
              ? d.decision
              : -1;
    }

    /** A decision whose SLL conflicts are exact ambiguities (see the class comment). */
    private boolean exact(int d) {
      return d == argumentDecision || d == statementDecision;
    }

    @Override
    public int adaptivePredict(TokenStream input, int decision, ParserRuleContext outerContext) {
      this.decision = decision;
      if (!exact(decision) || getPredictionMode() == PredictionMode.SLL) {
        return super.adaptivePredict(input, decision, outerContext);
      }
      PredictionMode mode = getPredictionMode();
      setPredictionMode(PredictionMode.SLL);
      try {
        return super.adaptivePredict(input, decision, outerContext);
      } finally {
        setPredictionMode(mode);
      }
    }

    @Override
    protected DFAState getExistingTargetState(DFAState previous, int t) {
      return noted(super.getExistingTargetState(previous, t));
    }

    @Override
    protected DFAState computeTargetState(DFA dfa, DFAState previous, int t) {
      return noted(super.computeTargetState(dfa, previous, t));
    }

    private DFAState noted(DFAState d) {
      if (d != null && d.requiresFullContext && !exact(decision)) {
        conflicted = true;
      }
      return d;
    }
  }

  /**
   * The decisions predicted by SLL in either mode (argument, statement), -1 for one the grammar no
   * longer has in the expected shape: a test keeps a grammar change from silently losing them.
   */
  int[] exactDecisions() {
    return new int[] {watch.argumentDecision, watch.statementDecision};
  }

  /** The slowest decisions when profiling is on (-Dmmreview.profile=true). */
  List<String> profileReport(int top) {
    if (parser.getParseInfo() == null) {
      return List.of();
    }
    List<DecisionInfo> infos = new ArrayList<>(List.of(parser.getParseInfo().getDecisionInfo()));
    infos.sort((x, y) -> Long.compare(y.timeInPrediction, x.timeInPrediction));
    List<String> out = new ArrayList<>();
    for (DecisionInfo d : infos.subList(0, Math.min(top, infos.size()))) {
      var state = parser.getATN().getDecisionState(d.decision);
      out.add(
          String.format(
              "decision %d (rule %s): %d ms, %d invocations, SLL lookahead max %d, LL fallbacks %d",
              d.decision,
              KernelCParser.ruleNames[state.ruleIndex],
              d.timeInPrediction / 1_000_000,
              d.invocations,
              d.SLL_MaxLook,
              d.LL_Fallback));
    }
    return out;
  }

  long chunkCount() {
    return chunks;
  }

  long llFallbackCount() {
    return llChunks;
  }

  /**
   * Lexes {@code text} and runs the token passes. A {@code fragment} (a hunk's side) may start
   * inside a comment (see {@link CommentEdges}).
   */
  Lexed lex(String text, boolean fragment) {
    return lex(text, fragment, Map.of());
  }

  /**
   * Lexes {@code text} for the configuration that takes, in the groups {@code choice} names, the
   * branch it names (see {@link TokenPasses#conditionals(List, Map)}).
   */
  Lexed lex(String text, boolean fragment, Map<Integer, Integer> choice) {
    CommentEdges.Tokens lexed = CommentEdges.lex(text, fragment);
    List<CommonToken> all = lexed.all();
    TokenPasses.conditionals(all, choice);
    List<CommonToken> visible = TokenPasses.visible(all);
    TypedefOracle oracle = new TypedefOracle(macros);
    var declaring = TokenPasses.collectTypedefs(visible, oracle);
    TokenPasses.relabel(visible, macros, oracle, declaring);
    return new Lexed(all, TokenPasses.insertMissingSemicolons(visible), lexed.unterminated());
  }

  /** Parses visible tokens {@code [start, end)} with the given entry rule. */
  ParsedChunk parse(List<CommonToken> toks, int start, int end, boolean fragment) {
    return parse(toks, start, end, fragment, true);
  }

  /**
   * As {@link #parse(List, int, int, boolean)}; without {@code describeError} a failed chunk comes
   * back with {@link #UNDESCRIBED} for its error, for a caller that only asks whether the chunk
   * parses (a trial strategy whose failure it discards). The full-LL retry then bails at the first
   * error like the SLL stage instead of having the default strategy report it: telling what was
   * expected there walks follow sets and formats every expected token, and most trial parses fail.
   * The grammar has no predicates, so the two strategies fail on the same chunks and build the same
   * tree for the rest.
   */
  ParsedChunk parse(
      List<CommonToken> toks, int start, int end, boolean fragment, boolean describeError) {
    chunks++;
    if (++chunksSinceReset > DFA_RESET_CHUNKS) {
      parser.getInterpreter().clearDFA();
      chunksSinceReset = 0;
    }
    List<Token> slice = new ArrayList<>(toks.subList(start, end));
    int depth = 0;
    int max = 0;
    boolean visibleOnly = true;
    for (Token t : slice) {
      visibleOnly &= t.getChannel() == Token.DEFAULT_CHANNEL;
      int ty = t.getType();
      if (ty == KernelCLexer.LeftParen
          || ty == KernelCLexer.LeftBracket
          || ty == KernelCLexer.LeftBrace) {
        max = Math.max(max, ++depth);
      } else if (ty == KernelCLexer.RightParen
          || ty == KernelCLexer.RightBracket
          || ty == KernelCLexer.RightBrace) {
        depth--;
      }
    }
    if (max > MAX_NESTING) {
      return new ParsedChunk(
          start,
          end,
          null,
          "input too deep (nesting " + max + " > " + MAX_NESTING + ")",
          slice.get(0),
          false,
          ParseProblem.Kind.INPUT);
    }
    if (slice.size() > MAX_CHUNK_TOKENS) {
      return new ParsedChunk(
          start,
          end,
          null,
          "too large to parse (" + slice.size() + " tokens)",
          slice.get(0),
          false,
          ParseProblem.Kind.INPUT);
    }
    // Positions of the EOF token: just after the last token.
    Token last = slice.get(slice.size() - 1);
    CommonToken eof = new CommonToken(Token.EOF, "<EOF>");
    eof.setLine(last.getLine());
    eof.setCharPositionInLine(last.getCharPositionInLine() + last.getText().length());
    eof.setStartIndex(last.getStopIndex() + 1);
    eof.setStopIndex(last.getStopIndex());
    slice.add(eof);
    for (int i = 0; i < slice.size(); i++) {
      ((CommonToken) slice.get(i)).setTokenIndex(start + i);
    }
    // The callers give visible tokens (TokenPasses.visible): then the plain buffered stream, not
    // CommonTokenStream, whose channel filter runs on each of prediction's many consumes.
    BufferedTokenStream stream =
        visibleOnly
            ? new BufferedTokenStream(new ListTokenSource(slice))
            : new CommonTokenStream(new ListTokenSource(slice));
    try {
      parser.setTokenStream(stream);
      parser.setErrorHandler(new BailErrorStrategy());
      parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
      watch.conflicted = false;
      ParserRuleContext tree = fragment ? parser.fragmentItems() : parser.chunk();
      return new ParsedChunk(start, end, tree, null, null, false);
    } catch (ParseCancellationException sllFailed) {
      llChunks++;
      if (!describeError && !watch.conflicted && parser.getInterpreter() == watch) {
        // LL would take SLL's path to the same failure (see ConflictWatch): the retry is skipped,
        // and counted as made, so that the counts and the result's LL flag are as with it.
        return new ParsedChunk(start, end, null, UNDESCRIBED, offending(sllFailed), true);
      }
      stream.seek(0);
      parser.setTokenStream(stream);
      if (!describeError) {
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        try {
          ParserRuleContext tree = fragment ? parser.fragmentItems() : parser.chunk();
          return new ParsedChunk(start, end, tree, null, null, true);
        } catch (ParseCancellationException llFailed) {
          return new ParsedChunk(start, end, null, UNDESCRIBED, offending(llFailed), true);
        }
      }
      parser.setErrorHandler(new DefaultErrorStrategy());
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      errors.reset();
      parser.addErrorListener(errors);
      try {
        ParserRuleContext tree = fragment ? parser.fragmentItems() : parser.chunk();
        if (errors.message == null) {
          return new ParsedChunk(start, end, tree, null, null, true);
        }
        return new ParsedChunk(start, end, null, errors.message, errors.token, true);
      } catch (FirstError stop) {
        return new ParsedChunk(start, end, null, errors.message, errors.token, true);
      } finally {
        parser.removeErrorListeners();
      }
    } catch (StackOverflowError deep) {
      return new ParsedChunk(
          start,
          end,
          null,
          "input too deep (parser stack exhausted)",
          slice.get(0),
          false,
          ParseProblem.Kind.INPUT);
    }
  }

  /** The token a bailing parse stopped at, when it says. */
  private static Token offending(ParseCancellationException failed) {
    return failed.getCause() instanceof RecognitionException e ? e.getOffendingToken() : null;
  }

  /**
   * {@code earlier}'s result for the same tokens at {@code [start, end)} of another list, counted
   * as a chunk parsed (and as an LL fallback when it was one), as parsing them again would have.
   */
  ParsedChunk reused(ParsedChunk earlier, int start, int end) {
    chunks++;
    if (earlier.usedLl()) {
      llChunks++;
    }
    return new ParsedChunk(
        start,
        end,
        earlier.tree(),
        earlier.error(),
        earlier.errorToken(),
        earlier.usedLl(),
        earlier.errorKind());
  }

  /** ANTLR lists every expected token; past a handful, say how many instead. */
  static String shorten(String msg) {
    int at = msg.indexOf("expecting {");
    if (at < 0) {
      return msg;
    }
    String set =
        msg.substring(
            at + "expecting {".length(), msg.endsWith("}") ? msg.length() - 1 : msg.length());
    String[] items = set.split(", ");
    if (items.length <= 6) {
      return msg;
    }
    return msg.substring(0, at) + "expecting one of " + items.length + " tokens";
  }

  /**
   * Thrown by {@link ErrorCollector} once it has the first syntax error: a chunk with an error
   * yields no tree, only that error, so letting the default strategy recover and parse on to the
   * chunk's end (computing follow sets for errors nobody reads; about a fifth of a corpus check,
   * where failed fragment strategies are common) is wasted work.
   */
  private static final class FirstError extends RuntimeException {
    FirstError() {
      super(null, null, false, false);
    }
  }

  /** Keeps the first syntax error of a parse, then stops the parse (see {@link FirstError}). */
  private static final class ErrorCollector extends BaseErrorListener {
    String message;
    Token token;

    void reset() {
      message = null;
      token = null;
    }

    @Override
    public void syntaxError(
        Recognizer<?, ?> r,
        Object offending,
        int line,
        int col,
        String msg,
        RecognitionException e) {
      if (message == null) {
        token = offending instanceof Token t ? t : null;
        message = "line " + line + ":" + (col + 1) + ": " + shorten(msg);
      }
      throw new FirstError();
    }
  }
}
