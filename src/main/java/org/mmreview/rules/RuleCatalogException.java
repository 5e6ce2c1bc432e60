package org.mmreview.rules;

/** The shipped rule metadata cannot be read: a bug in the build, not in the user's input. */
public final class RuleCatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RuleCatalogException(String message) {
    super(message);
  }

  public RuleCatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
