package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.Prototypes;
import org.mmreview.analysis.Prototypes.Param;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A parameter that a caller hands on unchanged, under the same name, to a function that declares it
 * narrower: {@code split_page_owner(..., unsigned int old_order)} calling {@code
 * __split_page_owner(page, old_order, ...)} whose prototype and definition take {@code unsigned
 * short old_order}. The same value has two types along one call chain, and the narrower one cuts
 * off what the wider one admits, silently (no warning without {@code -Wconversion}, which the
 * kernel does not build with).
 *
 * <p>Reported on the narrower declaration (the callee's parameter, a prototype or the definition)
 * in this file, when the patch adds it; the callers are looked for in every file of the patch (the
 * wrapper is often in a header, the definition in mm/), or in the file itself for a whole-file
 * review. Only integer types of known width are compared, and only a strictly narrower callee:
 * {@code long} to {@code unsigned long} is a signedness matter, not a truncation.
 */
public final class ParameterTypeNarrowed extends FileRule {

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    // The declarations the patch adds come first: most patches add none, and then the calls of
    // every unit of the patch are not collected.
    List<Declared> callees = new ArrayList<>();
    for (CompilationUnit unit : file.units()) {
      callees.addAll(declaredAdded(file, unit));
    }
    // only an integer narrower than the widest (64 bits) can be narrowed
    callees.removeIf(
        c ->
            c.params().stream()
                .mapToInt(p -> IntegerWidths.of(p.type()))
                .noneMatch(w -> w > 0 && w < 64));
    if (callees.isEmpty()) {
      return;
    }
    Set<String> names = new HashSet<>();
    callees.forEach(c -> names.add(c.name()));
    List<CompilationUnit> scope = new ArrayList<>(file.units());
    Map<CompilationUnit, Boolean> seen = new IdentityHashMap<>();
    file.units().forEach(u -> seen.put(u, true));
    for (CompilationUnit u : file.patch().units().get()) {
      if (seen.put(u, true) == null) {
        scope.add(u);
      }
    }
    Map<String, List<CallSite>> calls = new HashMap<>();
    for (CompilationUnit u : scope) {
      for (FunctionDefinition caller : u.findAll(FunctionDefinition.class)) {
        for (CallExpression call :
            caller
                .body()
                .findAll(
                    CallExpression.class,
                    c -> c.calleeName().filter(names::contains).isPresent())) {
          calls
              .computeIfAbsent(call.calleeName().get(), k -> new ArrayList<>())
              .add(new CallSite(caller, call));
        }
      }
    }
    Set<Node> reported = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Declared callee : callees) {
      for (CallSite site : calls.getOrDefault(callee.name(), List.of())) {
        judge(ctx, callee, site, reported);
      }
    }
  }

  /** A call and the function making it. */
  private record CallSite(FunctionDefinition caller, CallExpression call) {}

  /** A function declared (defined or prototyped) in this unit, with its parameters. */
  private record Declared(String name, List<Param> params, Node at) {}

  /** The functions {@code unit} declares whose declaration the patch adds to. */
  private static List<Declared> declaredAdded(ReviewedFile file, CompilationUnit unit) {
    List<Declared> out = new ArrayList<>();
    for (FunctionDefinition f : unit.findAll(FunctionDefinition.class)) {
      if (added(file, f)) {
        out.add(new Declared(f.name(), Prototypes.of(f), f));
      }
    }
    for (Declarator d : unit.findAll(Declarator.class)) {
      if (added(file, d)) {
        Prototypes.of(d).ifPresent(p -> out.add(new Declared(d.name(), p, d)));
      }
    }
    return out;
  }

  private static void judge(RuleContext ctx, Declared callee, CallSite site, Set<Node> reported) {
    FunctionDefinition caller = site.caller();
    CallExpression call = site.call();
    if (caller.name().equals(callee.name()) || call.arguments().size() != callee.params().size()) {
      return;
    }
    List<Param> outer = Prototypes.of(caller);
    for (int i = 0; i < call.arguments().size(); i++) {
      Param inner = callee.params().get(i);
      Optional<Param> passed = passedParameter(call.arguments().get(i), outer);
      if (passed.isEmpty() || !passed.get().name().equals(inner.name())) {
        continue;
      }
      int wide = IntegerWidths.of(passed.get().type());
      int narrow = IntegerWidths.of(inner.type());
      // One finding per declaration: its first narrowed parameter stands for the others.
      if (narrow > 0 && wide > narrow && reported.add(callee.at())) {
        ctx.at(callee.at())
            .arg("name", inner.name())
            .arg("type", inner.type())
            .arg("function", callee.name())
            .arg("caller", caller.name())
            .arg("wide", passed.get().type())
            .report();
      }
    }
  }

  /**
   * The caller's own parameter when the argument is that parameter, as is: a cast says the
   * narrowing is meant.
   */
  private static Optional<Param> passedParameter(Expression arg, List<Param> outer) {
    if (!(arg.unparen() instanceof Identifier id)) {
      return Optional.empty();
    }
    return outer.stream().filter(p -> p.name().equals(id.name())).findFirst();
  }

  private static boolean added(ReviewedFile file, Node at) {
    if (at instanceof FunctionDefinition f) {
      return f.parameters().stream().anyMatch(p -> file.isAdded(p.range().beginLine()));
    }
    for (int l = at.range().beginLine(); l <= at.range().endLine(); l++) {
      if (file.isAdded(l)) {
        return true;
      }
    }
    return false;
  }

  /** The width in bits of the kernel's integer types; 0 for anything else. */
  static final class IntegerWidths {
    private IntegerWidths() {}

    static int of(String type) {
      String t = type.replace("const ", "").replace("volatile ", "").trim();
      if (t.contains("*") || t.contains("[")) {
        return 0;
      }
      return switch (t) {
        case "char", "signed char", "unsigned char", "u8", "s8", "__u8", "__s8" -> 8;
        case "short",
            "short int",
            "signed short",
            "unsigned short",
            "unsigned short int",
            "u16",
            "s16",
            "__u16",
            "__s16" ->
            16;
        case "int",
            "signed int",
            "signed",
            "unsigned",
            "unsigned int",
            "u32",
            "s32",
            "__u32",
            "__s32" ->
            32;
        case "long",
            "long int",
            "signed long",
            "unsigned long",
            "unsigned long int",
            "long long",
            "unsigned long long",
            "u64",
            "s64",
            "__u64",
            "__s64",
            "size_t",
            "ssize_t",
            "pgoff_t",
            "loff_t" ->
            64;
        default -> 0;
      };
    }
  }
}
