package org.mmreview.rules.checks;

import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.FlagTests;
import org.mmreview.analysis.VmaFlagsApi;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.intake.FileChange;
import org.mmreview.rules.Fact;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * An open-coded {@code vma->vm_flags & VM_FOO} test in a file or patch that uses the VMA flags API.
 * Era-aware: when neither the file nor the patch uses the API, the legacy form is the file's own
 * style and nothing is reported. The diff filter keeps only tests on added lines.
 */
public final class VmaFlagsLegacyTest extends NodeRule<BinaryExpression> {
  /** The post-image file (the whole of it when known) or the patch uses the VMA flags API. */
  private static final Fact<Boolean> USES_NEW_API =
      Fact.perFile(
          ctx -> {
            String post =
                ctx.file()
                    .change()
                    .flatMap(FileChange::postImage)
                    .orElseGet(
                        () ->
                            String.join(
                                "\n",
                                ctx.file().units().stream().map(CompilationUnit::source).toList()));
            return VmaFlagsApi.usedIn(post)
                || VmaFlagsApi.usedIn(String.join("\n", ctx.file().patch().addedLines()));
          });

  private static final Pattern LEGACY_FLAG = Pattern.compile("VM_[A-Z0-9_]+");

  public VmaFlagsLegacyTest() {
    super(BinaryExpression.class);
  }

  @Override
  protected void check(BinaryExpression b, RuleContext ctx) {
    var test = FlagTests.test(b, LEGACY_FLAG);
    if (test.isEmpty() || !ctx.get(USES_NEW_API)) {
      return;
    }
    // Only tests of a VMA's own flags have a vma_test() spelling; masks on a vm_flags_t
    // parameter (newflags & VM_WRITE) are flag values, not VMA state.
    String source = test.get().flagsSource();
    if (!AccessPaths.lastMember(source).equals("vm_flags")
        || source.equals(AccessPaths.root(source))) {
      return;
    }
    if (storedAsFlags(b)) {
      return;
    }
    String vma =
        source.substring(
            0, source.length() - "vm_flags".length() - (source.endsWith("->vm_flags") ? 2 : 1));
    ctx.at(b)
        .arg("expression", b.compactText())
        .arg("replacement", VmaFlagsApi.replacement(vma, test.get().flags(), test.get().negated()))
        .report();
  }

  /**
   * A masked copy stored in a flags-typed variable ({@code vm_flags_t f = vma->vm_flags &
   * VM_ACCESS_FLAGS;}) is a mask, not a test; stored in a bool (or an int, as older code does) it
   * is a test.
   */
  private static boolean storedAsFlags(BinaryExpression b) {
    Node cur = b;
    while (cur.parent().orElse(null) instanceof ParenExpression p) {
      cur = p;
    }
    Node parent = cur.parent().orElse(null);
    String target = null;
    if (parent instanceof Declarator d) {
      return isFlagsType(d.type().text());
    }
    if (parent instanceof AssignExpression a && a.value() == cur) {
      target = AccessPaths.of(a.target()).orElse(null);
    }
    if (target == null) {
      return false;
    }
    String name = target;
    return b.findAncestor(FunctionDefinition.class)
        .flatMap(f -> f.findFirst(Declarator.class, d -> d.name().equals(name)))
        .map(d -> isFlagsType(d.type().text()))
        .orElse(false);
  }

  private static boolean isFlagsType(String type) {
    return type.contains("vm_flags_t") || type.contains("long");
  }
}
