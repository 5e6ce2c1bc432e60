package org.mmreview.analysis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.Identifier;

/**
 * The source and destination VMAs of a function that has both (fork's copy_page_range(), mremap,
 * UFFDIO_MOVE): VMA-typed parameters and locals named {@code src*} / {@code dst*}, and which side a
 * condition or a comment speaks of.
 */
public final class VmaSides {
  /** src_vma, dst_vma, srcvma, plain src / dst (the VMA type is checked separately). */
  private static final Pattern SIDE_NAME = Pattern.compile("(src|dst)(_?vma\\w*)?");

  private static final Pattern WORD = Pattern.compile("\\b(src|dst)_vma\\b|\\b\\w+\\b");

  /** Variable name → side ("src" or "dst"). */
  private final Map<String, String> sides = new LinkedHashMap<>();

  public VmaSides(FunctionDefinition f) {
    for (Parameter p : f.parameters()) {
      p.name().filter(n -> isVma(p.type().baseName())).ifPresent(this::add);
    }
    for (Declarator d : f.body().findAll(Declarator.class)) {
      if (isVma(d.type().baseName())) {
        add(d.name());
      }
    }
  }

  private static boolean isVma(String baseName) {
    return baseName.equals("vm_area_struct");
  }

  private void add(String name) {
    Matcher m = SIDE_NAME.matcher(name);
    if (m.matches()) {
      sides.put(name, m.group(1));
    }
  }

  /** True when both a source and a destination VMA are in scope. */
  public boolean hasBoth() {
    return sides.containsValue("src") && sides.containsValue("dst");
  }

  /** The sides whose VMA variables {@code n} reads. */
  public Set<String> testedBy(Node n) {
    Set<String> out = new TreeSet<>();
    n.findAll(Identifier.class)
        .forEach(
            id -> {
              String s = sides.get(id.name());
              if (s != null) {
                out.add(s);
              }
            });
    return out;
  }

  /** The VMA variable of {@code side} that {@code n} reads first, or the conventional name. */
  public String variableIn(Node n, String side) {
    return n.findAll(Identifier.class).stream()
        .map(Identifier::name)
        .filter(x -> side.equals(sides.get(x)))
        .findFirst()
        .orElse(side + "_vma");
  }

  /** The variable of {@code side} in scope (the first declared), or the conventional name. */
  public String variable(String side) {
    return sides.entrySet().stream()
        .filter(e -> e.getValue().equals(side))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(side + "_vma");
  }

  /** The sides a comment names, by the VMA variables in scope or the conventional names. */
  public Set<String> namedIn(String comment) {
    Set<String> out = new TreeSet<>();
    Matcher m = WORD.matcher(comment);
    while (m.find()) {
      String w = m.group();
      if (m.group(1) != null) {
        out.add(m.group(1));
      } else if (sides.containsKey(w)) {
        out.add(sides.get(w));
      }
    }
    return out;
  }

  /** The other side. */
  public static String other(String side) {
    return side.equals("src") ? "dst" : "src";
  }
}
