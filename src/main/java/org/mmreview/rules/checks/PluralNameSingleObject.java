package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mmreview.analysis.Prototypes;
import org.mmreview.analysis.Prototypes.Param;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.stmt.DoWhileStatement;
import org.mmreview.ast.stmt.ForStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.ast.stmt.MacroLoopStatement;
import org.mmreview.ast.stmt.WhileStatement;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A new function named in the plural for page-table entries, pages or folios ({@code
 * mcopy_atomic_install_ptes}) that handles exactly one: it takes a single entry, page or folio, no
 * count, order, range end, array or list, and its body has no loop and nothing that counts (no
 * {@code nr}, no {@code *_order()}, no {@code *_range()}, no call of another plural helper of the
 * same kind). In mm/ the plural is a promise that callers rely on: {@code set_ptes()} takes {@code
 * nr}, {@code release_pages()} an array; a reader of a plural name looks for the batch and the
 * loop, and a later patch may "fix" callers to pass one. Hugh Dickins: "The plural is misleading:
 * it only installs a single pte".
 *
 * <p>Judged on definitions (parameters and body) and on prototypes (parameters only, which then
 * must name the single object itself, or parameters and the body of the definition another file of
 * the same patch holds: a helper made public through a header keeps its plural in the API), and
 * only for names the patch brings into the file: a name its pre-image already held is an existing
 * API that a patch merely touches.
 */
public final class PluralNameSingleObject extends FileRule {
  /** The plural name parts judged, and the singular each should read. */
  private static final Map<String, String> SINGULAR =
      Map.of(
          "ptes", "pte",
          "pmds", "pmd",
          "puds", "pud",
          "pages", "page",
          "folios", "folio");

  /** Parameter names that carry a count, a size, an order or the end of a range. */
  private static final Pattern MANY_NAME =
      Pattern.compile(
          "(?i)(?:.*_)?(?:nr|nr_\\w+|\\w*_nr|n|num|count|cnt|len|length|size|sz|end|order|"
              + "npages|nents|batch|list|range|max\\w*|\\w*(?:pages|folios|ptes|pmds|puds|entries))"
              + "(?:_\\w+)?");

  /** Parameter types that hold several objects, or a walk over several. */
  private static final Set<String> MANY_TYPES =
      Set.of(
          "list_head",
          "folio_batch",
          "pagevec",
          "mm_walk",
          "page_vma_mapped_walk",
          "scatterlist",
          "xa_state",
          "zap_details");

