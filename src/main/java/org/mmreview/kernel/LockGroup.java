package org.mmreview.kernel;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Locks that protect the same thing: a release of one lock of a group followed by an acquire of
 * another lock of that group is the lock dropped and taken again. Named in {@code lock-apis.yaml}
 * by {@link #kernelName()}.
 */
public enum LockGroup {
  /** {@code mmap_lock} and the per-VMA locks: both keep the VMA stable. */
  MM,
  /**
   * Page-table locks ({@code pte_offset_map_lock()}, {@code pmd_lock()}, a spinlock named {@code
   * *ptl}).
   */
  PTL,
  /** A {@code pte_offset_map()} mapping: an RCU section, the table can vanish once unmapped. */
  PTE_MAP,
  SPINLOCK,
  RWLOCK,
  RWSEM,
  MUTEX,
  RCU,
  FOLIO,
  ANON_VMA,
  I_MMAP;

  /**
   * The groups a scope-based guard ({@code linux/cleanup.h}) can hold, in the order they are
   * reported.
   */
  public static final List<LockGroup> GUARDABLE = List.of(MUTEX, SPINLOCK, RWLOCK, RWSEM, RCU, MM);

  /** The group each {@code guard()} / {@code scoped_guard()} lock class locks. */
  private static final Map<String, LockGroup> GUARD_CLASSES =
      Map.ofEntries(
          Map.entry("mutex", MUTEX),
          Map.entry("mutex_intr", MUTEX),
          Map.entry("spinlock", SPINLOCK),
          Map.entry("spinlock_irq", SPINLOCK),
          Map.entry("spinlock_irqsave", SPINLOCK),
          Map.entry("raw_spinlock", SPINLOCK),
          Map.entry("raw_spinlock_irq", SPINLOCK),
          Map.entry("raw_spinlock_irqsave", SPINLOCK),
          Map.entry("read_lock", RWLOCK),
          Map.entry("write_lock", RWLOCK),
          Map.entry("rwsem_read", RWSEM),
          Map.entry("rwsem_write", RWSEM),
          Map.entry("rcu", RCU),
          Map.entry("mmap_read_lock", MM),
          Map.entry("mmap_write_lock", MM));

  /** The name used in the data files: {@code mm}, {@code ptl}, {@code pte_map}. */
  public String kernelName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The group named {@code name} in the data files. */
  public static LockGroup named(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /**
   * The group a {@code guard(cls)} or {@code scoped_guard(cls, ...)} holds, for a known lock class.
   */
  public static Optional<LockGroup> ofGuardClass(String cls) {
    return Optional.ofNullable(GUARD_CLASSES.get(cls));
  }
}
