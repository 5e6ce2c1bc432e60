package org.mmreview.rules.checks.retry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.type.TypeName;
import org.mmreview.kernel.VmaPropertyTable;

/**
 * The properties of a VMA an expression reads: {@code vma->vm_file} is {@code vm_file}, {@code
 * vma->vm_flags & VM_SHARED} and {@code vma_test(vma, VMA_SHARED_BIT)} are {@code vm_flags &
 * VM_SHARED}, {@code linear_page_index(vma, addr)} is {@code vm_pgoff}. A VMA is any expression
 * naming one: a variable of type {@code struct vm_area_struct *}, or a path ending in {@code vma} /
 * {@code *_vma} ({@code state->vma}, {@code vmf->vma}). The calls that stand for a property, and
 * what an operation handed a VMA depends on, are data: {@code vma-properties.yaml}.
 */
public final class VmaProperties {
  private static final Pattern VMA_NAME = Pattern.compile("(\\w+_)?vma");
  private static final Pattern FLAG = Pattern.compile("_*VMA?_\\w+");
  private static final Pattern BIT = Pattern.compile("VMA_(\\w+)_BIT");
  private static final VmaPropertyTable TABLE = VmaPropertyTable.defaults();

  private final Map<String, TypeName> types;
  private final Map<String, Set<String>> flagMacros;

  /**
   * A property: the text shown ({@code vm_flags & VM_SHARED}), the member it is read from ({@code
   * vm_flags}) and, for flags, the flag names tested (empty: the whole member).
   */
  public record Property(String display, String member, Set<String> flags) {

    static Property parse(String display, Map<String, Set<String>> macros) {
      String[] parts = display.split("\\s*&\\s*", 2);
      String member = parts[0].split("->|\\.")[0].strip();
      Set<String> flags = new TreeSet<>();
      if (parts.length > 1) {
        flags.addAll(expand(Set.of(parts[1].strip()), macros));
      }
      return new Property(display, member, Set.copyOf(flags));
    }

    /** True when comparing {@code compared} also compares this property. */
    public boolean coveredBy(Property compared) {
      if (!member.equals(compared.member)) {
        return false;
      }
      return compared.flags.isEmpty() || (!flags.isEmpty() && compared.flags.containsAll(flags));
    }
  }

  /**
   * Properties read in a function with variable {@code types}, in a file with {@code unit}'s
   * macros.
   */
  public VmaProperties(Map<String, TypeName> types, CompilationUnit unit) {
    this.types = types;
    this.flagMacros = flagMacros(unit);
  }

  /** True when {@code e} names a VMA. */
  public boolean isVma(Expression e) {
    Optional<String> path = AccessPaths.of(e);
    if (path.isEmpty() || path.get().startsWith("*")) {
      return false;
    }
    String p = path.get();
    if (p.equals(AccessPaths.root(p)) && types.containsKey(p)) {
      return types.get(p).baseName().equals("vm_area_struct") && types.get(p).pointerDepth() == 1;
    }
    return VMA_NAME.matcher(AccessPaths.lastMember(p)).matches();
  }

  /** The VMA properties read inside {@code scope}, in source order. */
  public List<Property> readIn(Node scope) {
    return readIn(scope, n -> false);
  }

  /** The VMA properties read inside {@code scope}, outside the subtrees matching {@code skip}. */
  public List<Property> readIn(Node scope, Predicate<Node> skip) {
    Map<String, Property> out = new LinkedHashMap<>();
    for (Node n : scope.stream().toList()) {
      if (skip.test(n)) {
        continue;
      }
      Property p = null;
      if (n instanceof MemberAccess m && isVma(m.object())) {
        p = member(m);
      } else if (n instanceof CallExpression c
          && c.calleeName().isPresent()
          && c.arguments().stream().anyMatch(this::isVma)) {
        p = call(c);
      }
      if (p != null) {
        out.putIfAbsent(p.display(), p);
      }
    }
    return new ArrayList<>(out.values());
  }

