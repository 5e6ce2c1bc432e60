package org.mmreview.analysis;

/**
 * One kernel lock API: its name, whether it acquires (maybe conditionally) or releases, the lock
 * family and group, and which argument names the lock (-1: the returned value, -2: none).
 */
public record LockApi(String name, Kind kind, String family, String group, int object) {

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

  public LockApi {
    group = group == null ? family : group;
  }
}
