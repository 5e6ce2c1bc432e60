package org.mmreview.ast.decl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** An enum specifier with its enumerators. */
public final class EnumDecl extends Node {
  private final String tag;
  private final List<Enumerator> enumerators;

  public EnumDecl(Range range, String tag, List<Enumerator> enumerators) {
    super(range);
    this.tag = tag;
    this.enumerators = adoptAll(enumerators);
  }

  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  public List<Enumerator> enumerators() {
    return enumerators;
  }

  @Override
  public Map<String, Object> properties() {
    Map<String, Object> m = new LinkedHashMap<>();
    tag().ifPresent(t -> m.put("tag", t));
    return m;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
