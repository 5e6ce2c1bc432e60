package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.decl.RecordDecl;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.BreakStatement;
import org.mmreview.ast.stmt.ContinueStatement;
import org.mmreview.ast.stmt.DeclarationStatement;
import org.mmreview.ast.stmt.DoWhileStatement;
import org.mmreview.ast.stmt.EmptyStatement;
import org.mmreview.ast.stmt.ForStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.ast.stmt.PreprocessorStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.ast.stmt.SwitchStatement;
import org.mmreview.ast.stmt.WhileStatement;
import org.mmreview.intake.Hunk;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * The patch adds the same code twice: a run of statements, or a condition of three or more
 * operands, equal in its syntax tree to another one the patch adds (in the same function or
 * another), up to the names of locals and parameters, consistently renamed. Reviewers ask for a
 * helper, or for the condition to be computed once.
 *
 * <p>A run counts when it holds at least {@value #MIN_STATEMENTS} statements (nested ones included)
 * of which at least {@value #MIN_WORK} do work (not declarations, jumps or guard clauses such as
 * {@code if (!x) return;}), at least {@value #MIN_NODES} syntax nodes, and at least one branch or
 * loop or {@value #STRAIGHT_STATEMENTS} statements: function prologues (declare, look up, bail out)
 * and error exits that both unlock, put and return are kernel idiom, not a helper waiting to be
 * written. Every statement of both copies begins on a line the patch adds. One finding per later
 * copy, at it, the first copy related; copies nested in a reported copy are not reported again.
 */
public final class DuplicatedAddedCode extends FileRule {
  /** Statements (nested included, blocks and empty statements not counted) a run needs. */
  static final int MIN_STATEMENTS = 3;

  /** Syntax nodes a run needs: three one-word statements are not worth a helper. */
  static final int MIN_NODES = 12;

  /**
   * Statements that do work a run needs: not declarations, jumps, labels or guard clauses ({@code
   * if (!x) return;}).
   */
  static final int MIN_WORK = 4;

  /** Straight-line statements (no branch, no loop) a run needs to count without a branch. */
  static final int STRAIGHT_STATEMENTS = 5;

  /** Operands of a {@code ||} or {@code &&} chain that make a repeated condition worth a bool. */
  static final int MIN_OPERANDS = 3;

  /**
   * A run of statements (or one condition) the patch adds, with what identifies it: {@code shape},
   * cheap, equal for every two copies that are the same code (and for some that are not), and
   * {@code exactKey}, computed only for copies whose shape another copy shares.
   */
  private record Copy(
      Node first, Node last, long shape, Supplier<String> exactKey, int lines, String function) {
    String key() {
      return exactKey.get();
    }

    Range range() {
      return new Range(
          first.range().beginLine(),
          first.range().beginColumn(),
          last.range().endLine(),
          last.range().endColumn(),
          first.range().beginOffset(),
          last.range().endOffset());
    }

    boolean contains(Copy other) {
      return first.range().beginLine() <= other.first.range().beginLine()
          && other.last.range().endLine() <= last.range().endLine()
          && sameUnit(other)
          && first.range().beginOffset() <= other.first.range().beginOffset()
          && other.last.range().endOffset() <= last.range().endOffset();
    }

    boolean overlaps(Copy other) {
      return sameUnit(other)
          && first.range().beginOffset() < other.last.range().endOffset()
          && other.first.range().beginOffset() < last.range().endOffset();
    }

    private boolean sameUnit(Copy other) {
      return first.root() == other.first.root();
    }
  }

  /**
   * Test code: selftests and KUnit or test modules, where each case spelling out its own setup is
   * the convention and reviewers do not ask for helpers.
   */
  private static final Pattern TEST_FILE =
      Pattern.compile("(^|/)(tools/testing/|[^/]*(test_|_test\\.|_kunit\\.|kunit_)[^/]*$)");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    if (TEST_FILE.matcher(file.path()).find()) {
      return;
    }
    List<Copy> runs = new ArrayList<>();
    List<Copy> conditions = new ArrayList<>();
    for (CompilationUnit u : file.units()) {
      for (FunctionDefinition f : u.findAll(FunctionDefinition.class)) {
        if (!file.addsLineOf(f.range())) {
          continue; // every run and condition of f is on lines the patch adds
        }
        Set<String> locals = locals(f.body());
        for (Parameter p : f.parameters()) {
          p.name().ifPresent(locals::add);
        }
        List<List<Statement>> sequences = new ArrayList<>();
        collect(f.body(), sequences);
        scan(file, sequences, locals, f.body(), runs, conditions);
      }
      // A hunk that starts inside a function parses as statements outside any definition.
      List<Statement> top = new ArrayList<>();
      List<List<Statement>> sequences = new ArrayList<>();
      for (Node item : u.items()) {
        if (item instanceof Statement st) {
          top.add(st);
          collect(st, sequences);
        } else if (!top.isEmpty()) {
          sequences.addAll(split(top));
          top = new ArrayList<>();
        }
      }
      if (!top.isEmpty()) {
        sequences.addAll(split(top));
      }
      if (!sequences.isEmpty()) {
        scan(file, sequences, locals(u), u, runs, conditions);
      }
    }
    List<Copy> reported = new ArrayList<>();
    // A run whose shape no other run has is never reported: drop it before the sort (stable, so the
    // runs kept keep their order), which a long added function would otherwise pay for every run.
    runs = repeatedShapes(runs);
    // Biggest first: a duplicated if statement holds a duplicated block, reported once.
    runs.sort(
        Comparator.comparingInt((Copy c) -> -c.lines())
            .thenComparing(c -> c.first().range(), Range.BEGIN_ORDER));
    report(runs, reported, ctx, false);
    report(repeatedShapes(conditions), reported, ctx, true);
  }

  /** The copies whose shape another copy shares, in their order. */
  private static List<Copy> repeatedShapes(List<Copy> copies) {
    Map<Long, Integer> shapes = new HashMap<>();
    for (Copy c : copies) {
      shapes.merge(c.shape(), 1, Integer::sum);
    }
    List<Copy> out = new ArrayList<>();
    for (Copy c : copies) {
      if (shapes.get(c.shape()) > 1) {
        out.add(c);
      }
    }
    return out;
  }

  /** Reports the copies of one key among {@code copies}, already cut to {@link #repeatedShapes}. */
  private static void report(
      List<Copy> copies, List<Copy> reported, RuleContext ctx, boolean condition) {
    Map<String, List<Copy>> byKey = new LinkedHashMap<>();
    for (Copy c : copies) {
      byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
    }
    for (List<Copy> same : byKey.values()) {
      if (same.size() < 2) {
        continue;
      }
      List<Copy> ordered = new ArrayList<>(same);
      ordered.sort(Comparator.comparing(c -> c.first().range(), Range.BEGIN_ORDER));
      // Overlapping runs of one block (a run of four in a run of five repeated) keep the earliest.
      List<Copy> distinct = new ArrayList<>();
      for (Copy c : ordered) {
        if (distinct.stream().noneMatch(d -> d.overlaps(c))) {
          distinct.add(c);
        }
      }
      if (distinct.size() < 2) {
        continue;
      }
      Copy first = distinct.get(0);
      if (reported.stream().anyMatch(r -> r.contains(first))) {
        continue;
      }
      for (Copy later : distinct.subList(1, distinct.size())) {
        if (reported.stream().anyMatch(r -> r.contains(later))) {
          continue;
        }
        RuleContext.FindingBuilder b = ctx.at(later.first());
        if (condition) {
          b.variant("condition");
        } else {
          b.arg("lines", String.valueOf(later.lines()));
        }
        b.arg("line", String.valueOf(first.first().range().beginLine()))
            .arg(
                "where",
                first.function().equals(later.function())
                    ? "in the same function"
                    : "in `" + first.function() + "()`")
            .arg("example", firstLine(later))
            .related(first.range(), "first copy")
            .report();
        reported.add(later);
      }
      reported.add(first);
    }
  }

  private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?(\\*/|$)");
  private static final Pattern LINE_COMMENT = Pattern.compile("//.*$");
  private static final Pattern BRACES = Pattern.compile("[{}]");
  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
  private static final Pattern ELSE_LINE = Pattern.compile("(?s)\\s*#\\s*(else|elif).*");

  /** The copy's first line of code, without comments, for the message. */
  private static String firstLine(Copy c) {
    String t = c.first().text().split("\n", 2)[0];
    t = LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(t).replaceAll("")).replaceAll("");
    // Braces out: a message never carries one (it would read as an unfilled placeholder).
    t = WHITE_SPACE.matcher(BRACES.matcher(t).replaceAll("").trim()).replaceAll(" ");
    return t.length() > 60 ? t.substring(0, 57) + "..." : t;
  }

  /** The statements of every block under {@code root}, {@code root} included when it is one. */
  private static void collect(Node root, List<List<Statement>> out) {
    for (Block b : root.findAll(Block.class)) {
      out.addAll(split(b.statements()));
    }
  }

  /**
   * {@code s} cut at its preprocessor lines; none at all when it holds an {@code #else} or {@code
   * #elif}: the branches of a conditional are alternatives, one copy per configuration, not two
   * copies of one.
   */
  private static List<List<Statement>> split(List<Statement> s) {
    List<List<Statement>> out = new ArrayList<>();
    List<Statement> run = new ArrayList<>();
    for (Statement st : s) {
      if (st instanceof PreprocessorStatement p) {
        if (ELSE_LINE.matcher(p.text()).matches()) {
          return List.of();
        }
        if (!run.isEmpty()) {
          out.add(run);
        }
        run = new ArrayList<>();
      } else {
        run.add(st);
      }
    }
    if (!run.isEmpty()) {
      out.add(run);
    }
    return out;
  }

  private static void scan(
      ReviewedFile file,
      List<List<Statement>> sequences,
      Set<String> locals,
      Node scope,
      List<Copy> runs,
      List<Copy> conditions) {
    // Nested sequences (an if's body inside the function's) share their statements' shapes.
    Map<Node, Long> shapes = new IdentityHashMap<>();
    for (List<Statement> s : sequences) {
      runs.addAll(runsOf(file, s, locals, shapes));
    }
    for (Expression c : conditionsOf(scope)) {
      conditionCopy(file, c).ifPresent(conditions::add);
    }
  }

  /**
   * Every run of {@code s}'s statements that the patch adds and that is big enough. A statement's
   * added-ness, size and shape are computed once; a run's are sums, so the runs that start at one
   * statement are grown one statement at a time. Size only grows, so once a run is big enough every
   * longer one is; shapes and the function are computed only for statements of a run big enough
   * (most added statements are in none).
   */
  private static List<Copy> runsOf(
      ReviewedFile file, List<Statement> s, Set<String> locals, Map<Node, Long> shapes) {
    int n = s.size();
    boolean[] added = new boolean[n];
    Size[] size = new Size[n];
    for (int k = 0; k < n; k++) {
      added[k] = added(file, s.get(k));
      if (added[k]) {
        size[k] = Size.of(s.get(k));
      }
    }
    long[] shape = new long[n];
    boolean[] shaped = new boolean[n];
    List<Copy> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!added[i]) {
        continue;
      }
      String function = null;
      Size total = Size.ZERO;
      boolean big = false;
      long h = 17;
      int hashed = i; // statements i to hashed - 1 are in h
      for (int j = i; j < n && added[j]; j++) {
        if (!big) {
          total = total.plus(size[j]);
          big = total.bigEnough();
        }
        if (big) {
          for (; hashed <= j; hashed++) {
            if (!shaped[hashed]) {
              shape[hashed] = shape(s.get(hashed), locals, shapes);
              shaped[hashed] = true;
            }
            h = h * 1_000_003L + shape[hashed];
          }
          if (function == null) {
            function = function(file, s.get(i));
          }
          List<Statement> run = s.subList(i, j + 1);
          int lines = s.get(j).range().endLine() - s.get(i).range().beginLine() + 1;
          out.add(new Copy(s.get(i), s.get(j), h, memo(() -> key(run, locals)), lines, function));
        }
      }
    }
    return out;
  }

  /**
   * A hash of {@code n}'s syntax with every local read as the same name: equal for two statements
   * whose {@link #key} texts are equal whatever their locals are called, so a run's hash rules out
   * most runs before any key is built. Computed once per node of a sequence and its nested ones.
   */
  private static long shape(Node n, Set<String> locals, Map<Node, Long> shapes) {
    if (n instanceof ParenExpression p) {
      return shape(p.inner(), locals, shapes); // (x) and x are the same code
    }
    Long known = shapes.get(n);
    if (known != null) {
      return known;
    }
    long h = n.kind().hashCode();
    long props = 0; // a sum: the same for the same properties in any order
    for (Map.Entry<String, Object> e : n.properties().entrySet()) {
      Object v = e.getValue();
      if ((n instanceof Identifier || n instanceof Declarator)
          && e.getKey().equals("name")
          && locals.contains(String.valueOf(v))) {
        v = "$";
      }
      props += e.getKey().hashCode() * 31L + String.valueOf(v).hashCode();
    }
    h = h * 1_000_003L + props;
    for (Node c : n.children()) {
      h = h * 1_000_003L + shape(c, locals, shapes);
    }
    h = h * 1_000_003L + n.children().size();
    shapes.put(n, h);
    return h;
  }

  private static Supplier<String> memo(Supplier<String> compute) {
    String[] value = new String[1];
    return () -> {
      if (value[0] == null) {
        value[0] = compute.get();
      }
      return value[0];
    };
  }

  /** True when every statement in {@code s} (nested ones included) begins on an added line. */
  private static boolean added(ReviewedFile file, Statement s) {
    if (!file.isAdded(s.range().beginLine()) || !file.isAdded(s.range().endLine())) {
      return false;
    }
    for (Statement n : s.findAll(Statement.class)) {
      if (!file.isAdded(n.range().beginLine())) {
        return false;
      }
    }
    return true;
  }

  /** What a run's size is judged on, summed over its statements. */
  private record Size(int statements, int work, int nodes, boolean branch) {
    static final Size ZERO = new Size(0, 0, 0, false);

    static Size of(Statement top) {
      int statements = 0;
      int work = 0;
      int nodes = 0;
      boolean branch = false;
      for (Node n : top.stream().toList()) {
        nodes++;
        if (n instanceof Block || n instanceof EmptyStatement || !(n instanceof Statement)) {
          continue;
        }
        statements++;
        if (n instanceof IfStatement
            || n instanceof SwitchStatement
            || n instanceof ForStatement
            || n instanceof WhileStatement
            || n instanceof DoWhileStatement) {
          branch = true;
        }
        if (!isJump(n)
            && !(n instanceof DeclarationStatement)
            && !(n instanceof LabeledStatement)
            && !isGuard(n)) {
          work++;
        }
      }
      return new Size(statements, work, nodes, branch);
    }

    Size plus(Size o) {
      return new Size(
          statements + o.statements, work + o.work, nodes + o.nodes, branch || o.branch);
    }

    boolean bigEnough() {
      return statements >= MIN_STATEMENTS
          && work >= MIN_WORK
          && nodes >= MIN_NODES
          && (branch || statements >= STRAIGHT_STATEMENTS);
    }
  }

  private static boolean isJump(Node n) {
    return n instanceof ReturnStatement
        || n instanceof GotoStatement
        || n instanceof BreakStatement
        || n instanceof ContinueStatement;
  }

  /**
   * True for {@code if (cond) return/goto/break/continue;}: a guard clause. Runs of guards
   * (declarations, a lookup, and tests that bail out) open many kernel functions alike; the helper
   * a reviewer asks for holds work.
   */
  private static boolean isGuard(Node n) {
    if (!(n instanceof IfStatement i) || i.elseStatement().isPresent()) {
      return false;
    }
    Statement then = i.thenStatement();
    if (then instanceof Block b && b.statements().size() == 1) {
      then = b.statements().get(0);
    }
    return isJump(then);
  }

  /**
   * The run's syntax with the function's locals and parameters renamed in order of first appearance
   * ({@code $0}, {@code $1}, ...): two runs that differ only in what they call their variables have
   * the same key.
   */
  private static String key(List<Statement> run, Set<String> locals) {
    StringBuilder sb = new StringBuilder();
    Map<String, String> renamed = new HashMap<>();
    for (Statement s : run) {
      append(sb, s, locals, renamed);
      sb.append(';');
    }
    return sb.toString();
  }

  /** {@code n}'s syntax into {@code sb}, locals renamed through {@code renamed}. */
  private static void append(
      StringBuilder sb, Node n, Set<String> locals, Map<String, String> renamed) {
    if (n instanceof ParenExpression p) {
      append(sb, p.inner(), locals, renamed); // (x) and x are the same code
      return;
    }
    sb.append(n.kind());
    Map<String, Object> props = new TreeMap<>(n.properties());
    for (Map.Entry<String, Object> e : props.entrySet()) {
      Object v = e.getValue();
      if ((n instanceof Identifier || n instanceof Declarator)
          && e.getKey().equals("name")
          && locals.contains(String.valueOf(v))) {
        v = renamed.computeIfAbsent(String.valueOf(v), k -> "$" + renamed.size());
      }
      sb.append(' ').append(e.getKey()).append('=').append(v);
    }
    sb.append('(');
    for (Node c : n.children()) {
      append(sb, c, locals, renamed);
      sb.append(',');
    }
    sb.append(')');
  }

  /** The conditions of the function's if and while statements, in source order. */
  private static List<Expression> conditionsOf(Node scope) {
    List<Expression> out = new ArrayList<>();
    // statements only, and the ancestor test only for the ones kept: a walk of every node, each
    // asking for its ancestors, was a tenth of this rule's cost
    for (Statement n : scope.findAll(Statement.class)) {
      if (!(n instanceof IfStatement || n instanceof WhileStatement)
          || (scope instanceof CompilationUnit
              && n.findAncestor(FunctionDefinition.class).isPresent())) {
        continue; // a hunk's definitions are scanned on their own
      }
      if (n instanceof IfStatement i) {
        out.add(i.condition());
      } else if (n instanceof WhileStatement w) {
        out.add(w.condition());
      }
    }
    return out;
  }

  /**
   * A condition of {@value #MIN_OPERANDS} or more operands joined by one operator, on added lines:
   * its key is the operator and its operands' keys sorted ({@code a || b || c} and {@code c || a ||
   * b} are one test). Locals keep their names: the same test on other variables is another test.
   */
  private static Optional<Copy> conditionCopy(ReviewedFile file, Expression c) {
    Expression e = c.unparen();
    if (!(e instanceof BinaryExpression b)
        || !(b.operator().equals("||") || b.operator().equals("&&"))) {
      return Optional.empty();
    }
    for (int l = e.range().beginLine(); l <= e.range().endLine(); l++) {
      if (!file.isAdded(l)) {
        return Optional.empty();
      }
    }
    List<Expression> operands = new ArrayList<>();
    flatten(e, b.operator(), operands);
    if (operands.size() < MIN_OPERANDS) {
      return Optional.empty();
    }
    List<String> keys = new ArrayList<>();
    for (Expression o : operands) {
      StringBuilder sb = new StringBuilder();
      append(sb, o, Set.of(), new HashMap<>());
      keys.add(sb.toString());
    }
    if (operands.stream().allMatch(DuplicatedAddedCode::isPlainVariable)) {
      return Optional.empty(); // `a || b || c` of plain variables: a bool would not be cheaper
    }
    if (new HashSet<>(keys).size() < keys.size()) {
      return Optional.empty(); // a repeated operand is redundant-check's business
    }
    keys.sort(Comparator.naturalOrder());
    String function = function(file, e);
    String key = function + "|" + b.operator() + "|" + String.join("|", keys);
    int lines = e.range().endLine() - e.range().beginLine() + 1;
    return Optional.of(new Copy(e, e, key.hashCode(), () -> key, lines, function));
  }

  /** {@code x} or {@code !x} for a plain identifier {@code x}. */
  private static boolean isPlainVariable(Expression e) {
    Expression x = e.unparen();
    if (x instanceof UnaryExpression u && u.operator().equals("!")) {
      x = u.operand().unparen();
    }
    return x instanceof Identifier;
  }

  private static void flatten(Expression e, String op, List<Expression> out) {
    Expression x = e.unparen();
    if (x instanceof BinaryExpression b && b.operator().equals(op)) {
      flatten(b.left(), op, out);
      flatten(b.right(), op, out);
    } else {
      out.add(x);
    }
  }

  /** The function {@code n} is in: its definition, or the heading of a hunk-only review's hunk. */
  private static String function(ReviewedFile file, Node n) {
    return n.findAncestor(FunctionDefinition.class)
        .map(FunctionDefinition::name)
        .orElseGet(() -> headingFunction(file, n.range().beginLine()));
  }

  /**
   * The function a hunk-only review's hunk is in, from its section heading ({@code @@ ... @@ static
   * int foo(...)}); empty when the heading names none.
   */
  private static String headingFunction(ReviewedFile file, int line) {
    return file.hunkAt(line).flatMap(Hunk::headingFunction).orElse("");
  }

  /** The locals declared under {@code root}, outside struct definitions. */
  private static Set<String> locals(Node root) {
    Set<String> out = new HashSet<>();
    for (Declarator d : root.findAll(Declarator.class)) {
      if (d.findAncestor(RecordDecl.class).isEmpty()) {
        out.add(d.name());
      }
    }
    return out;
  }
}
