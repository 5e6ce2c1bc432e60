package org.mmreview.rules.checks.helperdoc;

/**
 * What a new function does that its callers must know and its body alone does not say well: the
 * variant of the finding and the call (or annotation) that shows it.
 *
 * @param variant the message variant of {@code undocumented-helper} that tells it
 * @param evidence the call or annotation, as written ({@code mmap_read_lock}, {@code get_file})
 */
public record Contract(String variant, String evidence) {
  public static final String LOCK_RETURNED_HELD = "lock_returned_held";
  public static final String LOCK_DROPPED = "lock_dropped";
  public static final String LOCK_EXPECTED = "lock_expected";
  public static final String REF_RETURNED = "ref_returned";
  public static final String REF_DROPPED = "ref_dropped";
}
