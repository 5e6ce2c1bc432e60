package org.mmreview.ast.decl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A struct or union specifier, with its member declarations when it has a body. */
public final class RecordDecl extends Node {
  private final boolean union;
  private final String tag;
  private final boolean hasBody;
  private final List<Declaration> fields;

  public RecordDecl(
      Range range, boolean union, String tag, boolean hasBody, List<Declaration> fields) {
    super(range);
    this.union = union;
    this.tag = tag;
    this.hasBody = hasBody;
    this.fields = adoptAll(fields);
  }

  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  public boolean isUnion() {
    return union;
  }

  /** True when the braces are written here (a definition, not a reference). */
  public boolean hasBody() {
    return hasBody;
  }

  public List<Declaration> fields() {
    return fields;
  }

  @Override
  public Map<String, Object> properties() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("union", union);
    tag().ifPresent(t -> m.put("tag", t));
    m.put("hasBody", hasBody);
    return m;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
