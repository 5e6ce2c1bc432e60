package org.mmreview.analysis;

import java.util.List;
import java.util.Map;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;

/**
 * One equality comparison: the property compared ({@code vm_file}, {@code vm_flags},
 * {@code vm_ops->uffd_ops}, {@code vma_test(VMA_SHARED_BIT)}), the two sides as access paths or
 * texts (helper parameters replaced by call arguments), the comparison, and the call through
 * which it was reached (null when written inline).
 */
public record ComparedProperty(
    String property, List<String> sides, BinaryExpression comparison, CallExpression via) {

  public ComparedProperty(String property, List<String> sides, BinaryExpression comparison) {
    this(property, List.copyOf(sides), comparison, null);
  }

  /** True when one side is {@code path} or a path starting from variable {@code path}. */
  public boolean involves(String path) {
    return sides.stream().anyMatch(s -> s.equals(path) || AccessPaths.extendsPath(s, path) || s.contains(path));
  }

  /** Replaces parameter roots by argument texts; records {@code call} as the way in. */
  ComparedProperty rebind(Map<String, String> binding, CallExpression call) {
    List<String> rebound =
        sides.stream()
            .map(
                s -> {
                  String root = AccessPaths.root(s);
                  String arg = binding.get(root);
                  return arg == null || root.isEmpty() ? s : arg + s.substring(s.indexOf(root) + root.length());
                })
            .toList();
    return new ComparedProperty(property, rebound, comparison, call);
  }
}
