package org.mmreview.cparse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.TreeDepth;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.RecordDecl;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.ErrorStatement;
import org.mmreview.cparse.grammar.KernelCLexer;
import org.mmreview.cparse.grammar.KernelCParser;

/**
 * Parses kernel C without running the preprocessor. One instance may parse many files in turn and
 * shares the ANTLR DFA cache between them; it is not thread-safe (use one per thread). Never throws
 * for bad input: problems come back as data and unreadable functions as {@link ErrorNode}s.
 */
public final class CParser {
  private final ChunkParser chunks;

  public CParser() {
    this(KernelMacros.defaults());
  }

  public CParser(KernelMacros macros) {
    this.chunks = new ChunkParser(macros);
  }

  /** Chunks parsed so far by this instance. */
  public long chunkCount() {
    return chunks.chunkCount();
  }

  /** Chunks that SLL could not parse and were retried with full LL. */
  public long llFallbackCount() {
    return chunks.llFallbackCount();
  }

  /**
   * With {@code -Dmmreview.profile=true}: the slowest prediction decisions so far (ANTLR's
   * profiling mode), one line each; empty otherwise.
   */
  public List<String> profileReport(int top) {
    return chunks.profileReport(top);
  }

  /**
   * Why {@code text} would be refused before parsing (binary data, a line too long), if it would.
   */
  public static Optional<String> checkInput(String text) {
    return InputCheck.rejectReason(text);
  }

  /** Parses a whole file. */
  public ParseResult parseFile(String fileName, String text) {
    return parseFile(fileName, text, Map.of());
  }

  /**
   * The file parsed in each of its other configurations: the {@code #elif}/{@code #else} branches
   * (and the groups nested in them) the main parse leaves out, chosen so that every such branch
   * holding code is taken in at least one of them ({@link ConditionalTree}). Each result is a whole
   * unit, so the rules see the shared code around a branch too; a caller reports only what lies in
   * the configuration's own lines. Empty when the file has no such branch or is refused.
   */
  public List<ConfigurationParse> parseOtherConfigurations(String fileName, String text) {
    if (InputCheck.rejectReason(text).isPresent()) {
      return List.of();
    }
    List<ConfigurationParse> out = new ArrayList<>();
    try {
      ConditionalTree tree = ConditionalTree.of(CommentEdges.lex(text, false).all());
      for (Map<Integer, Integer> choice : tree.otherConfigurations()) {
        out.add(
            new ConfigurationParse(
                parseFile(fileName, text, choice), tree.configuration(choice, 0)));
      }
    } catch (RuntimeException | StackOverflowError e) {
      // The other configurations are extra: a failure here must not cost the main review.
      return List.of();
    }
    return out;
  }

  private ParseResult parseFile(String fileName, String text, Map<Integer, Integer> choice) {
    SourceMap src = new SourceMap(text, 0);
    Optional<String> bad = InputCheck.rejectReason(text);
    if (bad.isPresent()) {
      return refused(fileName, text, src, bad.get(), ParseProblem.Kind.INPUT);
    }
    long llBefore = chunks.llFallbackCount();
    try {
      ChunkParser.Lexed lx = chunks.lex(text, false, choice);
      List<Node> items = new ArrayList<>();
      List<ParseProblem> problems = new ArrayList<>();
      parseChunks(src, lx.visible(), directives(lx.all()), items, problems, null);
      CompilationUnit unit = new CompilationUnit(fileName, text, items, comments(src, lx.all()));
      return adding(
          unterminated(src, lx, true),
          new ParseResult(unit, problems, chunks.llFallbackCount() > llBefore));
    } catch (StackOverflowError e) {
      return refused(fileName, text, src, "input too deep", ParseProblem.Kind.INPUT);
    } catch (OutOfMemoryError e) {
      return refused(fileName, text, src, "input too large", ParseProblem.Kind.INPUT);
    } catch (RuntimeException e) {
      // A defect of ours must cost one file, never the rest of the run.
      return refused(fileName, text, src, "parser failure: " + e, ParseProblem.Kind.INTERNAL);
    }
  }

