package org.mmreview.cparse;

import java.util.HashSet;
import java.util.Set;

/**
 * Decides whether an identifier names a type, without headers (Coccinelle's approach): the
 * well-known kernel types of {@link KernelMacros}, the typedefs the file itself declares, and the
 * {@code _t} suffix rule (an identifier ending in {@code _t} not immediately followed by {@code (}
 * — {@code min_t(...)} is a macro call).
 */
public final class TypedefOracle {
  private final Set<String> known;
  private final Set<String> fileTypedefs = new HashSet<>();

  public TypedefOracle(KernelMacros macros) {
    this.known = macros.types();
  }

  /** Records a typedef name the file declares. */
  public void addFileTypedef(String name) {
    fileTypedefs.add(name);
  }

  public Set<String> fileTypedefs() {
    return Set.copyOf(fileTypedefs);
  }

  /** True when {@code name} is a type name; {@code beforeParen} when the next token is '('. */
  public boolean isTypedefName(String name, boolean beforeParen) {
    if (known.contains(name) || fileTypedefs.contains(name)) {
      return true;
    }
    return !beforeParen && name.length() > 2 && name.endsWith("_t");
  }

  /** True when the table or the file names {@code name} as a type (no suffix rule). */
  public boolean isKnown(String name) {
    return known.contains(name) || fileTypedefs.contains(name);
  }
}
