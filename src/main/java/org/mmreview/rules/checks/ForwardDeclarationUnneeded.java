package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.ast.Words;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.intake.HunkLine;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.checks.stubs.FunctionDeclarations;

/**
 * A patch adds a prototype of a static function to a {@code .c} file and, below it, the function's
 * definition: the prototype exists only because the definition comes after its first user, and
 * defining the function above that user makes it unnecessary (Kirill A. Shutemov: "needless forward
 * declaration; move the function down"; Mike Kravetz: "move helper above users and drop the forward
 * declaration").
 *
 * <p>Only when the move is possible as the patch shows it: the prototype's line is added, and
 * either the definition's line is too (the function is new, no unchanged code can call it) or every
 * use between the two is an added line (the patch put a new user above an old function); every use
 * of the name between the two is inside a function definition in view (a use at file scope, such as
 * an operations table, or in a body the hunk shows only in part, keeps the rule silent), and the
 * definition calls no function defined between the two that itself uses the name (mutual recursion
 * needs the prototype). Headers are not judged: a prototype there is the interface. Patch reviews
 * only: nothing is added in a whole-file review.
 */
public final class ForwardDeclarationUnneeded extends FileRule {

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    // Patch reviews only: reordering existing files is churn no reviewer asks for (Linux 6.12's
    // mm/ keeps 64 such prototypes in long-standing code).
    if (!file.diffAware() || !("/" + file.path()).endsWith(".c")) {
      return;
    }
    // an added static prototype starts its line with "static" or has it on a later added line:
    // without the word among the added lines, the file's declarations are not worth scanning
    if (file.change().stream()
        .flatMap(c -> c.hunks().stream())
        .flatMap(h -> h.lines().stream())
        .noneMatch(l -> l.kind() == HunkLine.Kind.ADD && l.text().contains("static"))) {
      return;
    }
    List<FunctionDefinition> functions = new ArrayList<>();
    for (CompilationUnit unit : file.units()) {
      functions.addAll(unit.findAll(FunctionDefinition.class));
    }
    for (CompilationUnit unit : file.units()) {
      for (FunctionDeclarations.Declaration proto : FunctionDeclarations.ofUnit(file, unit)) {
        if (proto.kind() != FunctionDeclarations.Kind.PROTOTYPE
            || !proto.isStatic()
            || !file.isAdded(proto.line())) {
          continue;
        }
        check(file, ctx, unit, proto, functions);
      }
    }
  }

  private static void check(
      ReviewedFile file,
      RuleContext ctx,
      CompilationUnit unit,
      FunctionDeclarations.Declaration proto,
      List<FunctionDefinition> functions) {
    String name = proto.name();
    Optional<FunctionDefinition> definition =
        functions.stream()
            .filter(f -> f.name().equals(name) && f.range().beginLine() > proto.lastLine())
            .findFirst();
    if (definition.isEmpty()) {
      return;
    }
    FunctionDefinition def = definition.get();
    // An existing definition below a new prototype: the patch placed a new user above it (Kirill's
    // case). Only when every use between is new: an old one would have needed the prototype before.
    boolean newDefinition = file.isAdded(def.range().beginLine());
    int from = proto.lastLine();
    int to = def.range().beginLine();
    FunctionDefinition firstUser = null;
    int firstUse = Integer.MAX_VALUE;
    List<FunctionDefinition> usersBetween = new ArrayList<>();
    for (FunctionDefinition f : functions) {
      if (f == def) {
        continue;
      }
      for (Identifier use : f.findAll(Identifier.class, id -> id.name().equals(name))) {
        int line = use.range().beginLine();
        if (line > from && line < to) {
          if (!newDefinition && !file.isAdded(line)) {
            return;
          }
          if (!usersBetween.contains(f)) {
            usersBetween.add(f);
          }
          if (line < firstUse) {
            firstUse = line;
            firstUser = f;
          }
        }
      }
    }
    if (firstUser == null || usedOutsideFunctions(file, name, from, to)) {
      return; // no user in view, or a user the move cannot pass (a table at file scope)
    }
    for (CallExpression call : def.findAll(CallExpression.class)) {
      Optional<String> callee = call.calleeName();
      if (callee.isPresent()
          && usersBetween.stream().anyMatch(u -> u.name().equals(callee.get()))) {
        return; // mutual recursion: one of the two needs a prototype
      }
    }
    ctx.at(nameRange(unit, proto))
        .related(firstUser, "first user `" + firstUser.name() + "()`")
        .related(def, "defined here")
        .arg("name", name)
        .arg("user", firstUser.name())
        .report();
  }

  /**
   * True when a unit names {@code name} on a line strictly between {@code from} and {@code to}
   * outside every function definition it holds: a file-scope initialiser, or a body the hunk shows
   * without its head.
   */
  private static boolean usedOutsideFunctions(ReviewedFile file, String name, int from, int to) {
    for (CompilationUnit unit : file.units()) {
      for (Identifier id : unit.findAll(Identifier.class, i -> i.name().equals(name))) {
        int line = id.range().beginLine();
        if (line > from && line < to && id.findAncestor(FunctionDefinition.class).isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  /** The prototype's name on its line, in the file's coordinates. */
  private static Range nameRange(CompilationUnit unit, FunctionDeclarations.Declaration proto) {
    String source = unit.source();
    int lineStart = 0;
    for (int l = unit.range().beginLine(); l < proto.line() && lineStart >= 0; l++) {
      int nl = source.indexOf('\n', lineStart);
      lineStart = nl < 0 ? -1 : nl + 1;
    }
    int begin = Math.max(lineStart, 0);
    int end = begin;
    int found = lineStart >= 0 ? Words.indexOf(source, proto.name(), lineStart) : -1;
    if (found >= 0) {
      begin = found;
      end = found + proto.name().length();
    }
    Range at = Range.of(source, begin, end);
    int line = at.beginLine() + unit.range().beginLine() - 1;
    return new Range(
        line,
        at.beginColumn(),
        line,
        at.endColumn(),
        unit.sourceOffset() + begin,
        unit.sourceOffset() + end);
  }
}
