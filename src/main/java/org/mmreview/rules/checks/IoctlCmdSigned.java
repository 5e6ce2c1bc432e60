package org.mmreview.rules.checks;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.CaseStatement;
import org.mmreview.ast.stmt.SwitchStatement;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * An ioctl command held in a signed {@code int} and matched against numbers built with {@code
 * _IOR()} or {@code _IOWR()}: their read-direction bit is bit 31, so the number is above INT_MAX, a
 * {@code case} label that does not fit the switch's type (clang warns "overflow converting case
 * value to switch condition type") and an {@code ==} that only works through the implicit
 * conversion. The macros come from the {@code #define}s the file (or the patch) shows.
 */
public final class IoctlCmdSigned extends FunctionRule {
  private static final Set<String> SIGNED = Set.of("int", "s32", "__s32", "int32_t");
  private static final Pattern READ_NUMBER =
      Pattern.compile("#\\s*define\\s+\\w+\\s+\\(?\\s*_IO(R|WR)\\s*\\(.*", Pattern.DOTALL);

  @Override
  protected void check(FunctionDefinition fn, FunctionAnalysis fa, RuleContext ctx) {
    // in a patch each hunk is its own unit: the #define may sit in another hunk of the file
    List<CompilationUnit> units = ctx.file().units();
    for (Parameter p : fn.parameters()) {
      if (p.name().isEmpty() || p.type().isPointer() || !SIGNED.contains(p.type().baseName())) {
        continue;
      }
      String name = p.name().get();
      Optional<String> macro = matchedReadNumber(fn, units, name);
      if (macro.isPresent()) {
        ctx.at(p)
            .arg("parameter", name)
            .arg("type", p.type().baseName())
            .arg("macro", macro.get())
            .arg("function", fn.name())
            .report();
      }
    }
  }

  /** The first {@code _IOR}/{@code _IOWR} number {@code name} is switched on or compared with. */
  private static Optional<String> matchedReadNumber(
      FunctionDefinition fn, List<CompilationUnit> units, String name) {
    for (SwitchStatement s : fn.body().findAll(SwitchStatement.class)) {
      if (!(AccessPaths.strip(s.selector()) instanceof Identifier sel && sel.name().equals(name))) {
        continue;
      }
      for (CaseStatement c : s.body().findAll(CaseStatement.class)) {
        if (c.findAncestor(SwitchStatement.class).orElse(null) != s) {
          continue;
        }
        Optional<String> m = readNumber(units, c.value());
        if (m.isPresent()) {
          return m;
        }
      }
    }
    for (BinaryExpression b : fn.body().findAll(BinaryExpression.class)) {
      if (!b.operator().equals("==") && !b.operator().equals("!=")) {
        continue;
      }
      Expression l = AccessPaths.strip(b.left());
      Expression r = AccessPaths.strip(b.right());
      if (l instanceof Identifier li && li.name().equals(name)) {
        Optional<String> m = readNumber(units, r);
        if (m.isPresent()) {
          return m;
        }
      }
      if (r instanceof Identifier ri && ri.name().equals(name)) {
        Optional<String> m = readNumber(units, l);
        if (m.isPresent()) {
          return m;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> readNumber(List<CompilationUnit> units, Expression e) {
    if (!(AccessPaths.strip(e) instanceof Identifier id)) {
      return Optional.empty();
    }
    for (CompilationUnit unit : units) {
      Optional<PreprocessorLine> def =
          unit.firstPreprocessorLineNaming(id.name())
              .filter(pp -> pp.directive() == PreprocessorLine.Directive.DEFINE);
      if (def.isPresent()) {
        return READ_NUMBER.matcher(def.get().text().strip()).matches()
            ? Optional.of(id.name())
            : Optional.empty();
      }
    }
    // A hunk that ends inside a declaration (`struct foo {` as its last context line) parses
    // as one error node, and its #define lines are no PreprocessorLine nodes: read them from
    // the hunk's source lines, which is all a #define is before preprocessing.
    for (CompilationUnit unit : units) {
      for (String line : unit.source().split("\n", -1)) {
        String t = line.strip();
        if (t.startsWith("#")
            && PreprocessorLine.parse(unit.range(), t)
                .macroName()
                .filter(id.name()::equals)
                .isPresent()) {
          return READ_NUMBER.matcher(t).matches() ? Optional.of(id.name()) : Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