  private void buildChunk(
      SourceMap src,
      List<CommonToken> vis,
      Chunker.Chunk c,
      ChunkParser.ParsedChunk pc,
      List<CommonToken> inside,
      List<Node> items,
      List<ParseProblem> problems) {
    Range whole = src.range(vis.get(c.start()), vis.get(c.end() - 1));
    if (pc.tree() != null) {
      ParseTree tree = pc.tree();
      ChunkParser.ParsedChunk failed =
          build(
              src,
              pc,
              c.start(),
              c.end(),
              inside,
              items,
              b -> b.items((KernelCParser.ChunkContext) tree));
      if (failed == null) {
        return;
      }
      pc = failed;
    }
    String fn = guessFunctionName(vis, c.start(), c.end()).orElse(null);
    String reason = pc.error() + (c.unbalanced() ? " (unbalanced braces)" : "");
    items.add(new ErrorNode(whole, reason, fn));
    for (CommonToken d : inside) {
      items.add(PreprocessorLines.of(src, d));
    }
    Range at =
        pc.errorToken() != null && pc.errorToken().getType() != Token.EOF
            ? src.range(pc.errorToken())
            : whole;
    problems.add(new ParseProblem(at, reason, Optional.ofNullable(fn), pc.errorKind()));
  }

  /**
   * What {@link #parseFragment} gives for {@code text} at {@code firstLine}, made from {@code
   * earlier}, its parse at line {@code parsedAt}, without parsing again: the tree moved to the new
   * lines. Empty when the text must be parsed: {@code earlier} has problems other than syntax
   * errors (their messages may quote the file's line numbers), or the new lines are out of range.
   */
  public Optional<ParseResult> moved(
      ParseResult earlier, String text, int parsedAt, int firstLine) {
    int shift = Math.max(0, firstLine - 1);
    if (!earlier.movable() || (long) shift + InputCheck.lineCount(text) > MAX_LINE_NUMBER) {
      return Optional.empty();
    }
    int delta = shift - Math.max(0, parsedAt - 1);
    return Optional.of(earlier.movedBy(delta));
  }

  /**
   * Parses the lines a diff hunk shows (a function's middle, without its header or closing brace).
   * Lines in the result are those of the file when {@code firstLine} is the hunk's first line;
   * offsets are relative to {@code text}.
   */
  public ParseResult parseFragment(String fileName, String text, int firstLine) {
    int shift = Math.max(0, firstLine - 1);
    long lastLine = (long) shift + InputCheck.lineCount(text);
    if (lastLine > MAX_LINE_NUMBER) {
      // Lines are ints everywhere downstream (ranges, line maps, findings): a hunk claiming
      // to sit near Integer.MAX_VALUE would wrap to negative line numbers.
      return refused(
          fileName,
          text,
          new SourceMap(text, 0),
          "line numbers out of range (lines "
              + (shift + 1)
              + " to "
              + lastLine
              + "; limit "
              + MAX_LINE_NUMBER
              + ")",
          ParseProblem.Kind.INPUT);
    }
    SourceMap src = new SourceMap(text, shift);
    try {
      return fragment(fileName, text, src);
    } catch (StackOverflowError e) {
      return refused(fileName, text, src, "input too deep", ParseProblem.Kind.INPUT);
    } catch (OutOfMemoryError e) {
      return refused(fileName, text, src, "input too large", ParseProblem.Kind.INPUT);
    } catch (RuntimeException e) {
      // A defect of ours must cost one hunk, never the review of the rest of the patch.
      return refused(fileName, text, src, "parser failure: " + e, ParseProblem.Kind.INTERNAL);
    }
  }

  /**
   * The highest line number a fragment may reach. No source file comes near it (the largest kernel
   * files have tens of thousands of lines), and it leaves ample room below Integer.MAX_VALUE for
   * the arithmetic done on line numbers.
   */
  public static final int MAX_LINE_NUMBER = 100_000_000;

