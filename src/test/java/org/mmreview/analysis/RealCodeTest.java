package org.mmreview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.ConditionalExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.stmt.CaseStatement;
import org.mmreview.ast.stmt.ErrorStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.cparse.CParser;
import org.mmreview.cparse.ParseResult;
import org.mmreview.kernel.LockFamily;
import org.mmreview.kernel.LockGroup;

/** The analyses on kernel-shaped C read by the real parser. */
class RealCodeTest {
  static CompilationUnit parse(String resource) throws IOException {
    try (InputStream in = RealCodeTest.class.getResourceAsStream(resource)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      ParseResult r = new CParser().parseFile(resource, text);
      assertTrue(r.problems().isEmpty(), r.problems().toString());
      assertTrue(r.unit().findAll(ErrorNode.class).isEmpty());
      assertTrue(r.unit().findAll(ErrorStatement.class).isEmpty());
      return r.unit();
    }
  }

  static CallExpression call(FunctionDefinition f, String name, int nth) {
    return f.findAll(CallExpression.class, c -> c.calleeName().filter(name::equals).isPresent())
        .get(nth);
  }

  @Test
  void lockDropAndReacquireThroughSameFileHelpers() throws IOException {
    CompilationUnit cu = parse("mfill_retry.c");
    UnitAnalysis ua = new UnitAnalysis(cu);
    FunctionDefinition f = cu.function("mfill_copy_folio_retry").orElseThrow();
    FunctionAnalysis fa = ua.of(f);
    List<String> events = fa.locks().events().stream().map(e -> e.kind() + " " + e.api()).toList();
    assertEquals(
        List.of("RELEASE mfill_put_vma", "ACQUIRE mfill_get_vma", "RELEASE mfill_put_vma"), events);
    List<LockPair> pairs = fa.locks().releaseReacquirePairs();
    assertEquals(1, pairs.size());
    assertEquals(LockGroup.MM, pairs.get(0).release().group());
    assertEquals("state", pairs.get(0).acquire().lockObject());
    assertFalse(fa.locks().heldAt(call(f, "copy_from_user", 0), LockGroup.MM));
    assertTrue(fa.locks().heldAt(call(f, "install_anon", 0), LockGroup.MM));
  }

  @Test
  void helperComparisonsAndStatePaths() throws IOException {
    CompilationUnit cu = parse("mfill_retry.c");
    UnitAnalysis ua = new UnitAnalysis(cu);
    FunctionDefinition f = cu.function("mfill_copy_folio_retry").orElseThrow();
    CallExpression changed = call(f, "vma_snapshot_changed", 0);
    List<ComparedProperty> props = ua.helpers().comparedProperties(changed);
    Set<String> names = Set.copyOf(props.stream().map(ComparedProperty::property).toList());
    assertTrue(
        names.containsAll(Set.of("flags", "ops", "copy_ops", "vm_file->f_inode", "vm_pgoff")),
        names.toString());
    ComparedProperty ops =
        props.stream().filter(p -> p.property().equals("ops")).findFirst().orElseThrow();
    assertEquals(List.of("s.ops", "vma_uffd_ops(state->vma)"), ops.sides());
    assertTrue(ops.via() == changed);

    FunctionAnalysis fa = ua.of(f);
    CallExpression get = call(f, "mfill_get_vma", 0);
    List<Definition> defs = fa.defUse().reachingDefinitions("state->vma", changed);
    assertTrue(
        defs.stream()
            .anyMatch(
                d ->
                    d.kind() == Definition.Kind.CALL_ARGUMENT
                        && d.node().range().beginLine() == get.range().beginLine()),
        defs.toString());
    assertTrue(
        fa.defUse()
            .accessPathsReadAfter(get)
            .containsAll(Set.of("state->vma", "state->vma->vm_flags")));
    assertEquals(1, FlagTests.in(f).size());
    assertEquals("state->vma->vm_flags", FlagTests.in(f).get(0).flagsSource());
  }

