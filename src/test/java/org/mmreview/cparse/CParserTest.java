package org.mmreview.cparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.MacroDeclaration;
import org.mmreview.ast.decl.RecordDecl;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.CastExpression;
import org.mmreview.ast.expr.CompoundLiteral;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Initializer;
import org.mmreview.ast.expr.MacroExpression;
import org.mmreview.ast.expr.StatementExpression;
import org.mmreview.ast.expr.TypeArgument;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.AsmStatement;
import org.mmreview.ast.stmt.CaseStatement;
import org.mmreview.ast.stmt.DefaultStatement;
import org.mmreview.ast.stmt.DoWhileStatement;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.ast.stmt.MacroLoopStatement;
import org.mmreview.ast.stmt.PreprocessorStatement;
import org.mmreview.ast.stmt.ReturnStatement;

class CParserTest {
  private final CParser parser = new CParser();

  /** Parses a fixture and requires it to parse without any problem. */
  private CompilationUnit clean(String fixture) {
    ParseResult r = parser.parseFile(fixture, Fixtures.read(fixture));
    assertEquals(List.of(), r.problems(), fixture);
    assertTrue(r.unit().findAll(ErrorNode.class).isEmpty(), fixture);
    return r.unit();
  }

  private static FunctionDefinition fn(CompilationUnit u, String name) {
    return u.function(name)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no function "
                        + name
                        + " in "
                        + u.functions().stream().map(FunctionDefinition::name).toList()));
  }

  @Test
  void attributesAndAnnotations() {
    CompilationUnit u = clean("attributes.c");
    FunctionDefinition rangeOk = fn(u, "range_ok");
    assertTrue(rangeOk.isStatic());
    assertTrue(
        rangeOk.attributes().containsAll(List.of("__always_inline", "__must_check")),
        rangeOk.attributes().toString());
    assertEquals("bool", rangeOk.returnType().text());
    assertEquals(2, rangeOk.parameters().size());
    assertEquals("len", rangeOk.parameters().get(1).name().orElseThrow());
    assertTrue(fn(u, "lock_vma_ptl").attributes().contains("__acquires(ptl)"));
    assertTrue(fn(u, "unlock_vma_ptl").attributes().contains("__releases(ptl)"));
    assertTrue(fn(u, "setup_early").attributes().contains("__attribute__((unused))"));
    RecordDecl rec = u.findFirst(RecordDecl.class).orElseThrow();
    assertEquals("page_counter", rec.tag().orElseThrow());
    assertEquals(3, rec.fields().size());
    Declarator buf = u.findFirst(Declarator.class, d -> d.name().equals("buf")).orElseThrow();
    assertTrue(buf.initializer().isPresent());
    assertTrue(u.findFirst(Declarator.class, d -> d.name().equals("tunable")).isPresent());
    assertTrue(u.findFirst(Declarator.class, d -> d.name().equals("report_bad")).isPresent());
  }

  @Test
  void statementExpressionsAndTypeof() {
    CompilationUnit u = clean("statement-expressions.c");
    FunctionDefinition f = fn(u, "clamp_pages");
    assertEquals(1, f.findAll(StatementExpression.class).size());
    List<String> names = f.findAll(Declarator.class).stream().map(Declarator::name).toList();
    assertEquals(List.of("limit", "__x", "copy", "other", "third"), names);
    assertEquals(1, u.preprocessorLines().size());
    assertEquals("max_of", u.preprocessorLines().get(0).macroName().orElseThrow());
  }

  @Test
  void inlineAssembly() {
    CompilationUnit u = clean("asm.c");
    assertEquals(3, fn(u, "read_cr2").findAll(AsmStatement.class).size());
    assertTrue(
        u.items().stream()
            .anyMatch(n -> n instanceof MacroDeclaration m && m.name().equals("asm")));
    assertTrue(fn(u, "read_cr2").findFirst(LabeledStatement.class).isPresent());
  }

  @Test
  void designatedInitialisers() {
    CompilationUnit u = clean("initializers.c");
    List<String> designators =
        u.findAll(Initializer.class).stream().flatMap(i -> i.designators().stream()).toList();
    assertTrue(
        designators.containsAll(
            List.of(".close", ".fault", "[MR_COMPACTION]", "[0...7]", ".start")),
        designators.toString());
    assertEquals(2, u.findAll(CompoundLiteral.class).size());
  }

  @Test
  void caseRangesAndLabels() {
    CompilationUnit u = clean("switch-case-ranges.c");
    List<CaseStatement> cases = u.findAll(CaseStatement.class);
    assertEquals(4, cases.size());
    CaseStatement range = cases.get(1);
    assertEquals("1", range.value().text());
    assertEquals("3", range.rangeEnd().orElseThrow().text());
    // case 4: case 5: break;  nests the second label in the first
    assertTrue(cases.get(2).body() instanceof CaseStatement);
    assertEquals(1, u.findAll(DefaultStatement.class).size());
    assertEquals("out", u.findFirst(LabeledStatement.class).orElseThrow().label());
  }

  @Test
  void preprocessorLinesAndConditionals() {
    CompilationUnit u = clean("preprocessor.c");
    // #ifdef keeps its first branch: one node_of, the #else variant is skipped.
    assertEquals(
        List.of("node_of", "count_pages"),
        u.functions().stream().map(FunctionDefinition::name).toList());
    List<PreprocessorLine> lines = u.preprocessorLines();
    assertEquals(PreprocessorLine.Directive.INCLUDE, lines.get(0).directive());
    PreprocessorLine warn =
        lines.stream()
            .filter(l -> l.macroName().orElse("").equals("mm_warn"))
            .findFirst()
            .orElseThrow();
    assertTrue(warn.text().contains("__VA_ARGS__"), warn.text());
    assertFalse(warn.text().contains("\\\n"), "continuations are joined");
    FunctionDefinition count = fn(u, "count_pages");
    assertEquals(6, count.findAll(PreprocessorStatement.class).size());
    assertEquals(
        "list_empty(head)", count.findFirst(IfStatement.class).orElseThrow().condition().text());
    CallExpression compute =
        count
            .findFirst(CallExpression.class, c -> c.calleeName().orElse("").equals("compute"))
            .orElseThrow();
    assertEquals(3, compute.arguments().size());
  }

  @Test
  void iteratorMacros() {
    CompilationUnit u = clean("iterators.c");
    List<String> loops =
        u.findAll(MacroLoopStatement.class).stream().map(MacroLoopStatement::macroName).toList();
    assertEquals(
        List.of(
            "for_each_vma",
            "list_for_each_entry",
            "list_for_each_entry_safe",
            "for_each_online_node",
            "for_each_cpu"),
        loops);
    MacroLoopStatement lfe = u.findAll(MacroLoopStatement.class).get(1);
    assertEquals(3, lfe.arguments().size());
    assertTrue(u.findFirst(DoWhileStatement.class).isPresent());
  }

  @Test
  void declarationMacros() {
    CompilationUnit u = clean("declaration-macros.c");
    List<String> macros =
        u.items().stream()
            .filter(MacroDeclaration.class::isInstance)
            .map(n -> ((MacroDeclaration) n).name())
            .toList();
    assertEquals(
        List.of(
            "DEFINE_FREE",
            "DEFINE_GUARD",
            "DEFINE_SPINLOCK",
            "DEFINE_MUTEX",
            "LIST_HEAD",
            "DEFINE_PER_CPU",
            "EXPORT_SYMBOL_GPL",
            "EXPORT_SYMBOL",
            "module_init",
            "early_param"),
        macros);
    MacroDeclaration free = (MacroDeclaration) u.items().get(0);
    assertEquals(
        List.of("kfree", "void *", "if (!IS_ERR_OR_NULL(_T)) kfree(_T)"), free.argumentTexts());
    FunctionDefinition sys = fn(u, "mprotect_demo");
    assertEquals(
        List.of("start", "len", "prot"),
        sys.parameters().stream().map(p -> p.name().orElse("?")).toList());
  }

  @Test
  void guardsAndCleanup() {
    CompilationUnit u = clean("guards.c");
    FunctionDefinition f = fn(u, "touch_locked");
    List<String> loops =
        f.findAll(MacroLoopStatement.class).stream().map(MacroLoopStatement::macroName).toList();
    assertEquals(List.of("scoped_guard", "scoped_guard", "scoped_cond_guard"), loops);
    // guard(mutex)(&f->lock): a call whose callee is the call guard(mutex)
    List<CallExpression> guards =
        f.findAll(CallExpression.class, c -> c.callee() instanceof CallExpression);
    assertEquals(2, guards.size());
    assertEquals("guard(mutex)", guards.get(0).callee().text());
  }

  @Test
  void typedefNamesWithoutHeaders() {
    CompilationUnit u = clean("typedefs.c");
    FunctionDefinition f = fn(u, "demo_fault");
    assertEquals("vm_fault_t", f.returnType().text());
    assertEquals("my_entry", f.parameters().get(1).type().text());
    assertEquals("walk_fn", f.parameters().get(2).type().text());
    List<String> types =
        f.findAll(Declaration.class).stream().map(d -> d.baseType().text()).toList();
    assertEquals(
        List.of("pte_t", "pgoff_t", "u64", "unknown_type", "struct_type_t", "bool", "size_t"),
        types);
    assertTrue(
        f.findAll(CastExpression.class).stream().anyMatch(c -> c.type().text().equals("pgoff_t")));
    // the typedef's own declarator stays a name
    Declaration myEntry = (Declaration) u.items().get(0);
    assertTrue(myEntry.isTypedef());
    assertEquals("my_entry", myEntry.declarators().get(0).name());
    assertTrue(myEntry.definedType().isPresent());
    assertTrue(
        f.findAll(CastExpression.class).stream().anyMatch(c -> c.type().text().equals("counter")));
    // min_t(...) is a call with a type argument, not a type
    CallExpression minT =
        f.findFirst(CallExpression.class, c -> c.calleeName().orElse("").equals("min_t"))
            .orElseThrow();
    assertTrue(minT.arguments().get(0) instanceof TypeArgument);
  }

  @Test
  void macroArgumentsThatAreTypesOrOperators() {
    CompilationUnit u = clean("macro-arguments.c");
    List<String> typeArgs = u.findAll(TypeArgument.class).stream().map(TypeArgument::text).toList();
    assertTrue(typeArgs.containsAll(List.of("struct folio", "struct page")), typeArgs.toString());
    List<String> opaque =
        u.findAll(MacroExpression.class).stream().map(MacroExpression::text).toList();
    assertEquals(List.of("+="), opaque);
  }

  @Test
  void errorRecoveryAtFunctionGranularity() {
    ParseResult r = parser.parseFile("error-recovery.c", Fixtures.read("error-recovery.c"));
    CompilationUnit u = r.unit();
    assertEquals(
        List.of("before", "after"), u.functions().stream().map(FunctionDefinition::name).toList());
    ErrorNode err = u.findFirst(ErrorNode.class).orElseThrow();
    assertEquals("broken", err.functionName().orElseThrow());
    assertEquals(7, err.range().beginLine());
    assertEquals(11, err.range().endLine());
    assertTrue(err.text().startsWith("static int broken(void)"), err.text());
    assertTrue(err.reason().startsWith("line 9:"), err.reason());
    assertEquals(1, r.problems().size());
    assertEquals("broken", r.problems().get(0).functionName().orElseThrow());
  }

  @Test
  void fragmentOfAFunctionMiddle() {
    ParseResult r = parser.parseFragment("mm/memory.c", Fixtures.read("fragment.c"), 120);
    assertEquals(List.of(), r.problems());
    CompilationUnit u = r.unit();
    List<IfStatement> ifs = u.findAll(IfStatement.class);
    assertEquals(2, ifs.size());
    assertEquals(120, ifs.get(0).range().beginLine());
    assertEquals("pte_none(entry)", ifs.get(1).condition().text());
    assertTrue(
        u.findFirst(ExpressionStatement.class, s -> s.text().startsWith("entry = ptep_get"))
            .isPresent());
  }

  @Test
  void fragmentWithWholeFunctionsParsesAsAFile() {
    ParseResult r = parser.parseFragment("x.c", "static int f(void)\n{\n\treturn 1;\n}\n", 40);
    assertEquals(List.of(), r.problems());
    FunctionDefinition f = r.unit().functions().get(0);
    assertEquals(40, f.range().beginLine());
    assertTrue(f.findFirst(ReturnStatement.class).isPresent());
  }

  @Test
  void fragmentEndingInsideAFunctionKeepsTheWholeDefinitionsBeforeIt() {
    // A hunk that adds a struct and a helper, then stops two lines into the next function.
    String hunk =
        "\treturn 0;\n}\n\nstruct snap {\n\tint a;\n};\n\n"
            + "static int helper(struct snap *s)\n{\n\ts->a = 1;\n\treturn s->a;\n}\n\n"
            + "static int next(int x)\n{\n\tint y = x;\n";
    ParseResult r = parser.parseFragment("x.c", hunk, 30);
    FunctionDefinition f = r.unit().function("helper").orElseThrow();
    assertEquals(37, f.range().beginLine());
    assertTrue(r.unit().findFirst(RecordDecl.class, d -> d.hasBody()).isPresent());
    assertTrue(
        r.unit().findFirst(ReturnStatement.class, s -> s.range().beginLine() == 30).isPresent());
  }

  @Test
  void balancedStatementsAreNotTakenForDeclarations() {
    ParseResult r = parser.parseFragment("x.c", "\tint x = 1;\n\tif (x) {\n\t\tfoo(x);\n", 5);
    assertTrue(r.unit().functions().isEmpty());
    assertTrue(r.unit().findFirst(IfStatement.class).isPresent());
  }

  @Test
  void fragmentKeepsWhatParsesAroundAnUnreadableStatement() {
    ParseResult r = parser.parseFragment("x.c", "\ta = 1;\n\tb = ) ;\n\tc = 2;\n}\n", 10);
    assertEquals(1, r.problems().size());
    List<String> ids =
        r.unit().findAll(Identifier.class).stream()
            .map(Identifier::name)
            .collect(Collectors.toList());
    assertTrue(ids.containsAll(List.of("a", "c")), ids.toString());
    assertEquals(11, r.problems().get(0).range().beginLine());
  }

  @Test
  void oneParserInstanceParsesManyFilesAndCountsFallbacks() {
    for (int i = 0; i < 3; i++) {
      clean("guards.c");
      clean("typedefs.c");
    }
    assertTrue(parser.chunkCount() >= 6);
    assertEquals(0, parser.llFallbackCount());
    parser.parseFile("error-recovery.c", Fixtures.read("error-recovery.c"));
    assertEquals(1, parser.llFallbackCount());
  }

  @Test
  void commentsAreKeptAsPositionedTokens() {
    CompilationUnit u = clean("guards.c");
    assertEquals(1, u.comments().size());
    assertTrue(u.commentAbove(2).isPresent());
  }

  @Test
  void headerIdioms() {
    CompilationUnit u = clean("header-idioms.c");
    assertEquals(
        List.of(
            "BTREE_FN(insert)", "css_get_many", "strcpy", "gunzip", "tracing_poll", "kern_select"),
        u.functions().stream().map(FunctionDefinition::name).toList());
    assertEquals(
        List.of("p", "q"),
        fn(u, "strcpy").parameters().stream().map(p -> p.name().orElse("?")).toList());
    assertTrue(fn(u, "strcpy").attributes().contains("__diagnose_as(__builtin_strcpy, 1, 2)"));
    List<String> macros =
        u.items().stream()
            .filter(MacroDeclaration.class::isInstance)
            .map(n -> ((MacroDeclaration) n).name())
            .toList();
    assertEquals(List.of("CGROUP_REF_EXPORT", "DEFINE_LOCK_GUARD_0"), macros);
    assertTrue(fn(u, "gunzip").attributes().contains("INIT"));
    assertEquals("poll_table", fn(u, "tracing_poll").parameters().get(1).name().orElseThrow());
    assertEquals("fd_set __user *", fn(u, "kern_select").parameters().get(1).type().text());
  }

  @Test
  void fragmentWithAFunctionHeaderAndTheStartOfItsBody() {
    String hunk =
        "static int move_pages(struct mm_struct *mm,\n\t\tunsigned long nr)\n{\n\tint err;\n\n\tif (!nr)\n\t\treturn 0;\n";
    ParseResult r = parser.parseFragment("mm/migrate.c", hunk, 2000);
    assertEquals(List.of(), r.problems());
    FunctionDefinition f = r.unit().functions().get(0);
    assertEquals("move_pages", f.name());
    assertEquals(2000, f.range().beginLine());
    assertTrue(f.findFirst(IfStatement.class).isPresent());
  }

  @Test
  void statementMacrosWithoutSemicolons() {
    CompilationUnit u = clean("statement-macros.c");
    FunctionDefinition get = fn(u, "opt_get");
    assertTrue(
        get.findFirst(ExpressionStatement.class, s -> s.text().equals("BCH_OPTS()")).isPresent());
    assertEquals(1, get.findAll(DefaultStatement.class).size());
    FunctionDefinition set = fn(u, "set_ctx");
    assertEquals(1, set.findAll(CompoundLiteral.class).size());
    assertEquals(
        List.of("POSTAMBLE"),
        set.findAll(ExpressionStatement.class).stream()
            .skip(1)
            .map(ExpressionStatement::text)
            .toList());
    assertEquals(
        "U32 const",
        ((Declaration)
                u.items().stream().filter(Declaration.class::isInstance).findFirst().orElseThrow())
            .baseType()
            .text());
    FunctionDefinition cb = fn(u, "CLOSURE_CALLBACK");
    assertTrue(cb.isStatic());
    assertTrue(cb.findFirst(CastExpression.class).isPresent());
  }

  @Test
  void variablesWhoseNamesEndInUnderscoreT() {
    CompilationUnit u = clean("typedefs.c");
    List<String> names =
        fn(u, "names_ending_in_t").findAll(Declarator.class).stream()
            .map(Declarator::name)
            .toList();
    assertEquals(List.of("s_t", "de_t"), names);
  }

  @Test
  void ifZeroKeepsTheElseBranchAndElifChainsKeepTheFirstTakenBranch() {
    String text =
        "#if 0\nint a(void) { return 1 +; }\n#else\nint b(void) { return 2; }\n#endif\n"
            + "#ifdef X\nint c(void) { return 3; }\n#elif defined(Y)\nint d(void) { return 4; }\n#else\nint e(void) { }\n#endif\n"
            + "#if 0\n#if 1\nint f(void) { }\n#endif\n#elif 0\nint g(void) { }\n#else\nint h(void) { }\n#endif\n";
    ParseResult r = parser.parseFile("pp.c", text);
    assertEquals(List.of(), r.problems());
    assertEquals(
        List.of("b", "c", "h"),
        r.unit().functions().stream().map(FunctionDefinition::name).toList());
    assertEquals(13, r.unit().preprocessorLines().size());
  }

  @Test
  void aTrialParseOnlyTellsWhetherAChunkParses() {
    ChunkParser cp = new ChunkParser(KernelMacros.defaults());
    var good = cp.lex("static int f(int a)\n{\n\treturn g(a, b) + 1;\n}\n", false).visible();
    var described = cp.parse(good, 0, good.size(), false, true);
    var trial = cp.parse(good, 0, good.size(), false, false);
    assertTrue(described.tree() != null && trial.tree() != null);
    assertEquals(described.tree().toStringTree(), trial.tree().toStringTree());
    var bad = cp.lex("static int f(int a)\n{\n\treturn = ;\n}\n", false).visible();
    var badDescribed = cp.parse(bad, 0, bad.size(), false, true);
    var badTrial = cp.parse(bad, 0, bad.size(), false, false);
    assertTrue(badDescribed.tree() == null && badTrial.tree() == null);
    assertTrue(badDescribed.error().startsWith("line 3:"), badDescribed.error());
    assertEquals(ChunkParser.UNDESCRIBED, badTrial.error());
  }
}