  private ParseResult fragment(String fileName, String text, SourceMap src) {
    Optional<String> bad = InputCheck.rejectReason(text);
    if (bad.isPresent()) {
      return refused(fileName, text, src, bad.get(), ParseProblem.Kind.INPUT);
    }
    // Whole functions or declarations: parse as a file. A hunk that shows a function's
    // header and the start of its body is closed with synthetic '}' first.
    ChunkParser.Lexed lx = chunks.lex(text, true);
    List<ParseProblem> comments = unterminated(src, lx, false);
    BraceBalance braces = BraceBalance.of(lx.visible());
    TrialChunks trials = new TrialChunks();
    List<CommonToken> closed = null;
    // Not when a '}' closes something the text did not open.
    if (braces.min() == 0 && !lx.visible().isEmpty()) {
      closed = withClosingBraces(lx.visible(), braces.net());
      Optional<ParseResult> asFile = asFile(fileName, text, src, lx.all(), closed, trials);
      if (asFile.isPresent() && !asFile.get().hasProblems()) {
        return adding(comments, asFile.get());
      }
    }
    long llBefore = chunks.llFallbackCount();
    try {
      List<CommonToken> vis = lx.visible();
      List<Node> items = new ArrayList<>();
      List<ParseProblem> problems = new ArrayList<>();
      List<CommonToken> directives = directives(lx.all());
      int[] top = topLevelSpan(vis);
      Optional<List<Node>> definitions = Optional.empty();
      int definitionsEnd = vis.size();
      if (top != null) {
        // A hunk that starts inside a function (its tail parses as statements) and then shows
        // whole definitions, the last possibly left open by the hunk's end ...
        // (From the start, the closed tokens are those the file attempt parsed: the same objects,
        // so its chunks are not parsed again.)
        List<CommonToken> open =
            top[0] == 0 && closed != null ? closed : closeOpenDefinition(vis, top[0]);
        definitions = topLevel(src, open, top[0], directives, trials);
        int whole = FragmentEdges.tailStart(vis, top[0], vis.size());
        if (definitions.isEmpty() && whole > top[1] && whole < vis.size()) {
          // ... the last one cut inside a statement, which is set aside (as statements) ...
          definitions =
              topLevel(
                  src,
                  closeOpenDefinition(vis.subList(0, whole), top[0]),
                  top[0],
                  directives,
                  trials);
          definitionsEnd = whole;
        }
        if (definitions.isEmpty() && top[1] > top[0]) {
          // ... or whole definitions between one function's tail and another one's middle.
          definitions = topLevel(src, vis.subList(0, top[1]), top[0], directives, trials);
          definitionsEnd = top[1];
        }
      }
      if (definitions.isPresent()) {
        if (top[0] > 0) {
          parseStatements(src, text, vis, 0, top[0], directives, items, problems, true);
        }
        items.addAll(definitions.get());
        if (definitionsEnd < vis.size()) {
          parseStatements(
              src, text, vis, definitionsEnd, vis.size(), directives, items, problems, true);
        }
      } else if (!vis.isEmpty()) {
        parseStatements(src, text, vis, 0, vis.size(), directives, items, problems, true);
      } else {
        for (CommonToken d : directives) {
          items.add(PreprocessorLines.of(src, d));
        }
      }
      Range r = src.range(0, text.length());
      CompilationUnit unit =
          new CompilationUnit(r, fileName, text, 0, items, comments(src, lx.all()));
      return adding(comments, new ParseResult(unit, problems, chunks.llFallbackCount() > llBefore));
    } catch (StackOverflowError e) {
      return refused(fileName, text, src, "input too deep", ParseProblem.Kind.INPUT);
    }
  }

  /**
   * The problems of the comments nothing closed: each one read as ending on its own line because
   * code followed it, and in a whole file also one read as running to the end (a hunk's context may
   * well stop inside a comment, a file may not).
   */
  private static List<ParseProblem> unterminated(
      SourceMap src, ChunkParser.Lexed lx, boolean wholeFile) {
    List<ParseProblem> out = new ArrayList<>();
    for (CommentEdges.Unterminated u : lx.unterminated()) {
      Range at = src.range(u.token());
      String message;
      if (u.cut()) {
        String text = src.text();
        int last =
            src.range(text.length(), text.length()).beginLine() - (text.endsWith("\n") ? 1 : 0);
        int next = at.endLine() + 1;
        message =
            "unterminated comment; read as ending on line "
                + at.endLine()
                + ", and "
                + (last > next ? "lines " + next + "-" + last : "line " + next)
                + " reviewed as code";
      } else if (wholeFile) {
        message = "unterminated comment; read as running to the end of the file";
      } else {
        continue;
      }
      out.add(new ParseProblem(at, message, Optional.empty(), ParseProblem.Kind.REPAIRED));
    }
    return out;
  }

