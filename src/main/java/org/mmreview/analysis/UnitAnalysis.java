package org.mmreview.analysis;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.kernel.LockApis;

/**
 * The analyses of one compilation unit, shared by all rules: same-file helpers, and per function a
 * {@link FunctionAnalysis} built once. Not thread-safe; use one per file and thread.
 */
public final class UnitAnalysis {
  private final CompilationUnit unit;
  private final SameFileHelpers helpers;
  private final LockApis lockApis;
  private final Map<FunctionDefinition, FunctionAnalysis> functions = new IdentityHashMap<>();

  public UnitAnalysis(CompilationUnit unit) {
    this(unit, LockApis.defaults());
  }

  public UnitAnalysis(CompilationUnit unit, LockApis lockApis) {
    this.unit = unit;
    this.helpers = new SameFileHelpers(unit);
    this.lockApis = lockApis;
  }

  public CompilationUnit unit() {
    return unit;
  }

  public SameFileHelpers helpers() {
    return helpers;
  }

  /** The analyses of {@code function} (which must belong to this unit). */
  public FunctionAnalysis of(FunctionDefinition function) {
    return functions.computeIfAbsent(function, f -> new FunctionAnalysis(f, helpers, lockApis));
  }

  /** The analyses of the function enclosing {@code n}, if {@code n} is inside one. */
  public Optional<FunctionAnalysis> enclosing(Node n) {
    if (n instanceof FunctionDefinition f) {
      return Optional.of(of(f));
    }
    return n.findAncestor(FunctionDefinition.class).map(this::of);
  }
}