  /**
   * Identifiers in a body that say it counts or spans: {@code nr_pages}, {@code folio_nr_pages},
   * {@code compound_nr}, {@code HPAGE_PMD_NR}, {@code PTRS_PER_PTE}, {@code folio_order}, {@code
   * walk_page_range}, {@code pages_per_huge_page}.
   */
  private static final Pattern COUNTING =
      Pattern.compile(
          "(?i)(?:^|\\w*_)(?:nr|order|range|ptrs_per|per)(?:_\\w*|$)|\\w*_nr_\\w*|\\w*nr$");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    for (CompilationUnit unit : file.units()) {
      for (FunctionDefinition fn : unit.functions()) {
        Optional<String> plural = pluralPart(fn.name());
        if (plural.isEmpty()
            || !Naming.introduced(file, fn.name(), fn.range().beginLine(), headEnd(fn))) {
          continue;
        }
        Optional<Param> single = single(Prototypes.of(fn), plural.get(), false);
        if (single.isPresent() && !counts(fn, plural.get())) {
          report(ctx, Naming.nameLine(unit, fn), fn.name(), plural.get(), single.get());
        }
      }
      for (Declarator d : unit.findAll(Declarator.class)) {
        Optional<String> plural = pluralPart(d.name());
        if (plural.isEmpty()
            || !Naming.introduced(file, d.name(), d.range().beginLine(), d.range().endLine())) {
          continue;
        }
        Optional<List<Param>> proto = Prototypes.of(d);
        if (proto.isEmpty() || definedHere(unit, d.name())) {
          continue;
        }
        Optional<Param> own = single(proto.get(), plural.get(), true);
        if (own.isPresent()) {
          report(ctx, d.range(), d.name(), plural.get(), own.get());
          continue;
        }
        Optional<Param> shown = single(proto.get(), plural.get(), false);
        Optional<FunctionDefinition> body = definedInPatch(file, unit, d.name());
        if (shown.isPresent()
            && body.isPresent()
            && single(Prototypes.of(body.get()), plural.get(), false).isPresent()
            && !counts(body.get(), plural.get())) {
          ctx.at(d.range())
              .variant("declared")
              .arg("name", d.name())
              .arg("plural", plural.get())
              .arg("parameter", shown.get().declaration())
              .arg("suggestion", rename(d.name(), plural.get(), SINGULAR.get(plural.get())))
              .report();
        }
      }
    }
  }

  private static void report(RuleContext ctx, Range at, String name, String plural, Param p) {
    String singular = SINGULAR.get(plural);
    ctx.at(at)
        .arg("name", name)
        .arg("plural", plural)
        .arg("parameter", p.declaration())
        .arg("suggestion", rename(name, plural, singular))
        .report();
  }

  /** The plural part of a name ({@code ptes} of {@code mcopy_atomic_install_ptes}), if any. */
  static Optional<String> pluralPart(String name) {
    Optional<String> found = Optional.empty();
    for (String part : name.toLowerCase(Locale.ROOT).split("_")) {
      if (SINGULAR.containsKey(part)) {
        if (found.isPresent()) {
          return Optional.empty(); // two plurals: a relation between batches, not judged
        }
        found = Optional.of(part);
      }
    }
    return found;
  }

  /**
   * The one parameter that is the single object the plural names, when the parameters hold exactly
   * one such object and nothing that counts or spans several. For entries, a single page stands for
   * the one entry it is mapped by (an install helper); a folio may be mapped by many and is no such
   * evidence. {@code strict} (a prototype, whose body is not seen) asks for the object's own kind:
   * the entry itself for entries.
   */
  static Optional<Param> single(List<Param> params, String plural, boolean strict) {
    String kind = SINGULAR.get(plural);
    boolean entries = !kind.equals("page") && !kind.equals("folio");
    Param own = null;
    Param page = null;
    for (Param p : params) {
      int depth = depth(p.type());
      if (depth > 1
          || p.type().contains("[")
          || MANY_TYPES.contains(p.base())
          || !p.name().isEmpty() && MANY_NAME.matcher(p.name()).matches()) {
        return Optional.empty();
      }
      boolean record = p.type().startsWith("struct ") || p.type().startsWith("const struct ");
      if (record && p.base().equals("folio") && !kind.equals("folio")) {
        return Optional.empty(); // a folio holds many pages and is mapped by many entries
      }
      if (entries ? p.base().equals(kind + "_t") : record && p.base().equals(kind) && depth == 1) {
        if (own != null) {
          return Optional.empty();
        }
        own = p;
      } else if (entries && record && p.base().equals("page") && depth == 1) {
        if (page != null) {
          return Optional.empty();
        }
        page = p;
      }
    }
    if (own != null) {
      return Optional.of(own);
    }
    return strict ? Optional.empty() : Optional.ofNullable(page);
  }

  /**
   * True when the body walks or counts: a loop (statement or iterator macro), a backward goto, an
   * identifier that says a count, order or range, or a call of another plural helper of the same
   * kind (a wrapper passes its batch on).
   */
  private static boolean counts(FunctionDefinition fn, String plural) {
    if (!fn.body().findAll(ForStatement.class).isEmpty()
        || !fn.body().findAll(WhileStatement.class).isEmpty()
        || !fn.body().findAll(DoWhileStatement.class).isEmpty()
        || !fn.body().findAll(MacroLoopStatement.class).isEmpty()
        || !fn.body().findAll(GotoStatement.class, g -> backward(fn, g)).isEmpty()) {
      return true;
    }
    for (Identifier id : fn.body().findAll(Identifier.class)) {
      String n = id.name();
      if (COUNTING.matcher(n).matches()) {
        return true;
      }
      if (id.parent().orElse(null) instanceof CallExpression c
          && c.callee() == id
          && pluralPart(n).filter(plural::equals).isPresent()) {
        return true;
      }
    }
    // Text the parser kept opaque (a macro body, an unparsed statement) may hold the loop.
    String body = fn.body().text();
    return body.contains("for (") || body.contains("while (") || body.contains("for_each");
  }

  /** A goto to a label above it: a retry loop spelled with labels. */
  private static boolean backward(FunctionDefinition fn, GotoStatement g) {
    return !fn.body()
        .findAll(
            LabeledStatement.class,
            l -> l.label().equals(g.label()) && l.range().beginLine() <= g.range().beginLine())
        .isEmpty();
  }

  /** The last line of a definition's head: the line before its body opens. */
  private static int headEnd(FunctionDefinition fn) {
    return Math.max(fn.range().beginLine(), fn.body().range().beginLine());
  }

  /** A prototype of a function the same unit defines: the definition is judged instead. */
  private static boolean definedHere(CompilationUnit unit, String name) {
    return unit.functions().stream().anyMatch(f -> f.name().equals(name));
  }

  /**
   * The definition of {@code name} in another file of the patch (a header's prototype, whose
   * function a .c file of the same patch defines or exports): its body says whether the one page
   * the prototype takes is all it handles, which the prototype alone cannot.
   */
  private static Optional<FunctionDefinition> definedInPatch(
      ReviewedFile file, CompilationUnit unit, String name) {
    for (CompilationUnit u : file.patch().units().get()) {
      if (u == unit || file.units().stream().anyMatch(own -> own == u)) {
        continue;
      }
      for (FunctionDefinition f : u.functions()) {
        if (f.name().equals(name)) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  private static int depth(String type) {
    int n = 0;
    for (char c : type.toCharArray()) {
      if (c == '*') {
        n++;
      }
    }
    return n;
  }

  /** {@code name} with its plural part made singular: install_ptes -> install_pte. */
  private static String rename(String name, String plural, String singular) {
    List<String> parts = new ArrayList<>();
    for (String part : name.split("_", -1)) {
      parts.add(part.toLowerCase(Locale.ROOT).equals(plural) ? singular : part);
    }
    return String.join("_", parts);
  }
}