  /** {@code r} with {@code problems} added, all in the order of their place in the text. */
  private static ParseResult adding(List<ParseProblem> problems, ParseResult r) {
    if (problems.isEmpty()) {
      return r;
    }
    List<ParseProblem> all = new ArrayList<>(problems);
    all.addAll(r.problems());
    all.sort(Comparator.comparingInt(p -> p.range().beginOffset()));
    return new ParseResult(r.unit(), all, r.usedLlFallback());
  }

  /**
   * In a fragment that does not parse as a file, the visible tokens {@code [a, b)} that lie at the
   * top level: after the last brace closing a function the hunk started inside, up to the last
   * point where all braces opened since are closed again. Empty ({@code a == b}) when no definition
   * is whole there but what follows looks like one the hunk opens; null when neither.
   */
  private static int[] topLevelSpan(List<CommonToken> vis) {
    if (vis.isEmpty()) {
      return null;
    }
    BraceBalance braces = BraceBalance.of(vis);
    int min = braces.min();
    int a = braces.afterMin();
    int depth = min;
    int b = a;
    for (int i = a; i < vis.size(); i++) {
      int t = vis.get(i).getType();
      depth += BraceBalance.delta(t);
      if (depth == min && (t == KernelCLexer.RightBrace || t == KernelCLexer.Semi)) {
        b = i + 1;
      }
    }
    if (b > a) {
      return new int[] {a, b};
    }
    // No whole definition, but one the hunk opens (and may end inside a statement of): the span is
    // empty, yet the definition is worth a try.
    return a < vis.size() && looksLikeFunction(vis, a, vis.size()) ? new int[] {a, a} : null;
  }

  /**
   * Parses {@code vis[from, end)} as top-level chunks; the items only when every chunk parses and
   * at least one is a definition with a body (a function, a struct), so that a run of statements
   * that happens to be brace-balanced is not mistaken for declarations.
   */
  private Optional<List<Node>> topLevel(
      SourceMap src,
      List<CommonToken> vis,
      int from,
      List<CommonToken> directives,
      TrialChunks trials) {
    List<Node> items = new ArrayList<>();
    List<ParseProblem> problems = new ArrayList<>();
    List<CommonToken> sub = vis.subList(from, vis.size());
    int begin = sub.get(0).getStartIndex();
    int end = sub.get(sub.size() - 1).getStopIndex();
    List<CommonToken> mine = new ArrayList<>();
    for (CommonToken d : directives) {
      if (d.getStartIndex() > begin && d.getStartIndex() < end) {
        mine.add(d);
      }
    }
    if (!parseChunks(src, sub, mine, items, problems, trials)) {
      return Optional.empty();
    }
    boolean definition =
        items.stream()
            .anyMatch(
                n ->
                    n instanceof FunctionDefinition
                        || (n instanceof Declaration d
                            && d.findFirst(RecordDecl.class, r -> r.hasBody()).isPresent()));
    boolean clean = problems.isEmpty() && items.stream().noneMatch(n -> n instanceof ErrorNode);
    return clean && definition ? Optional.of(items) : Optional.empty();
  }

  /**
   * The fragment's tokens with synthetic '}' closing whatever the tokens after {@code from} leave
   * open: a hunk that ends inside a function it shows the header of.
   */
  private static List<CommonToken> closeOpenDefinition(List<CommonToken> vis, int from) {
    return withClosingBraces(vis, BraceBalance.of(vis, from, vis.size()).net());
  }

  /** {@code toks} (not empty) followed by {@code n} synthetic '}' just after the last token. */
  private static List<CommonToken> withClosingBraces(List<CommonToken> toks, int n) {
    List<CommonToken> out = new ArrayList<>(toks);
    CommonToken last = toks.get(toks.size() - 1);
    for (int i = 0; i < n; i++) {
      out.add(
          SyntheticTokens.at(
              KernelCLexer.RightBrace,
              "}",
              last,
              last.getStopIndex() + 1,
              last.getLine(),
              last.getCharPositionInLine()));
    }
    return out;
  }

