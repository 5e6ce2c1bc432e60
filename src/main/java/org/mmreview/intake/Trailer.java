package org.mmreview.intake;

/** A commit-message trailer such as {@code Signed-off-by: A <a@b>}. */
public record Trailer(String key, String value) {}
