package org.mmreview.analysis;

import java.util.Optional;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.kernel.LockFamily;
import org.mmreview.kernel.LockGroup;

/**
 * A call that acquires or releases a lock: the kind, the lock family (which gives its group), the
 * call, the text of the lock object ({@code mm}, {@code ptl}, {@code vma}; empty when none), the
 * API or same-file helper name, and whether the acquire is conditional (a trylock).
 */
public record LockEvent(
    Kind kind,
    LockFamily family,
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

  /** The locks that protect the same thing as this one. */
  public LockGroup group() {
    return family.group();
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
    return kind
        + " "
        + family.kernelName()
        + " "
        + api
        + "("
        + lockObject
        + ")@"
        + call.range().beginLine();
  }
}
