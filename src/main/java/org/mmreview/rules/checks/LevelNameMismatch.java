package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.analysis.Prototypes;
import org.mmreview.analysis.Prototypes.Param;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.type.TypeName;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A name that says one page-table level while the type says another ({@code pmd_t *dst_pte}), or
 * that says page where the type is a folio ({@code struct folio *page}) or the reverse. In mm/ the
 * level in a name is how a reader knows which table an entry pointer walks; a wrong one sends them
 * to the wrong {@code *_offset()} and the wrong lock. Checked on parameters (definitions and
 * prototypes), locals, struct members, and the parameters of a function-like macro that stands in
 * for a function the same file declares (the {@code #else} stub of a prototype): there the macro
 * parameter at a position is judged against the prototype's type at that position, as Hugh Dickins
 * read {@code #define shmem_mcopy_atomic_pte(dst_mm, dst_pte, ...)} beside {@code pmd_t *dst_pmd}.
 *
 * <p>A name that mentions its own level as well ({@code pmd_pte}, {@code folio_page}) is left
 * alone: it may well describe a relation between the two.
 */
public final class LevelNameMismatch extends FileRule {
  /** The entry types of each page-table level, and the two memory descriptors. */
  private static final Map<String, String> KIND_OF_TYPE =
      Map.of(
          "pte_t", "pte",
          "pmd_t", "pmd",
          "pud_t", "pud",
          "p4d_t", "p4d",
          "pgd_t", "pgd",
          "folio", "folio",
          "page", "page");

  private static final Set<String> TABLE_LEVELS = Set.of("pte", "pmd", "pud", "p4d", "pgd");

  /**
   * A name part that names a kind: the level or descriptor, then the kernel's usual suffixes
   * ({@code ptep}, {@code pmdval}, {@code ptent}, {@code folios}, {@code page2}).
   */
  private static final Pattern PART =
      Pattern.compile("(pte|pmd|pud|p4d|pgd)(p|s|val|ent|e)?\\d*|(folio|page)s?\\d*");

  private static final Pattern MACRO_HEAD =
      Pattern.compile("#\\s*define\\s+(\\w+)\\(([^)]*)\\)", Pattern.DOTALL);

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    for (CompilationUnit unit : file.units()) {
      // the prototypes are read only for a #define the patch touches: they are what its
      // parameters are judged against, and nothing else
      List<PreprocessorLine> macros = new ArrayList<>();
      for (PreprocessorLine pl : unit.findAll(PreprocessorLine.class)) {
        if (pl.directive() == PreprocessorLine.Directive.DEFINE && touched(file, pl)) {
          macros.add(pl);
        }
      }
      Map<String, List<Param>> prototypes = new HashMap<>();
      for (Parameter p : unit.findAll(Parameter.class)) {
        if (p.name().isPresent()
            && file.isAdded(p.range().beginLine())
            && mayNameKind(p.name().get())) {
          judge(ctx, p, p.name().get(), kindOf(p.type()), p.type().text());
        }
      }
      if (!macros.isEmpty()) {
        for (FunctionDefinition f : unit.findAll(FunctionDefinition.class)) {
          prototypes.putIfAbsent(f.name(), Prototypes.of(f));
        }
      }
      for (Declarator d : unit.findAll(Declarator.class)) {
        boolean addedName = file.isAdded(d.range().beginLine());
        boolean addedType = addedName || file.isAdded(d.type().range().endLine());
        if (macros.isEmpty() && !addedType) {
          continue; // nothing of it is judged, and no macro needs its prototype
        }
        String spelling = d.type().spelling();
        Optional<List<Param>> proto = Prototypes.of(d);
        if (proto.isPresent()) {
          prototypes.putIfAbsent(d.name(), proto.get());
          if (addedType) {
            for (Param p : proto.get()) {
              if (mayNameKind(p.name())) {
                judge(ctx, d, p.name(), kindOf(p.base(), p.type()), p.type());
              }
            }
          }
        } else if (!spelling.contains("(") && addedName && mayNameKind(d.name())) {
          judge(ctx, d, d.name(), kindOf(d.type()), d.type().text());
        }
      }
      for (PreprocessorLine pl : macros) {
        judgeMacro(ctx, pl, prototypes);
      }
    }
  }

  /** The words a name part of {@link #PART} starts with. */
  private static final List<String> KIND_WORDS =
      List.of("pte", "pmd", "pud", "p4d", "pgd", "folio", "page");

  /**
   * False when {@code name} has none of the kinds' words, so that {@link #wrongKind} finds it names
   * no kind whatever its type: the type's kind is then not worth reading.
   */
  private static boolean mayNameKind(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String w : KIND_WORDS) {
      if (lower.contains(w)) {
        return true;
      }
    }
    return false;
  }

  /** The stub macro's parameters against the same-named function's declared types. */
  private static void judgeMacro(
      RuleContext ctx, PreprocessorLine pl, Map<String, List<Param>> prototypes) {
    Matcher m = MACRO_HEAD.matcher(pl.text());
    if (!m.lookingAt() || !prototypes.containsKey(m.group(1))) {
      return;
    }
    String macro = m.group(1);
    String[] names = m.group(2).split(",", -1);
    List<Param> declared = prototypes.get(macro);
    if (names.length != declared.size()) {
      return;
    }
    for (int i = 0; i < names.length; i++) {
      String name = names[i].trim();
      Param p = declared.get(i);
      Optional<String> kind = kindOf(p.base(), p.type());
      Optional<String> wrong = wrongKind(name, kind);
      if (wrong.isPresent()) {
        ctx.at(pl)
            .variant("macro")
            .arg("name", name)
            .arg("macro", macro)
            .arg("named", wrong.get())
            .arg("declared", p.declaration())
            .arg("suggestion", rename(name, wrong.get(), kind.get()))
            .report();
      }
    }
  }

  private static void judge(
      RuleContext ctx, Node at, String name, Optional<String> kind, String type) {
    Optional<String> wrong = wrongKind(name, kind);
    if (wrong.isPresent()) {
      ctx.at(at)
          .arg("name", name)
          .arg("named", wrong.get())
          .arg("type", type)
          .arg("suggestion", rename(name, wrong.get(), kind.get()))
          .report();
    }
  }

  /**
   * The kind {@code name} says when it is not {@code kind}: a page-table level for an entry type, a
   * descriptor for a folio or page. Empty when the name says nothing of the kind's family, or says
   * the right kind anywhere.
   */
  static Optional<String> wrongKind(String name, Optional<String> kind) {
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    boolean table = TABLE_LEVELS.contains(kind.get());
    Set<String> named = new LinkedHashSet<>();
    for (String part : name.toLowerCase(Locale.ROOT).split("_")) {
      Matcher m = PART.matcher(part);
      if (m.matches()) {
        String k = m.group(1) != null ? m.group(1) : m.group(3);
        if (TABLE_LEVELS.contains(k) == table) {
          named.add(k);
        }
      }
    }
    if (named.isEmpty() || named.contains(kind.get()) || named.size() > 1) {
      return Optional.empty();
    }
    return Optional.of(named.iterator().next());
  }

  /** {@code name} with the wrong kind replaced by the right one in its part: dst_pte -> dst_pmd. */
  private static String rename(String name, String wrong, String right) {
    List<String> parts = new ArrayList<>();
    for (String part : name.split("_", -1)) {
      String lower = part.toLowerCase(Locale.ROOT);
      parts.add(
          PART.matcher(lower).matches() && lower.startsWith(wrong)
              ? right + part.substring(wrong.length())
              : part);
    }
    return String.join("_", parts);
  }

  /** The kind a type names: the level of {@code pmd_t *}, or folio/page for the descriptors. */
  private static Optional<String> kindOf(TypeName t) {
    return kindOf(t.baseName(), t.text());
  }

  private static Optional<String> kindOf(String base, String text) {
    String k = KIND_OF_TYPE.get(base);
    if (k == null || !TABLE_LEVELS.contains(k) && !text.contains("struct " + base)) {
      return Optional.empty();
    }
    return Optional.of(k);
  }

  /** True when the patch adds one of the directive's lines (a continuation line counts). */
  private static boolean touched(ReviewedFile file, PreprocessorLine pl) {
    for (int l = pl.range().beginLine(); l <= pl.range().endLine(); l++) {
      if (file.isAdded(l)) {
        return true;
      }
    }
    return false;
  }
}
