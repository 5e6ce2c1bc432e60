package org.mmreview.analysis;

/** A lock release followed, on some control-flow path, by an acquire of the same group. */
public record LockPair(LockEvent release, LockEvent acquire) {}
