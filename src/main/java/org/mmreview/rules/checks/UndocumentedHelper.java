package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.RecordDecl;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.EmptyStatement;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * A definition the patch adds without a comment saying what it is for: a struct or union with
 * a body, an object-like {@code #define} of a flags mask, or a static function of at least
 * {@value #MIN_STATEMENTS} statements. "Documented" means a comment directly above (kernel-doc
 * included) or on the definition's own line.
 *
 * <ul>
 *   <li>Flags masks: an object-like macro whose name ends in {@code FLAGS}/{@code FLAG}/{@code
 *       MASK}, or whose body ORs two or more upper-case names or names a {@code *_BIT}. Plain
 *       constants and function-like helper macros are left alone.
 *   <li>Non-trivial: {@value #MIN_STATEMENTS} or more statements, nested ones counted (blocks,
 *       labels and empty statements are not). A one-line wrapper or a single {@code if} with
 *       its action says what it does by itself.
 *   <li>Not a callback: a function the file uses as a value (an ops table entry, a pointer
 *       passed to a registration) has its contract documented by its framework.
 *   <li>New: the line naming it is added and the pre-image defines no such name (a moved or
 *       re-indented definition keeps whatever documentation it had).
 * </ul>
 *
 * <p>Patch reviews only. Over whole files ({@code --all} without a patch) nothing is new, and
 * mm/ has hundreds of long-standing undocumented static helpers; flagging them would bury the
 * review, so the rule reports nothing there.
 */
public final class UndocumentedHelper extends NodeRule<CompilationUnit> {
  static final int MIN_STATEMENTS = 3;
  private static final Pattern DEFINE = Pattern.compile("#\\s*define\\s+(\\w+)(\\(?)\\s*(.*)", Pattern.DOTALL);
  private static final Pattern FLAGS_NAME = Pattern.compile(".*(FLAGS?|MASK)");
  private static final Pattern UPPER_NAME = Pattern.compile("\\b[A-Z_][A-Z0-9_]{2,}\\b");
  private static final Pattern BIT_NAME = Pattern.compile("\\b(\\w+_BIT|BIT)\\b");

  public UndocumentedHelper() {
    super(CompilationUnit.class);
  }

  @Override
  protected void check(CompilationUnit unit, RuleContext ctx) {
    if (!ctx.file().diffAware()) {
      return;
    }
    for (FunctionDefinition f : unit.findAll(FunctionDefinition.class)) {
      if (f.isStatic() && statements(f.body()) >= MIN_STATEMENTS && !isCallback(f)
          && isNew(f, f.name(), ctx)) {
        report(ctx, f, "helper", f.name());
      }
    }
    for (RecordDecl r : unit.findAll(RecordDecl.class)) {
      // Only top-level type definitions: a struct declared inside a function is local detail.
      Optional<Node> decl = r.parent().filter(p -> p instanceof Declaration);
      if (r.hasBody() && r.tag().isPresent() && decl.isPresent()
          && decl.get().parent().filter(p -> p instanceof CompilationUnit).isPresent()
          && isNew(decl.get(), r.tag().get(), ctx)) {
        report(ctx, decl.get(), r.isUnion() ? "union" : "struct", r.tag().get());
      }
    }
    for (PreprocessorLine pp : unit.findAll(PreprocessorLine.class, p -> p.directive() == PreprocessorLine.Directive.DEFINE)) {
      Matcher m = DEFINE.matcher(pp.text());
      if (m.matches() && m.group(2).isEmpty() && isFlagsMask(m.group(1), m.group(3)) && isNew(pp, m.group(1), ctx)) {
        report(ctx, pp, "flags #define", m.group(1));
      }
    }
  }

  /** Reports {@code def} unless a comment documents it. */
  private static void report(RuleContext ctx, Node def, String kind, String name) {
    CompilationUnit cu = def.compilationUnit().orElseThrow();
    int line = def.range().beginLine();
    boolean documented =
        cu.commentAbove(line).isPresent()
            || (def instanceof PreprocessorLine pp && (pp.text().contains("/*") || pp.text().contains("//")))
            || cu.comments().stream().map(Comment::range).anyMatch(r -> r.beginLine() == line);
    if (!documented) {
      ctx.at(firstLine(def)).arg("kind", kind).arg("name", name).report();
    }
  }

  /** The definition's first line as the evidence: the line naming it, not its whole body. */
  private static Range firstLine(Node def) {
    Range r = def.range();
    return new Range(r.beginLine(), r.beginColumn(), r.beginLine(), r.beginColumn() + 1,
        r.beginOffset(), r.beginOffset() + 1);
  }

  /**
   * A function the file hands out as a value ({@code .store = low_store}, a function pointer
   * passed to a registration call) implements a contract its framework documents; reviewers
   * do not ask for a comment on each sysfs show/store or ops callback.
   */
  private static boolean isCallback(FunctionDefinition f) {
    CompilationUnit cu = f.compilationUnit().orElseThrow();
    return !cu.findAll(Identifier.class, id -> id.name().equals(f.name()) && !isCallee(id)).isEmpty();
  }

  private static boolean isCallee(Identifier id) {
    return id.parent().filter(p -> p instanceof CallExpression c && c.callee() == id).isPresent();
  }

  static boolean isFlagsMask(String name, String body) {
    String b = body.strip();
    if (b.isEmpty()) {
      return false;
    }
    if (FLAGS_NAME.matcher(name).matches()) {
      return true;
    }
    long upper = UPPER_NAME.matcher(b).results().count();
    return (b.contains("|") && upper >= 2) || BIT_NAME.matcher(b).find();
  }

  private static int statements(Block body) {
    List<Statement> all = body.findAll(Statement.class);
    return (int) all.stream()
        .filter(s -> !(s instanceof Block) && !(s instanceof EmptyStatement) && !(s instanceof LabeledStatement))
        .count();
  }

  /** Added on the patch, and not a name the pre-image already defines. */
  private static boolean isNew(Node def, String name, RuleContext ctx) {
    if (!ctx.file().isAdded(def.range().beginLine())) {
      return false;
    }
    for (CompilationUnit pre : ctx.file().preImage().get()) {
      boolean defined =
          pre.function(name).isPresent()
              || pre.findAll(RecordDecl.class, r -> r.hasBody() && r.tag().filter(name::equals).isPresent()).size() > 0
              || pre.preprocessorLines().stream().anyMatch(p -> p.macroName().filter(name::equals).isPresent());
      if (defined) {
        return false;
      }
    }
    return true;
  }
}
