package org.mmreview.rules.checks.uffdops;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;

/** Who calls whom among the functions of one file: the reverse of same-file helper resolution. */
public final class SameFileCallers {
  private final Map<String, Set<FunctionDefinition>> callers = new HashMap<>();

  /**
   * @param units one file: a whole-file unit, or its hunks
   */
  public SameFileCallers(List<CompilationUnit> units) {
    Set<String> defined = new HashSet<>();
    units.forEach(u -> u.functions().forEach(f -> defined.add(f.name())));
    for (FunctionDefinition f : units.stream().flatMap(u -> u.functions().stream()).toList()) {
      for (CallExpression c : f.body().findAll(CallExpression.class)) {
        c.calleeName()
            .filter(defined::contains)
            .ifPresent(n -> callers.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(f));
      }
    }
  }

  /**
   * The functions of the file that call {@code name}, directly or through other same-file
   * functions.
   */
  public Set<FunctionDefinition> transitiveCallers(String name) {
    Set<FunctionDefinition> out = new LinkedHashSet<>();
    Deque<String> work = new ArrayDeque<>();
    work.add(name);
    while (!work.isEmpty()) {
      for (FunctionDefinition f : callers.getOrDefault(work.pop(), Set.of())) {
        if (out.add(f)) {
          work.add(f.name());
        }
      }
    }
    return out;
  }
}