  /**
   * Parses {@code toks} as top-level chunks into {@code items}, with the directive lines kept in
   * source order: those between chunks as items, those inside a chunk handed to its builder. With
   * {@code trials} (not null) this is one of a fragment's trial strategies, whose caller discards
   * the result when any chunk fails: no failure is described (see {@link ChunkParser#parse(List,
   * int, int, boolean, boolean)}), and a chunk of the very tokens an earlier trial parsed is not
   * parsed again. A trial stops at the first chunk that fails, before building any: false then,
   * with nothing added (most hunks start inside a function, so the trial as a file fails on one of
   * its first statements, and its later chunks and trees would be thrown away).
   */
  private boolean parseChunks(
      SourceMap src,
      List<CommonToken> toks,
      List<CommonToken> directives,
      List<Node> items,
      List<ParseProblem> problems,
      TrialChunks trials) {
    List<Chunker.Chunk> split = Chunker.split(toks);
    List<ChunkParser.ParsedChunk> tried = null;
    if (trials != null) {
      tried = new ArrayList<>(split.size());
      for (Chunker.Chunk c : split) {
        ChunkParser.ParsedChunk pc = trials.parse(toks, c.start(), c.end());
        if (pc.tree() == null) {
          return false;
        }
        tried.add(pc);
      }
    }
    int nextDirective = 0;
    for (int i = 0; i < split.size(); i++) {
      Chunker.Chunk c = split.get(i);
      int begin = toks.get(c.start()).getStartIndex();
      int end = toks.get(c.end() - 1).getStopIndex();
      while (nextDirective < directives.size()
          && directives.get(nextDirective).getStartIndex() < begin) {
        items.add(PreprocessorLines.of(src, directives.get(nextDirective++)));
      }
      List<CommonToken> inside = new ArrayList<>();
      while (nextDirective < directives.size()
          && directives.get(nextDirective).getStartIndex() < end) {
        inside.add(directives.get(nextDirective++));
      }
      buildChunk(
          src,
          toks,
          c,
          tried == null ? chunks.parse(toks, c.start(), c.end(), false) : tried.get(i),
          inside,
          items,
          problems);
    }
    while (nextDirective < directives.size()) {
      items.add(PreprocessorLines.of(src, directives.get(nextDirective++)));
    }
    return true;
  }

  /** The fragment parsed as a file, a trial strategy: empty when one of its chunks fails. */
  private Optional<ParseResult> asFile(
      String fileName,
      String text,
      SourceMap src,
      List<CommonToken> all,
      List<CommonToken> vis,
      TrialChunks trials) {
    long llBefore = chunks.llFallbackCount();
    List<Node> items = new ArrayList<>();
    List<ParseProblem> problems = new ArrayList<>();
    if (!parseChunks(src, vis, directives(all), items, problems, trials)) {
      return Optional.empty();
    }
    CompilationUnit unit =
        new CompilationUnit(
            src.range(0, text.length()), fileName, text, 0, items, comments(src, all));
    return Optional.of(new ParseResult(unit, problems, chunks.llFallbackCount() > llBefore));
  }

  /**
   * The chunks one fragment's trial strategies parsed, by the very tokens (the same objects) each
   * one spans. The strategies overlap: a hunk tried as a file and then for the definitions after a
   * function's tail cuts the same chunks from the same tokens, and a chunk's parse depends on its
   * tokens alone (the tree refers to them, so equal objects make the tree valid for either). A
   * reused chunk counts as parsed again (see {@link ChunkParser#reused}), so the counts and each
   * result's LL flag are as without this.
   */
  private final class TrialChunks {
    private final Map<List<CommonToken>, ChunkParser.ParsedChunk> parsed = new HashMap<>();

    ChunkParser.ParsedChunk parse(List<CommonToken> toks, int start, int end) {
      // CommonToken keeps Object's equals and hashCode: the list's are by identity
      List<CommonToken> key = List.copyOf(toks.subList(start, end));
      ChunkParser.ParsedChunk earlier = parsed.get(key);
      if (earlier != null) {
        return chunks.reused(earlier, start, end);
      }
      ChunkParser.ParsedChunk pc = chunks.parse(toks, start, end, false, false);
      parsed.put(key, pc);
      return pc;
    }
  }