  @Test
  void uffdOpsNullTests() throws IOException {
    CompilationUnit cu = parse("mfill_retry.c");
    FunctionDefinition ops = cu.function("vma_uffd_ops").orElseThrow();
    ConditionalExpression c = ops.findFirst(ConditionalExpression.class).orElseThrow();
    assertTrue(Matchers.isNullTestOf(c, "vma->vm_ops"));
    assertTrue(ops.isStatic());
    SameFileHelpers h = new SameFileHelpers(cu);
    FunctionDefinition changed = cu.function("vma_snapshot_changed").orElseThrow();
    CallExpression viaHelper = call(changed, "vma_uffd_ops", 0);
    assertTrue(h.valueComesFrom(viaHelper, Set.of("vma_uffd_ops")));
    assertEquals(1, SameFileHelpers.returnedValues(ops).size(), "one return");
    assertEquals("vm_uffd_ops", ops.returnType().baseName());
    assertTrue(ops.returnType().isPointer());
  }

  @Test
  void backwardGotoCarriesPinnedFolio() throws IOException {
    CompilationUnit cu = parse("move_pte.c");
    FunctionAnalysis fa = new UnitAnalysis(cu).of(cu.function("move_pages_pte").orElseThrow());
    FunctionDefinition f = fa.function();
    List<GotoStatement> back = fa.cfg().backwardGotos();
    assertEquals(1, back.size());
    assertEquals("retry", back.get(0).label());
    List<String> carried =
        fa.defUse().carriedAcross(back.get(0)).stream().map(Definition::target).distinct().toList();
    assertTrue(carried.contains("src_folio"), carried.toString());
    assertTrue(carried.contains("orig_src_pte"));
    Expression guard =
        f.findAll(
                Expression.class,
                e ->
                    e.parent().orElse(null) instanceof IfStatement i
                        && i.condition() == e
                        && Matchers.isNullTestOf(e, "src_folio"))
            .get(0);
    assertEquals(
        2, fa.defUse().reachingDefinitions("src_folio", guard).size(), "NULL and the pinned folio");
    assertTrue(fa.cfg().pathExists(back.get(0), guard));
    assertTrue(
        fa.cfg().pathExists(call(f, "pte_same", 0), guard),
        "pte_same is only checked before pinning");
    assertTrue(Matchers.insideAssertion(call(f, "pmd_none", 0)));
  }

  @Test
  void retryLoopLocks() throws IOException {
    CompilationUnit cu = parse("move_pte.c");
    FunctionAnalysis fa = new UnitAnalysis(cu).of(cu.function("move_pages_pte").orElseThrow());
    FunctionDefinition f = fa.function();
    LockEvent trylock = fa.locks().eventOf(call(f, "folio_trylock", 0)).orElseThrow();
    assertTrue(trylock.conditional());
    assertEquals("src_folio", trylock.lockObject());
    assertEquals(
        LockFamily.PTL, fa.locks().eventOf(call(f, "spin_lock", 0)).orElseThrow().family());
    List<LockPair> pairs = fa.locks().releaseReacquirePairs();
    assertTrue(
        pairs.stream()
            .anyMatch(
                p ->
                    p.release().api().equals("pte_unmap")
                        && p.acquire().api().equals("pte_offset_map_nolock")),
        "unmap then goto retry maps again: " + pairs);
    assertTrue(fa.locks().heldAt(call(f, "vm_normal_folio", 0), LockGroup.PTL));
    assertTrue(
        fa.locks().heldAt(call(f, "folio_get", 0), LockGroup.FOLIO),
        "may be held: locked on the previous pass");
    assertFalse(
        fa.locks().heldAt(call(f, "folio_put", 0), LockGroup.FOLIO), "unlocked just before");
  }

  @Test
  void switchFallthroughMacro() throws IOException {
    CompilationUnit cu = parse("move_pte.c");
    FunctionAnalysis fa = new UnitAnalysis(cu).of(cu.function("move_pages_pte").orElseThrow());
    FunctionDefinition f = fa.function();
    var efault = f.findAll(CaseStatement.class).get(0);
    var enoent = f.findAll(CaseStatement.class).get(1);
    assertTrue(fa.cfg().pathExists(efault.body(), enoent.body()), "case 0 falls into case 1");
    assertFalse(fa.cfg().pathExists(enoent.body(), call(f, "move_swap_pte", 0)), "break");
  }
}
