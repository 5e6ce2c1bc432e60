package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.decl.RecordDecl;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.stmt.ForStatement;
import org.mmreview.ast.type.TypeName;
import org.mmreview.rules.Fact;
import org.mmreview.rules.FunctionRule;
import org.mmreview.rules.RuleContext;

/**
 * A new single-letter name for a variable of struct or pointer type: a local declared on an added
 * line, or a parameter of a function the patch adds (the seed's {@code struct vma_snapshot *s}
 * parameter of the new {@code vma_snapshot_get()}). Scalars (integers, bools, {@code pte_t} values)
 * and loop variables (declared or assigned in a {@code for} initialiser, pointer cursors included)
 * are fine. Each name is reported once per function, where the function first declares it.
 *
 * <p>Patch reviews only: the concern is about names a patch introduces. Over whole files ({@code
 * --all} without a patch) nothing is new, and reporting every existing {@code struct page *p} in
 * mm/ would only be noise, so the rule stays silent there.
 */
public final class TerseIdentifier extends FunctionRule {
  @Override
  protected void check(FunctionDefinition f, FunctionAnalysis fa, RuleContext ctx) {
    if (!ctx.file().diffAware()) {
      return;
    }
    // Once per name: a second `p` in another block of the same function is the same choice.
    Set<String> reported = new HashSet<>();
    for (Declared d : declared(f, ctx)) {
      if (!ctx.get(CONVENTION).contains(key(d.name(), d.type())) && reported.add(d.name())) {
        ctx.at(d.at()).arg("name", d.name()).arg("type", d.type().text()).report();
      }
    }
  }

  /** A terse name a function of the patch declares, where it is declared first. */
  private record Declared(FunctionDefinition function, Node at, String name, TypeName type) {}

  /** The terse names {@code f} declares on added lines, in source order. */
  private static List<Declared> declared(FunctionDefinition f, RuleContext ctx) {
    List<Declared> out = new ArrayList<>();
    Set<String> loopVariables = loopVariables(f);
    if (isNewFunction(f, ctx)) {
      for (Parameter p : f.parameters()) {
        if (p.name().isPresent()
            && ctx.file().isAdded(p.range().beginLine())
            && terse(p.name().get(), p.type())) {
          out.add(new Declared(f, p, p.name().get(), p.type()));
        }
      }
    }
    for (Declarator d : f.body().findAll(Declarator.class)) {
      if (d.findAncestor(RecordDecl.class).isEmpty()
          && d.findAncestor(FunctionDefinition.class).filter(g -> g == f).isPresent()
          && ctx.file().isAdded(d.range().beginLine())
          && !loopVariables.contains(d.name())
          && terse(d.name(), d.type())) {
        out.add(new Declared(f, d, d.name(), d.type()));
      }
    }
    return out;
  }

  /**
   * The single letters the code before the patch (the whole pre-image, or the old side of the
   * hunks) declares, each with its type: {@code struct hstate *h} across hugetlb, a file's {@code
   * struct page *p}. A patch that follows the file's own naming is not asked to break from it.
   * Collected once per file: a large file has thousands of declarations.
   */
  private static final Fact<Set<String>> CONVENTION =
      Fact.perFile(
          ctx -> {
            Set<String> out = new HashSet<>();
            for (CompilationUnit pre : ctx.file().preImage().get()) {
              for (Declarator d : pre.findAll(Declarator.class, d -> d.name().length() == 1)) {
                out.add(key(d.name(), d.type()));
              }
              for (Parameter p :
                  pre.findAll(
                      Parameter.class, p -> p.name().filter(n -> n.length() == 1).isPresent())) {
                out.add(key(p.name().get(), p.type()));
              }
            }
            return out;
          });

  private static String key(String name, TypeName type) {
    return name + " " + type.text();
  }

  /** Single letter, and a pointer or a struct/union: what the reader cannot guess. */
  private static boolean terse(String name, TypeName type) {
    return name.length() == 1
        && Character.isLetter(name.charAt(0))
        && (type.isPointer() || type.isRecord());
  }

  /** Names declared or assigned in a for loop's initialiser: loop cursors. */
  private static Set<String> loopVariables(FunctionDefinition f) {
    return f.body().findAll(ForStatement.class).stream()
        .flatMap(fs -> fs.init().stream())
        .flatMap(init -> init.stream())
        .flatMap(
            n ->
                n instanceof Declarator d
                    ? Stream.of(d.name())
                    : n instanceof AssignExpression a
                        ? AccessPaths.of(a.target()).stream()
                        : Stream.empty())
        .collect(Collectors.toSet());
  }

  /** A function whose header the patch adds and the pre-image does not define. */
  private static boolean isNewFunction(FunctionDefinition f, RuleContext ctx) {
    if (!ctx.file().isAdded(f.range().beginLine())) {
      return false;
    }
    for (CompilationUnit pre : ctx.file().preImage().get()) {
      if (pre.function(f.name()).isPresent()) {
        return false;
      }
    }
    return true;
  }
}