  /**
   * Parses visible tokens [from, to) as block items, balancing braces with synthetic ones; when
   * that fails, splits at statement boundaries and parses each piece alone.
   */
  private void parseStatements(
      SourceMap src,
      String text,
      List<CommonToken> vis,
      int from,
      int to,
      List<CommonToken> directives,
      List<Node> items,
      List<ParseProblem> problems,
      boolean split) {
    List<CommonToken> toks = balancedTokens(vis.subList(from, to), text.length());
    // When the run fails whole and splits into pieces, the pieces' own errors are reported, never
    // the whole's syntax error (see pieceProblems): that one need not be described.
    List<int[]> pieces = split ? statementPieces(vis, from, to) : List.of();
    ChunkParser.ParsedChunk pc = chunks.parse(toks, 0, toks.size(), true, pieces.size() <= 1);
    List<CommonToken> inside = within(directives, vis.get(from), vis.get(to - 1));
    if (pc.tree() != null) {
      pc = build(src, pc, inside, items);
      if (pc == null) {
        return;
      }
    }
    if (split
        && pc.errorKind() == ParseProblem.Kind.SYNTAX
        && withoutCutEdges(src, vis, from, to, inside, items, problems)) {
      return;
    }
    if (split) {
      if (pieces.size() > 1) {
        List<ParseProblem> own = new ArrayList<>();
        for (int[] p : pieces) {
          parseStatements(src, text, vis, p[0], p[1], directives, items, own, false);
        }
        problems.addAll(pieceProblems(own, pc));
        return;
      }
    }
    Range whole = src.range(vis.get(from), vis.get(to - 1));
    items.add(new ErrorStatement(whole, pc.error()));
    problems.add(new ParseProblem(whole, pc.error(), Optional.empty(), pc.errorKind()));
  }

  /**
   * Adds the statements of {@code pc}'s tree (parsed from fragment tokens) to {@code items}; null
   * then, or the chunk as failed when the tree is too deep or the builder fails.
   */
  private ChunkParser.ParsedChunk build(
      SourceMap src, ChunkParser.ParsedChunk pc, List<CommonToken> inside, List<Node> items) {
    return build(
        src,
        pc,
        pc.start(),
        pc.end(),
        inside,
        items,
        b -> b.fragmentItems((KernelCParser.FragmentItemsContext) pc.tree()));
  }

  /**
   * Adds what {@code buildItems} makes of {@code pc}'s tree, and the directives inside it, to
   * {@code items}; null then, or the chunk {@code [start, end)} as failed when the tree is too deep
   * or the builder fails (a whole file's chunk and a fragment's statements alike).
   */
  private static ChunkParser.ParsedChunk build(
      SourceMap src,
      ChunkParser.ParsedChunk pc,
      int start,
      int end,
      List<CommonToken> inside,
      List<Node> items,
      Function<AstBuilder, List<? extends Node>> buildItems) {
    try {
      AstBuilder b = new AstBuilder(src);
      b.placeDirectives(pc.tree(), inside);
      List<? extends Node> built = buildItems.apply(b);
      Optional<String> deep = tooDeep(built);
      if (deep.isEmpty()) {
        items.addAll(built);
        for (CommonToken d : b.looseDirectives()) {
          items.add(PreprocessorLines.of(src, d));
        }
        return null;
      }
      return new ChunkParser.ParsedChunk(
          start, end, null, deep.get(), null, pc.usedLl(), ParseProblem.Kind.INPUT);
    } catch (StackOverflowError e) {
      return new ChunkParser.ParsedChunk(
          start, end, null, TOO_DEEP_TO_BUILD, null, pc.usedLl(), ParseProblem.Kind.INPUT);
    } catch (RuntimeException e) {
      return new ChunkParser.ParsedChunk(
          start,
          end,
          null,
          "AST builder failed: " + e,
          null,
          pc.usedLl(),
          ParseProblem.Kind.INTERNAL);
    }
  }

  /** Said of the part of a statement a hunk's first lines show without its start. */
  static final String CUT_HEAD = "statement cut by the hunk's start";

  /** Said of the part of a statement a hunk's last lines show without its end. */
  static final String CUT_TAIL = "statement cut by the hunk's end";

