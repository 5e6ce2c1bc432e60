package org.mmreview.ast.expr;

import java.util.Map;
import java.util.Objects;
import org.mmreview.ast.Range;
import org.mmreview.ast.Visitor;

/** A member access {@code object.member} or {@code object->member}. */
public final class MemberAccess extends Expression {
  private final Expression object;
  private final String member;
  private final boolean arrow;

  public MemberAccess(Range range, Expression object, String member, boolean arrow) {
    super(range);
    this.object = adopt(Objects.requireNonNull(object, "object"));
    this.member = Objects.requireNonNull(member, "member");
    this.arrow = arrow;
  }

  public Expression object() {
    return object;
  }

  public String member() {
    return member;
  }

  /** True for {@code ->}, false for {@code .}. */
  public boolean isArrow() {
    return arrow;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("member", member, "arrow", arrow);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visit(this);
  }
}
