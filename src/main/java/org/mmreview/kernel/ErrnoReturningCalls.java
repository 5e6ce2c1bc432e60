package org.mmreview.kernel;

import java.util.Set;

/**
 * Kernel functions outside mm/ whose int result is 0 or a negative errno that carries information
 * (the callee's own -ENOMEM, -EEXIST, -EBUSY, ...), so a caller that tests it and reports another
 * constant, or swallows it in a {@code WARN_ON()}, loses the cause. Left out on purpose: the
 * sleeping locks ({@code mutex_lock_interruptible()} returning -EINTR is translated to -ERESTARTSYS
 * by long-standing idiom), {@code copy_*_user()} (a byte count, not an errno) and the {@code
 * kstrto*()} parsers (sysfs handlers return -EINVAL for any malformed input by convention).
 */
public final class ErrnoReturningCalls {
  private static final Set<String> NAMES =
      Set.of(
          "misc_register",
          "register_filesystem",
          "register_chrdev_region",
          "alloc_chrdev_region",
          "cdev_add",
          "device_add",
          "device_register",
          "bus_register",
          "class_register",
          "driver_register",
          "platform_driver_register",
          "platform_device_add",
          "kobject_init_and_add",
          "kobject_add",
          "sysfs_create_group",
          "sysfs_create_groups",
          "sysfs_create_file",
          "sysfs_create_link",
          "register_pernet_subsys",
          "register_shrinker",
          "vm_insert_page",
          "remap_pfn_range",
          "rhashtable_init",
          "register_memory_notifier",
          "register_reboot_notifier");

  private ErrnoReturningCalls() {}

  /** True when {@code name} is a kernel function known to return 0 or a negative errno. */
  public static boolean returnsErrno(String name) {
    return NAMES.contains(name);
  }
}
