package org.mmreview.cparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.MacroDeclaration;
import org.mmreview.ast.stmt.MacroLoopStatement;

/** Every entry of kernel-macros.yaml is exercised by fixtures/parse/kernel-macros.c. */
class KernelMacrosTest {
  private static final KernelMacros table = KernelMacros.defaults();
  private static final ParseResult result =
      new CParser().parseFile("kernel-macros.c", Fixtures.read("kernel-macros.c"));
  private static final CompilationUnit unit = result.unit();

  @Test
  void fixtureParsesCleanly() {
    assertEquals(List.of(), result.problems());
  }

  @Test
  void tableIsNotEmptyAndHasNoOverlaps() {
    assertTrue(table.attributes().size() > 50);
    Set<String> all = new HashSet<>(table.attributes());
    for (String s : table.attributesWithArguments()) {
      assertTrue(all.add(s), "listed twice: " + s);
    }
    for (String s : table.types()) {
      assertTrue(all.add(s), "listed twice: " + s);
    }
  }

  @Test
  void everyAttributeIsAnAttributeOfAFunction() {
    Set<String> seen = new HashSet<>();
    for (FunctionDefinition f : unit.functions()) {
      for (String a : f.attributes()) {
        seen.add(a.contains("(") ? a.substring(0, a.indexOf('(')) : a);
      }
    }
    for (String a : table.attributes()) {
      assertTrue(seen.contains(a), "attribute not recognised: " + a);
    }
    for (String a : table.attributesWithArguments()) {
      assertTrue(seen.contains(a), "attribute with arguments not recognised: " + a);
    }
  }

  @Test
  void everyTypeIsATypeName() {
    Set<String> seen = new HashSet<>();
    for (Declaration d : unit.function("types_in_use").orElseThrow().findAll(Declaration.class)) {
      seen.add(d.baseType().text());
      assertEquals(1, d.declarators().size(), d.text());
    }
    for (String t : table.types()) {
      assertTrue(seen.contains(t), "type not recognised: " + t);
    }
  }

  @Test
  void everyIteratorIsAMacroLoop() {
    Set<String> seen = new HashSet<>();
    unit.findAll(MacroLoopStatement.class).forEach(m -> seen.add(m.macroName()));
    assertEquals(table.iterators(), seen);
  }

  @Test
  void everyDeclarationMacroIsAMacroDeclarationOrAMacroDefinedFunction() {
    Set<String> seen = new HashSet<>();
    unit.findAll(MacroDeclaration.class).forEach(m -> seen.add(m.name()));
    long syscalls = table.declarations().stream().filter(d -> d.contains("SYSCALL_DEFINE")).count();
    assertEquals(
        syscalls, unit.functions().stream().filter(f -> f.name().startsWith("syscall_")).count());
    for (String d : table.declarations()) {
      assertTrue(
          d.contains("SYSCALL_DEFINE") || seen.contains(d),
          "declaration macro not recognised: " + d);
    }
  }
}
