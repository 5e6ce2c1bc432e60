package org.mmreview.rules.checks.stubs;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.review.PatchScope;
import org.mmreview.review.ReviewedFile;

/**
 * A value computed once per compilation unit of the patch under review, for rules that read the
 * units of every file of a patch (a patch of n files would otherwise have each read n times) or
 * that share a text scan with another rule.
 *
 * <p>One memo per thread: a worker reviews one patch at a time, and a memo shared by the workers
 * was cleared by each one's patch in turn. It is renewed when another patch comes, so it holds one
 * patch's units at most. A whole file (no patch) is computed each time: it is read once anyway.
 *
 * @param <V> the value's type
 */
public final class PatchUnitMemo<V> {
  private final BiFunction<ReviewedFile, CompilationUnit, V> compute;

  @SuppressWarnings("ThreadLocalUsage") // each memo is a static constant of the class using it
  private final ThreadLocal<Memo<V>> memo = new ThreadLocal<>();

  private record Memo<V>(PatchScope patch, Map<CompilationUnit, V> units) {}

  public PatchUnitMemo(BiFunction<ReviewedFile, CompilationUnit, V> compute) {
    this.compute = compute;
  }

  /** {@code u}'s value: {@code u} is a unit of {@code file} or of another file of its patch. */
  public V get(ReviewedFile file, CompilationUnit u) {
    if (!file.diffAware()) {
      return compute.apply(file, u);
    }
    Memo<V> m = memo.get();
    if (m == null || m.patch() != file.patch()) {
      m = new Memo<>(file.patch(), new IdentityHashMap<>());
      memo.set(m);
    }
    V v = m.units().get(u);
    if (v == null) {
      v = compute.apply(file, u);
      m.units().put(u, v);
    }
    return v;
  }
}
