package org.mmreview.analysis;

import java.util.Optional;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;

/**
 * A call that acquires or releases a lock: the kind, the lock family and group, the call, the
 * text of the lock object ({@code mm}, {@code ptl}, {@code vma}; empty when none), the API or
 * same-file helper name, and whether the acquire is conditional (a trylock).
 */
public record LockEvent(
    Kind kind,
    String family,
    String group,
    CallExpression call,
    String lockObject,
    String api,
    boolean conditional,
    FunctionDefinition helperDefinition) {

  /** Acquire or release. */
  public enum Kind {
    ACQUIRE,
    RELEASE
  }

  public boolean isAcquire() {
    return kind == Kind.ACQUIRE;
  }

  public boolean isRelease() {
    return kind == Kind.RELEASE;
  }

  /** The same-file helper through which the lock is taken or dropped, if the call is one. */
  public Optional<FunctionDefinition> helper() {
    return Optional.ofNullable(helperDefinition);
  }

  @Override
  public String toString() {
    return kind + " " + family + " " + api + "(" + lockObject + ")@" + call.range().beginLine();
  }
}
