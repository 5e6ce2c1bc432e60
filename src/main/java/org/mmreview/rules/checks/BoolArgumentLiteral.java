package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A function the patch adds, or whose signature it changes, takes a {@code bool} parameter and its
 * call sites pass a bare {@code true} or {@code false} for it: "mystery meat" booleans, which the
 * reader of {@code foo(vma, addr, true, false)} cannot decode without opening {@code foo()}.
 *
 * <p>The declaration is a definition or a prototype (a header); its call sites are those in this
 * file and in the other files of the patch. One finding per function, at its name, the call sites
 * related. Silent for functions of one parameter ({@code set_thp_enabled(true)} reads fine), and
 * where the file already passes bare bool literals to {@value #CONVENTION} or more other functions
 * (in code the patch does not add): the file's convention, which a new helper follows.
 */
public final class BoolArgumentLiteral extends FileRule {
  /** Distinct other callees given bare bool literals that make them the file's convention. */
  static final int CONVENTION = 3;

  /** A function of at most this many statements is a wrapper. */
  static final int WRAPPER_STATEMENTS = 2;

  private static final Set<String> LITERALS = Set.of("true", "false");

  /** A function declaration: its name, where the name is, its parameters' types and names. */
  private record Signature(String name, Node at, List<String> types, List<String> names) {}

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    // A bool parameter is spelt `bool` or `_Bool` in the file's text: most hunks have neither, and
    // their signatures need not be gathered.
    if (file.units().stream()
        .noneMatch(u -> u.source().contains("bool") || u.source().contains("_Bool"))) {
      return;
    }
    // gathered only for a changed signature with a bool: most files have none
    List<CallExpression> calls = null;
    Set<String> seen = new HashSet<>();
    List<Signature> signatures = new ArrayList<>();
    for (CompilationUnit u : file.units()) {
      signatures.addAll(signatures(u));
    }
    Optional<Integer> convention = Optional.empty();
    for (Signature s : signatures) {
      if (s.types().size() < 2 || !seen.add(s.name()) || !changed(file, s.at())) {
        continue;
      }
      for (int i = 0; i < s.types().size(); i++) {
        if (!isBool(s.types().get(i))) {
          continue;
        }
        int index = i;
        if (calls == null) {
          calls = calls(file, ctx);
        }
        List<CallExpression> all =
            inOrder(
                calls.stream()
                    .filter(c -> c.calleeName().filter(s.name()::equals).isPresent())
                    .filter(c -> c.argument(index).isPresent())
                    .toList());
        List<CallExpression> bare =
            all.stream()
                .filter(c -> c.argument(index).filter(BoolArgumentLiteral::isLiteral).isPresent())
                .toList();
        // Most callers passing a computed value (a tree-wide rename of an API with one literal
        // caller among fifteen) make the bool the natural argument; wrappers named for the cases
        // are the fix, not the problem.
        if (bare.isEmpty()
            || bare.size() * 2 < all.size()
            || bare.stream().allMatch(BoolArgumentLiteral::inWrapper)) {
          continue;
        }
        if (convention.isEmpty()) {
          convention = Optional.of(otherCalleesWithLiterals(file, signatures));
        }
        if (convention.get() >= CONVENTION) {
          return;
        }
        RuleContext.FindingBuilder b =
            ctx.at(s.at())
                .arg("function", s.name())
                .arg("param", s.names().get(i).isEmpty() ? "#" + (i + 1) : s.names().get(i))
                .arg(
                    "count",
                    bare.size() == 1 ? "a call site passes" : bare.size() + " call sites pass")
                .arg("example", bare.get(0).compactText());
        for (CallExpression c : bare) {
          b.related(c, "bare `" + c.argument(index).orElseThrow().compactText() + "`");
        }
        b.report();
        break; // once per function
      }
    }
  }

  /** True when the declaration has a line the patch adds (the whole file, without a patch). */
  private static boolean changed(ReviewedFile file, Node at) {
    Node decl = at;
    if (at.findAncestor(FunctionDefinition.class).isPresent()) {
      decl = at.findAncestor(FunctionDefinition.class).get();
    } else if (at.findAncestor(Declaration.class).isPresent()) {
      decl = at.findAncestor(Declaration.class).get();
    }
    Range r = decl.range();
    int end = decl instanceof FunctionDefinition f ? f.body().range().beginLine() : r.endLine();
    for (int l = r.beginLine(); l <= end; l++) {
      if (file.isAdded(l)) {
        return true;
      }
    }
    return false;
  }

  /** The function definitions and prototypes of {@code u}. */
  private static List<Signature> signatures(CompilationUnit u) {
    List<Signature> out = new ArrayList<>();
    for (FunctionDefinition f : u.functions()) {
      List<String> types = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (Parameter p : f.parameters()) {
        types.add(p.type().text());
        names.add(p.name().orElse(""));
      }
      out.add(new Signature(f.name(), f, types, names));
    }
    for (Declaration d : u.findAll(Declaration.class)) {
      if (d.findAncestor(FunctionDefinition.class).isPresent()) {
        continue;
      }
      for (Declarator dr : d.findAll(Declarator.class)) {
        parsePrototype(dr).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * A prototype's parameters, from its declarator's type spelling ({@code unsigned long ( struct
   * vm_area_struct * vma , bool need_rmap_locks )}); empty for variables and function pointers.
   */
  private static Optional<Signature> parsePrototype(Declarator dr) {
    String spelling = dr.type().spelling();
    int open = spelling.indexOf('(');
    int close = spelling.lastIndexOf(')');
    if (open < 0 || close < open || dr.type().isFunctionPointer()) {
      return Optional.empty();
    }
    String inside = spelling.substring(open + 1, close);
    if (inside.contains("(")) {
      return Optional.empty(); // a function-pointer parameter: not worth splitting by hand
    }
    List<String> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String param : inside.split(",")) {
      List<String> tokens = new ArrayList<>(List.of(param.trim().split("\\s+")));
      tokens.removeIf(String::isEmpty);
      if (tokens.isEmpty()) {
        return Optional.empty();
      }
      String last = tokens.get(tokens.size() - 1);
      boolean named = tokens.size() > 1 && last.matches("[A-Za-z_]\\w*");
      if (named) {
        tokens.remove(tokens.size() - 1);
      }
      types.add(String.join(" ", tokens));
      names.add(named ? last : "");
    }
    if (types.size() == 1 && types.get(0).equals("void")) {
      return Optional.empty();
    }
    return Optional.of(new Signature(dr.name(), dr, types, names));
  }

  /**
   * True when the call is the body of a small wrapper ({@code return __charge(idx, nr, ptr,
   * true);}, at most {@value #WRAPPER_STATEMENTS} statements): the wrapper's name says what the
   * literal means.
   */
  private static boolean inWrapper(CallExpression c) {
    return c.findAncestor(FunctionDefinition.class)
        .filter(f -> f.body().statements().size() <= WRAPPER_STATEMENTS)
        .isPresent();
  }

  private static boolean isBool(String type) {
    String t = type.replace("const", "").trim();
    return t.equals("bool") || t.equals("_Bool");
  }

  private static boolean isLiteral(Expression e) {
    return AccessPaths.strip(e) instanceof Identifier id && LITERALS.contains(id.name());
  }

  /**
   * The calls of this file and of the patch's other files, each once, unordered: only the few of a
   * function are sorted ({@link #inOrder}; a stable sort of a filtered list keeps the order the
   * whole list sorted would give them).
   */
  private static List<CallExpression> calls(ReviewedFile file, RuleContext ctx) {
    Set<CallExpression> out = Collections.newSetFromMap(new IdentityHashMap<>());
    List<CompilationUnit> units = new ArrayList<>(file.units());
    units.addAll(file.patch().units().get());
    for (CompilationUnit u : units) {
      out.addAll(u.findAll(CallExpression.class));
    }
    return new ArrayList<>(out);
  }

  /** {@code calls} by file, then by position. */
  private static List<CallExpression> inOrder(List<CallExpression> calls) {
    List<CallExpression> sorted = new ArrayList<>(calls);
    sorted.sort(
        Comparator.comparing(
                (CallExpression c) -> c.compilationUnit().map(u -> u.fileName()).orElse(""))
            // by line, not offset: a hunk-only review has one unit per hunk, each with offsets
            // of its own, and ties between units fell to the identity map's order
            .thenComparing(c -> c.range(), Range.BEGIN_ORDER));
    return sorted;
  }

  /**
   * How many other functions this file already calls with a bare bool literal in code the patch
   * does not add: the file's convention.
   */
  private static int otherCalleesWithLiterals(ReviewedFile file, List<Signature> signatures) {
    Set<String> mine = new HashSet<>();
    for (Signature s : signatures) {
      if (changed(file, s.at())) {
        mine.add(s.name());
      }
    }
    Set<String> others = new LinkedHashSet<>();
    for (CompilationUnit u : file.units()) {
      for (CallExpression c : u.findAll(CallExpression.class)) {
        String callee = c.calleeName().orElse("");
        if (callee.isEmpty()
            || mine.contains(callee)
            || c.arguments().size() < 2
            || (file.diffAware() && file.isAdded(c.range().beginLine()))) {
          continue;
        }
        if (c.arguments().stream().anyMatch(BoolArgumentLiteral::isLiteral)) {
          others.add(callee);
        }
      }
    }
    return others.size();
  }
}
