package org.mmreview.analysis;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;

/**
 * One equality comparison ({@code ==}, {@code !=} or an equality predicate such as {@code
 * pte_same()}): the property compared ({@code vm_file}, {@code vm_flags}, {@code vm_ops->uffd_ops},
 * {@code vma_test(VMA_SHARED_BIT)}), the two sides as access paths or texts (helper parameters
 * replaced by call arguments), the comparison, and the call through which it was reached (null when
 * written inline).
 */
public record ComparedProperty(
    String property, List<String> sides, Expression comparison, CallExpression via) {

  public ComparedProperty(String property, List<String> sides, Expression comparison) {
    this(property, List.copyOf(sides), comparison, null);
  }

  /** True when one side is {@code path} or a path starting from variable {@code path}. */
  public boolean involves(String path) {
    return sides.stream()
        .anyMatch(s -> s.equals(path) || AccessPaths.extendsPath(s, path) || s.contains(path));
  }

  /** Replaces parameter roots by argument texts; records {@code call} as the way in. */
  ComparedProperty rebind(Map<String, String> binding, CallExpression call) {
    List<String> rebound = sides.stream().map(s -> rebindSide(s, binding)).toList();
    return new ComparedProperty(property, rebound, comparison, call);
  }

  private static String rebindSide(String side, Map<String, String> binding) {
    String root = AccessPaths.root(side);
    String arg = binding.get(root);
    boolean isPath =
        side.replaceFirst("^\\*+", "").startsWith(root)
            && side.substring(side.indexOf(root) + root.length()).matches("((->|\\.)\\w+)*");
    if (isPath && arg != null) {
      String stars = side.substring(0, side.indexOf(root));
      String rest = side.substring(side.indexOf(root) + root.length());
      if (arg.startsWith("&") && rest.startsWith("->")) {
        return stars + arg.substring(1).strip() + "." + rest.substring(2);
      }
      if (arg.startsWith("&") && rest.isEmpty() && !stars.isEmpty()) {
        return stars.substring(1) + arg.substring(1).strip();
      }
      return stars + arg + rest;
    }
    String out = side;
    for (Map.Entry<String, String> e : binding.entrySet()) {
      out =
          out.replaceAll(
              "\\b" + Pattern.quote(e.getKey()) + "\\b", Matcher.quoteReplacement(e.getValue()));
    }
    return out;
  }
}
