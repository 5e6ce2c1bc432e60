package org.mmreview.kernel;

import java.util.Locale;

/** The kind of a lock, and the {@link LockGroup} it belongs to. Named in {@code lock-apis.yaml}. */
public enum LockFamily {
  MMAP(LockGroup.MM),
  VMA(LockGroup.MM),
  PTL(LockGroup.PTL),
  PTE_MAP(LockGroup.PTE_MAP),
  SPINLOCK(LockGroup.SPINLOCK),
  RWLOCK(LockGroup.RWLOCK),
  RWSEM(LockGroup.RWSEM),
  MUTEX(LockGroup.MUTEX),
  RCU(LockGroup.RCU),
  FOLIO(LockGroup.FOLIO),
  ANON_VMA(LockGroup.ANON_VMA),
  I_MMAP(LockGroup.I_MMAP);

  private final LockGroup group;

  LockFamily(LockGroup group) {
    this.group = group;
  }

  public LockGroup group() {
    return group;
  }

  /** The name used in the data files: {@code mmap}, {@code vma}, {@code spinlock}. */
  public String kernelName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The family named {@code name} in the data files. */
  public static LockFamily named(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
