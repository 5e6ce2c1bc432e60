package org.mmreview.ast;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.pp.PreprocessorLine;

/**
 * The root of a parsed file (or fragment): its source text, the top-level items and every comment
 * as positioned tokens.
 */
public final class CompilationUnit extends Node {
  private final String fileName;
  private final String source;
  private final int sourceOffset;
  private final List<Node> items;
  private final List<Comment> comments;

  /*
   * Lazily built indexes over the subtree. They are safe to cache because the tree is frozen
   * once the unit exists: children are adopted only by constructors, so every descendant was
   * complete before this constructor ran. Rules ask for them per call (every call is checked for
   * being a same-file assert-wrapper macro), and re-walking a whole file each time dominated
   * `check --all`. Racy initialisation is benign: each is immutable once built and recomputed identically.
   */
  private List<PreprocessorLine> preprocessorLines;
  private Map<String, PreprocessorLine> firstLineByMacro;
  private int[] lineStarts;

  /** A whole file: ranges are offsets into {@code source}. */
  public CompilationUnit(
      String fileName, String source, List<? extends Node> items, List<Comment> comments) {
    this(Range.of(source, 0, source.length()), fileName, source, 0, items, comments);
  }

  /**
   * A fragment of a file: {@code source} starts at file offset {@code sourceOffset}, and node
   * ranges are positions in the original file.
   */
  public CompilationUnit(
      Range range,
      String fileName,
      String source,
      int sourceOffset,
      List<? extends Node> items,
      List<Comment> comments) {
    super(range);
    this.fileName = Objects.requireNonNull(fileName, "fileName");
    this.source = Objects.requireNonNull(source, "source");
    this.sourceOffset = sourceOffset;
    this.items = adoptAll(items);
    this.comments =
        comments.stream().sorted(Comparator.comparing(Comment::range, Range.BEGIN_ORDER)).toList();
  }

  public String fileName() {
    return fileName;
  }

  public String source() {
    return source;
  }

  /** The file offset at which {@link #source()} begins (0 for a whole file). */
  public int sourceOffset() {
    return sourceOffset;
  }

  /** The source text of {@code r}, when {@link #source()} covers it. */
  public Optional<String> slice(Range r) {
    int b = r.beginOffset() - sourceOffset;
    int e = r.endOffset() - sourceOffset;
    if (b < 0 || e < b || e > source.length()) {
      return Optional.empty();
    }
    return Optional.of(source.substring(b, e));
  }

  /** Top-level items in source order. */
  public List<Node> items() {
    return items;
  }

  /** Every comment of the file, in source order. */
  public List<Comment> comments() {
    return comments;
  }

  /** The comments lying entirely inside {@code r}, in source order. */
  public List<Comment> commentsIn(Range r) {
    return comments.stream().filter(c -> r.contains(c.range())).toList();
  }

  /**
   * The comment just above {@code line}: the last comment ending before that line with only blank
   * lines between it and the line, and nothing else on the line where it starts after it.
   */
  public Optional<Comment> commentAbove(int line) {
    Comment best = null;
    for (Comment c : comments) {
      if (c.range().endLine() < line) {
        best = c;
      } else {
        break;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    int gapFrom = best.range().endLine() + 1;
    for (int l = gapFrom; l < line; l++) {
      if (!lineText(l).map(String::isBlank).orElse(true)) {
        return Optional.empty();
      }
    }
    Optional<String> endLine = lineText(best.range().endLine());
    if (endLine.isPresent()) {
      String rest =
          endLine.get().substring(Math.min(endLine.get().length(), best.range().endColumn() - 1));
      if (!rest.isBlank()) {
        return Optional.empty();
      }
    }
    return Optional.of(best);
  }

  /**
   * Builds now what the unit otherwise builds on first use (the tree's index, the line starts, the
   * preprocessor lines and their index by macro), after which reading the unit writes nothing: it
   * may then be read by several threads at once, once handed over with a happens-before edge (a
   * lock, a concurrent collection). Idempotent.
   */
  public void freeze() {
    lineStarts();
    firstPreprocessorLineNaming("");
  }

  /** The text of the given 1-based line of the source (without the newline), if present. */
  public Optional<String> lineText(int line) {
    int[] starts = lineStarts();
    // long: a line near Integer.MIN_VALUE must not wrap into range.
    long index = (long) line - range().beginLine();
    if (index < 0 || index >= starts.length) {
      return Optional.empty();
    }
    int at = starts[(int) index];
    int end = source.indexOf('\n', at);
    return Optional.of(source.substring(at, end < 0 ? source.length() : end));
  }

  /**
   * The offset in {@link #source()} where each line starts, built on first use: every finding asks
   * for its line's text, and scanning from the top each time made reporting quadratic in the
   * findings of a file (50,000 findings took minutes).
   */
  private int[] lineStarts() {
    int[] starts = lineStarts;
    if (starts == null) {
      int count = 1;
      for (int i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) {
        count++;
      }
      starts = new int[count];
      int l = 1;
      for (int i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) {
        starts[l++] = i + 1;
      }
      lineStarts = starts;
    }
    return starts;
  }

  /** The top-level function definitions, in source order. */
  public List<FunctionDefinition> functions() {
    return items.stream()
        .filter(FunctionDefinition.class::isInstance)
        .map(FunctionDefinition.class::cast)
        .toList();
  }

  /** The first function definition with that name. */
  public Optional<FunctionDefinition> function(String name) {
    return functions().stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** Every preprocessor line, top-level or inside function bodies, in source order. */
  public List<PreprocessorLine> preprocessorLines() {
    List<PreprocessorLine> lines = preprocessorLines;
    if (lines == null) {
      lines = findAll(PreprocessorLine.class);
      preprocessorLines = lines;
    }
    return lines;
  }

  /**
   * The first preprocessor line (in source order) whose macro name is {@code name}: the same line a
   * scan of {@link #preprocessorLines()} would stop at, without the scan.
   */
  public Optional<PreprocessorLine> firstPreprocessorLineNaming(String name) {
    Map<String, PreprocessorLine> index = firstLineByMacro;
    if (index == null) {
      Map<String, PreprocessorLine> m = new HashMap<>();
      for (PreprocessorLine pp : preprocessorLines()) {
        pp.macroName().ifPresent(n -> m.putIfAbsent(n, pp));
      }
      index = Map.copyOf(m);
      firstLineByMacro = index;
    }
    return Optional.ofNullable(index.get(name));
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("fileName", fileName);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