  /**
   * The run {@code vis[from, to)}, which failed whole, read again without the statements the hunk's
   * edges cut ({@link FragmentEdges}): when the rest parses, its statements are added to {@code
   * items} between an {@link ErrorStatement} for each cut part, and true is returned. False
   * (nothing added) when there is no cut edge or the rest fails too, for the piecewise fallback.
   */
  private boolean withoutCutEdges(
      SourceMap src,
      List<CommonToken> vis,
      int from,
      int to,
      List<CommonToken> inside,
      List<Node> items,
      List<ParseProblem> problems) {
    int head = FragmentEdges.headEnd(vis, from, to);
    int tail = FragmentEdges.tailStart(vis, head, to);
    tail = Math.min(tail, FragmentEdges.openRecordStart(vis, head, tail));
    if (tail <= head) {
      return false;
    }
    List<CommonToken> run = FragmentEdges.withoutDanglingElse(vis.subList(head, tail));
    if (head == from && tail == to && run.size() == tail - head) {
      return false;
    }
    List<CommonToken> toks = balancedTokens(run, src.text().length());
    ChunkParser.ParsedChunk pc = chunks.parse(toks, 0, toks.size(), true, false);
    if (pc.tree() == null) {
      return false;
    }
    List<Node> built = new ArrayList<>();
    if (build(src, pc, inside, built) != null) {
      return false;
    }
    if (head > from) {
      cut(src, vis.get(from), vis.get(head - 1), CUT_HEAD, items, problems);
    }
    items.addAll(built);
    if (tail < to) {
      cut(src, vis.get(tail), vis.get(to - 1), CUT_TAIL, items, problems);
    }
    return true;
  }

  /** An {@link ErrorStatement} (and its problem) for the cut part of a statement. */
  private static void cut(
      SourceMap src,
      Token first,
      Token last,
      String why,
      List<Node> items,
      List<ParseProblem> problems) {
    Range r = src.range(first, last);
    items.add(new ErrorStatement(r, why));
    problems.add(new ParseProblem(r, why, Optional.empty(), ParseProblem.Kind.SYNTAX));
  }

  /**
   * Said when the AST builder itself runs out of stack: the tree is far past {@link
   * TreeDepth#LIMIT}.
   */
  private static final String TOO_DEEP_TO_BUILD = "input too deep (tree too deep to build)";

  /**
   * Why {@code built} is refused, if a tree in it is deeper than {@link TreeDepth#LIMIT}: chains
   * without brackets ({@code a + b + ...}, {@code else if} after {@code else if}) pass the bracket
   * nesting limit yet would overflow the recursive walkers of the rules and printers.
   */
  private static Optional<String> tooDeep(List<? extends Node> built) {
    int depth = 0;
    for (Node n : built) {
      depth = Math.max(depth, TreeDepth.of(n));
    }
    return depth > TreeDepth.LIMIT
        ? Optional.of("input too deep (tree depth " + depth + " > " + TreeDepth.LIMIT + ")")
        : Optional.empty();
  }

  /**
   * The problems of a run of statements parsed piece by piece after it failed whole with {@code
   * whole}. When the whole failed on an input limit that no piece met on its own, the construct
   * past the limit spanned pieces ({@code else if} chains are cut at each ';'), so its pieces'
   * syntax errors are that limit's doing: one input problem over them replaces them, lest the code
   * go unreviewed in silence.
   */
  private static List<ParseProblem> pieceProblems(
      List<ParseProblem> own, ChunkParser.ParsedChunk whole) {
    boolean inputMet = own.stream().anyMatch(p -> p.kind() != ParseProblem.Kind.SYNTAX);
    if (whole.errorKind() != ParseProblem.Kind.INPUT || inputMet || own.isEmpty()) {
      return own;
    }
    Range first = own.get(0).range();
    Range last = own.get(own.size() - 1).range();
    Range span =
        new Range(
            first.beginLine(),
            first.beginColumn(),
            last.endLine(),
            last.endColumn(),
            first.beginOffset(),
            last.endOffset());
    return List.of(
        new ParseProblem(span, whole.error(), Optional.empty(), ParseProblem.Kind.INPUT));
  }

  private static List<CommonToken> within(List<CommonToken> directives, Token first, Token last) {
    List<CommonToken> out = new ArrayList<>();
    for (CommonToken d : directives) {
      if (d.getStartIndex() > first.getStartIndex() && d.getStartIndex() < last.getStopIndex()) {
        out.add(d);
      }
    }
    return out;
  }

