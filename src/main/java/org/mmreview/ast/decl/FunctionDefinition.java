package org.mmreview.ast.decl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.type.TypeName;

/** A function definition: specifiers, return type, name, parameters and body. */
public final class FunctionDefinition extends Node {
  private final List<String> specifiers;
  private final List<String> attributes;
  private final TypeName returnType;
  private final String name;
  private final List<Parameter> parameters;
  private final boolean variadic;
  private final Block body;

  /**
   * @param specifiers storage and function specifiers as written ({@code static}, {@code inline},
   *     {@code __always_inline}, {@code extern})
   * @param attributes annotations kept as text ({@code __must_check}, {@code __acquires(x)})
   */
  public FunctionDefinition(
      Range range,
      List<String> specifiers,
      List<String> attributes,
      TypeName returnType,
      String name,
      List<Parameter> parameters,
      boolean variadic,
      Block body) {
    super(range);
    this.specifiers = List.copyOf(specifiers);
    this.attributes = List.copyOf(attributes);
    this.returnType = adopt(Objects.requireNonNull(returnType, "returnType"));
    this.name = Objects.requireNonNull(name, "name");
    this.parameters = adoptAll(parameters);
    this.variadic = variadic;
    this.body = adopt(Objects.requireNonNull(body, "body"));
  }

  public String name() {
    return name;
  }

  public List<Parameter> parameters() {
    return parameters;
  }

  /** True when the parameter list ends with {@code ...}. */
  public boolean isVariadic() {
    return variadic;
  }

  public TypeName returnType() {
    return returnType;
  }

  public Block body() {
    return body;
  }

  public List<String> specifiers() {
    return specifiers;
  }

  public boolean isStatic() {
    return specifiers.contains("static");
  }

  public boolean isInline() {
    return specifiers.stream().anyMatch(s -> s.contains("inline"));
  }

  public List<String> attributes() {
    return attributes;
  }

  /** The index of the parameter with that name, or -1. */
  public int parameterIndex(String parameterName) {
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i).name().filter(parameterName::equals).isPresent()) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Map<String, Object> properties() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("specifiers", specifiers);
    m.put("attributes", attributes);
    m.put("variadic", variadic);
    return m;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
