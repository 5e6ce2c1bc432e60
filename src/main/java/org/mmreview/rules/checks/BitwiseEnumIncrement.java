package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.EnumDecl;
import org.mmreview.ast.decl.Enumerator;
import org.mmreview.ast.expr.CastExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * An enumerator without a value of its own after one given a {@code __bitwise} type through a
 * {@code (__force T)} cast: {@code MODE_B = (__force mode_t) 1, NR_MODES,}. C takes the previous
 * value plus one, but sparse types the previous enumerator as the restricted {@code T} and refuses
 * to add to it: "can't increment the last enum member" (an error, which stops a {@code make C=1}
 * build's check of the file). Peter Xu, on {@code NR_MFILL_ATOMIC_MODES} after three {@code
 * (__force uffd_flags_t)} entries: "I found sparse already complains about calculating the last
 * enum entry".
 *
 * <p>The cast's type counts as {@code __bitwise} when a typedef of it with {@code __bitwise} is in
 * the file or the patch, or it is one of the kernel-wide ones of {@code <linux/types.h>}. Reported
 * at the enumerator, when the patch adds it or the cast entry before it.
 */
public final class BitwiseEnumIncrement extends FileRule {
  /** Restricted types every kernel file sees, from include/linux/types.h and uapi/linux/types.h. */
  private static final Set<String> KERNEL_BITWISE =
      Set.of(
          "gfp_t",
          "slab_flags_t",
          "fmode_t",
          "__poll_t",
          "__le16",
          "__le32",
          "__le64",
          "__be16",
          "__be32",
          "__be64",
          "__sum16",
          "__wsum",
          "blk_opf_t",
          "vm_fault_t");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    Set<String> bitwise = null; // computed on the first enum that needs it
    for (CompilationUnit unit : file.units()) {
      for (EnumDecl e : unit.findAll(EnumDecl.class)) {
        List<Enumerator> all = e.enumerators();
        for (int i = 1; i < all.size(); i++) {
          Enumerator implicit = all.get(i);
          if (implicit.value().isPresent()) {
            continue;
          }
          Optional<CastExpression> cast = forceCast(all.get(i - 1));
          if (cast.isEmpty()) {
            continue;
          }
          if (bitwise == null) {
            bitwise = bitwiseTypedefs(file);
          }
          String type = cast.get().type().baseName();
          if (!bitwise.contains(type) && !KERNEL_BITWISE.contains(type)) {
            continue;
          }
          if (!file.isAdded(implicit.range().beginLine())
              && !file.isAdded(all.get(i - 1).range().beginLine())) {
            continue;
          }
          ctx.at(implicit)
              .arg("name", implicit.name())
              .arg("previous", all.get(i - 1).name())
              .arg("type", type)
              .related(all.get(i - 1), "a `" + type + "` through `__force`")
              .report();
        }
      }
    }
  }

  /** The enumerator's value when it is a {@code (__force T)} cast. */
  private static Optional<CastExpression> forceCast(Enumerator en) {
    if (en.value().isEmpty()) {
      return Optional.empty();
    }
    Expression v = en.value().get().unparen();
    if (v instanceof CastExpression c && c.type().spelling().contains("__force")) {
      return Optional.of(c);
    }
    return Optional.empty();
  }

  /** The names typedef'd with {@code __bitwise} in the file and in the rest of the patch. */
  private static Set<String> bitwiseTypedefs(ReviewedFile file) {
    List<CompilationUnit> units = new ArrayList<>(file.units());
    units.addAll(file.patch().units().get());
    Set<String> out = new HashSet<>();
    for (CompilationUnit u : units) {
      for (Declaration d : u.findAll(Declaration.class)) {
        String text = d.text();
        if (!text.contains("__bitwise") || !text.startsWith("typedef")) {
          continue;
        }
        for (Declarator dr : d.declarators()) {
          out.add(dr.name());
        }
      }
    }
    return out;
  }
}