  /**
   * Statement-sized pieces: cut after ';' or '}' at relative depth 0, or when depth goes negative.
   */
  private static List<int[]> statementPieces(List<CommonToken> vis, int from, int to) {
    List<int[]> out = new ArrayList<>();
    int depth = 0;
    int paren = 0;
    int start = from;
    for (int i = from; i < to; i++) {
      int ty = vis.get(i).getType();
      if (ty == KernelCLexer.LeftParen) {
        paren++;
      } else if (ty == KernelCLexer.RightParen) {
        paren = Math.max(0, paren - 1);
      } else if (ty == KernelCLexer.LeftBrace) {
        depth++;
      } else if (ty == KernelCLexer.RightBrace) {
        depth--;
        if (depth <= 0) {
          depth = 0;
          out.add(new int[] {start, i + 1});
          start = i + 1;
        }
      } else if (ty == KernelCLexer.Semi && depth == 0 && paren == 0) {
        out.add(new int[] {start, i + 1});
        start = i + 1;
      }
    }
    if (start < to) {
      out.add(new int[] {start, to});
    }
    return out;
  }

  /**
   * The tokens with '{' prepended for each unmatched '}' and '}' appended for each unmatched '{'.
   */
  private static List<CommonToken> balancedTokens(List<CommonToken> toks, int textLength) {
    BraceBalance braces = BraceBalance.of(toks);
    List<CommonToken> out = new ArrayList<>();
    CommonToken first = toks.get(0);
    for (int i = 0; i < -braces.min(); i++) {
      out.add(
          SyntheticTokens.at(
              KernelCLexer.LeftBrace,
              "{",
              first,
              first.getStartIndex(),
              first.getLine(),
              first.getCharPositionInLine()));
    }
    out.addAll(toks);
    return withClosingBraces(out, braces.net() - braces.min());
  }

  private ParseResult refused(
      String fileName, String text, SourceMap src, String reason, ParseProblem.Kind kind) {
    Range r = src.range(0, text.length());
    CompilationUnit unit = new CompilationUnit(r, fileName, text, 0, List.of(), List.of());
    return new ParseResult(
        unit, List.of(new ParseProblem(r, reason, Optional.empty(), kind)), false);
  }

  private static List<CommonToken> directives(List<CommonToken> all) {
    List<CommonToken> out = new ArrayList<>();
    for (CommonToken t : all) {
      if (t.getType() == KernelCLexer.Directive) {
        out.add(t);
      }
    }
    return out;
  }

  private static List<Comment> comments(SourceMap src, List<CommonToken> all) {
    List<Comment> out = new ArrayList<>();
    for (CommonToken t : all) {
      if (t.getType() == KernelCLexer.BlockComment
          || t.getType() == KernelCLexer.LineComment
          || t.getType() == KernelCLexer.UnterminatedComment) {
        Range r = src.range(t);
        out.add(new Comment(r, src.text().substring(r.beginOffset(), r.endOffset())));
      }
    }
    return out;
  }

  /** The identifier before the first top-level '(' of a chunk: the function it seems to define. */
  static Optional<String> guessFunctionName(List<CommonToken> vis, int start, int end) {
    int paren = 0;
    for (int i = start; i < end; i++) {
      int ty = vis.get(i).getType();
      if (ty == KernelCLexer.LeftBrace || ty == KernelCLexer.Semi || ty == KernelCLexer.Assign) {
        return Optional.empty();
      }
      if (ty == KernelCLexer.LeftParen) {
        if (paren == 0 && i > start && vis.get(i - 1).getType() == KernelCLexer.Identifier) {
          return Optional.of(vis.get(i - 1).getText());
        }
        paren++;
      } else if (ty == KernelCLexer.RightParen) {
        paren--;
      }
    }
    return Optional.empty();
  }

  /** Whether a chunk looks like a function definition: a top-level ')' followed later by '{'. */
  static boolean looksLikeFunction(List<CommonToken> vis, int start, int end) {
    boolean sawParen = false;
    for (int i = start; i < end; i++) {
      int ty = vis.get(i).getType();
      if (ty == KernelCLexer.Assign || ty == KernelCLexer.Semi) {
        return false;
      }
      if (ty == KernelCLexer.RightParen) {
        sawParen = true;
      }
      if (ty == KernelCLexer.LeftBrace) {
        return sawParen;
      }
    }
    return false;
  }

  /** Builds {@code PreprocessorLine} nodes from directive tokens. */
  static final class PreprocessorLines {
    private PreprocessorLines() {}

    static PreprocessorLine of(SourceMap src, CommonToken d) {
      Range r = src.range(d);
      return PreprocessorLine.parse(r, src.text().substring(r.beginOffset(), r.endOffset()));
    }
  }
}
