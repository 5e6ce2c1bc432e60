package org.mmreview.intake;

/** How a file changed in a patch. */
public enum ChangeType {
  ADD,
  DELETE,
  MODIFY,
  RENAME,
  COPY
}
