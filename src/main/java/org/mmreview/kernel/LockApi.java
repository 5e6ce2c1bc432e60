package org.mmreview.kernel;

/**
 * One kernel lock API: its name, whether it acquires (maybe conditionally) or releases, the lock
 * family, and which argument names the lock (-1: the returned value, -2: none).
 */
public record LockApi(String name, Kind kind, LockFamily family, int object) {

  /** What a call to the API does to the lock. */
  public enum Kind {
    ACQUIRE,
    RELEASE,
    /** Acquires only when it succeeds ({@code trylock}, {@code lock_vma_under_rcu}). */
    TRY;

    /** True for ACQUIRE and TRY. */
    public boolean acquires() {
      return this != RELEASE;
    }
  }

  /** The locks that protect the same thing as this one. */
  public LockGroup group() {
    return family.group();
  }
}