  private Property member(MemberAccess m) {
    if (m.member().equals("flags")) {
      // The VMA flags API keeps the same bits in vma->flags (vma_flags_t).
      Optional<CallExpression> mask = enclosingCall(m, "vma_flags_and_mask");
      if (mask.isPresent() && mask.get().arguments().size() >= 2) {
        String bits = mask.get().arguments().get(1).text().strip();
        return new Property(
            "vm_flags & " + bits, "vm_flags", Set.copyOf(expand(Set.of(bits), flagMacros)));
      }
      return Property.parse("vm_flags", flagMacros);
    }
    if (!m.member().equals("vm_flags")) {
      return Property.parse(m.member(), flagMacros);
    }
    Node cur = m;
    Node parent = m.parent().orElse(null);
    while (parent instanceof Expression e && e.unparen() != e) {
      cur = parent;
      parent = parent.parent().orElse(null);
    }
    if (parent instanceof BinaryExpression b && b.operator().equals("&")) {
      Expression other = b.left() == cur ? b.right() : b.left();
      Set<String> names = new TreeSet<>();
      other.stream()
          .filter(Identifier.class::isInstance)
          .map(x -> ((Identifier) x).name())
          .forEach(names::add);
      if (!names.isEmpty()) {
        return new Property(
            "vm_flags & " + other.text().strip(),
            "vm_flags",
            Set.copyOf(expand(names, flagMacros)));
      }
    }
    return Property.parse("vm_flags", flagMacros);
  }

  /**
   * True when {@code c} is a call that stands for one VMA property ({@code linear_page_index()}).
   */
  public boolean standsForProperty(CallExpression c) {
    return c.calleeName().isPresent() && call(c) != null;
  }

  private static Optional<CallExpression> enclosingCall(Node n, String name) {
    Node cur = n;
    for (Node p = n.parent().orElse(null);
        p instanceof Expression e;
        cur = p, p = p.parent().orElse(null)) {
      if (e instanceof CallExpression c && c.callee() != cur) {
        return c.calleeName().filter(name::equals).map(x -> c);
      }
    }
    return Optional.empty();
  }

  private Property call(CallExpression c) {
    String name = c.calleeName().orElseThrow();
    if (name.equals("vma_test") && c.arguments().size() >= 2) {
      Matcher bit = BIT.matcher(c.arguments().get(1).text().strip());
      if (bit.matches()) {
        return Property.parse("vm_flags & VM_" + bit.group(1), flagMacros);
      }
    }
    String property = TABLE.calls().get(name);
    return property == null ? null : Property.parse(property, flagMacros);
  }

  /** What an operation handed a VMA depends on; {@code uffd} selects the userfaultfd entries. */
  public List<Property> identity(boolean uffd) {
    List<Property> out = new ArrayList<>();
    for (VmaPropertyTable.IdentityProperty e : TABLE.identity()) {
      if (!e.uffdOnly() || uffd) {
        out.add(Property.parse(e.property(), flagMacros));
      }
    }
    return out;
  }

  /** Flag names with the file's {@code #define}s of flag masks expanded (a few levels). */
  private static Set<String> expand(Set<String> names, Map<String, Set<String>> macros) {
    Set<String> out = new TreeSet<>();
    List<String> work = new ArrayList<>(names);
    for (int i = 0; i < work.size() && i < 64; i++) {
      String n = work.get(i);
      Set<String> body = macros.get(n);
      if (body != null && !body.isEmpty() && !body.contains(n)) {
        work.addAll(body);
      }
      out.add(normal(n));
    }
    return out;
  }

  /** One spelling per flag across both APIs: VMA_SHARED_BIT and VM_SHARED are VM_SHARED. */
  private static String normal(String flag) {
    return flag.replaceFirst("^(_*)VMA_(\\w+?)(_BIT)?$", "$1VM_$2");
  }

  private static Map<String, Set<String>> flagMacros(CompilationUnit unit) {
    Map<String, Set<String>> out = new HashMap<>();
    if (unit == null) {
      return out;
    }
    Pattern define = Pattern.compile("#\\s*define\\s+(\\w+)\\s+(.*)", Pattern.DOTALL);
    for (PreprocessorLine l : unit.findAll(PreprocessorLine.class)) {
      Matcher m = define.matcher(l.text().strip());
      if (m.matches()) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher f = FLAG.matcher(m.group(2));
        while (f.find()) {
          ids.add(f.group());
        }
        out.put(m.group(1), ids);
      }
    }
    return out;
  }
}
