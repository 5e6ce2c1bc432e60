package org.mmreview.ast.decl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.type.TypeName;

/**
 * A declaration: specifiers, a base type, and zero or more declarators ({@code int a, *b = x;}). A
 * struct/union/enum defined in place is available through {@link #definedType()}.
 */
public final class Declaration extends Node {
  private final List<String> specifiers;
  private final TypeName baseType;
  private final Node definedType;
  private final List<Declarator> declarators;

  /**
   * @param specifiers storage class and function specifiers ({@code typedef}, {@code static},
   *     {@code extern}, {@code inline}); type qualifiers belong to the type
   * @param definedType a {@link RecordDecl} or {@link EnumDecl} written inside this declaration, or
   *     null
   */
  public Declaration(
      Range range,
      List<String> specifiers,
      TypeName baseType,
      Node definedType,
      List<Declarator> declarators) {
    super(range);
    if (definedType != null
        && !(definedType instanceof RecordDecl)
        && !(definedType instanceof EnumDecl)) {
      throw new IllegalArgumentException("definedType must be a RecordDecl or EnumDecl");
    }
    this.specifiers = List.copyOf(specifiers);
    this.baseType = adopt(Objects.requireNonNull(baseType, "baseType"));
    this.definedType = adopt(definedType);
    this.declarators = adoptAll(declarators);
  }

  public List<String> specifiers() {
    return specifiers;
  }

  public TypeName baseType() {
    return baseType;
  }

  /** The struct, union or enum defined by this declaration. */
  public Optional<Node> definedType() {
    return Optional.ofNullable(definedType);
  }

  public List<Declarator> declarators() {
    return declarators;
  }

  public boolean isTypedef() {
    return specifiers.contains("typedef");
  }

  public boolean isStatic() {
    return specifiers.contains("static");
  }

  public boolean isExtern() {
    return specifiers.contains("extern");
  }

  @Override
  public Map<String, Object> properties() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("specifiers", specifiers);
    return m;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
