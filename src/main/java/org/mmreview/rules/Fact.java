package org.mmreview.rules;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.mmreview.analysis.UnitAnalysis;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;

/**
 * A typed, memoised fact about the file under review (Error Prone's {@code VisitorState.memoize}):
 * declared once as a constant and computed at most once per file or compilation unit however many
 * rules and nodes ask for it. (Per-function analyses are {@link RuleContext#analysis}.)
 *
 * <pre>{@code
 * private static final Fact<UffdOps> OPS =
 *     Fact.perFile(ctx -> new UffdOps(ctx.file().units(), ctx::unitAnalysis));
 * ...
 * UffdOps ops = ctx.get(OPS);
 * }</pre>
 *
 * The fact itself is the memo key: two constants never collide, and the value needs no cast at the
 * call site. A computation reads the file and other facts; it never reports.
 *
 * @param <T> the value's type
 */
public final class Fact<T> {
  /** What one value of a fact describes. */
  enum Scope {
    /** The reviewed file: all its units. */
    FILE,
    /** One compilation unit (a whole file, or one hunk's chunk). */
    UNIT
  }

  /** The per-unit analyses every rule shares, memoised like any other fact. */
  static final Fact<UnitAnalysis> UNIT_ANALYSIS =
      new Fact<>(Scope.UNIT, null, (ctx, unit) -> new UnitAnalysis(unit));

  private final Scope scope;
  private final Function<RuleContext, T> ofFile;
  private final BiFunction<RuleContext, CompilationUnit, T> ofUnit;

  private Fact(
      Scope scope,
      Function<RuleContext, T> ofFile,
      BiFunction<RuleContext, CompilationUnit, T> ofUnit) {
    this.scope = scope;
    this.ofFile = ofFile;
    this.ofUnit = ofUnit;
  }

  /** A fact about the whole reviewed file, read with {@link RuleContext#get(Fact)}. */
  public static <T> Fact<T> perFile(Function<RuleContext, T> compute) {
    return new Fact<>(Scope.FILE, compute, null);
  }

  /**
   * A fact about one compilation unit, computed from its shared analyses; read with {@link
   * RuleContext#get(Fact, Node)} for any node of the unit.
   */
  public static <T> Fact<T> perUnit(Function<UnitAnalysis, T> compute) {
    return new Fact<>(Scope.UNIT, null, (ctx, unit) -> compute.apply(ctx.unitAnalysis(unit)));
  }

  Scope scope() {
    return scope;
  }

  T compute(RuleContext ctx) {
    return ofFile.apply(ctx);
  }

  T compute(RuleContext ctx, CompilationUnit unit) {
    return ofUnit.apply(ctx, unit);
  }
}
