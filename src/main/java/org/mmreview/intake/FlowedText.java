package org.mmreview.intake;

/**
 * Undoes RFC 3676 format=flowed the way {@code git mailinfo} does: soft line breaks (a line ending
 * in a space) are joined, space-stuffing is removed, {@code delsp=yes} drops the space.
 */
final class FlowedText {
  private FlowedText() {}

  static String unflow(String text, boolean delsp) {
    StringBuilder out = new StringBuilder(text.length());
    StringBuilder pending = new StringBuilder();
    String[] lines = text.split("\n", -1);
    int n = text.endsWith("\n") ? lines.length - 1 : lines.length;
    for (int i = 0; i < n; i++) {
      String line = lines[i];
      if (line.equals("-- ")) {
        if (pending.length() > 0) {
          out.append(pending).append('\n');
          pending.setLength(0);
        }
        out.append(line).append('\n');
        continue;
      }
      if (line.startsWith(" ")) {
        line = line.substring(1);
      }
      if (line.endsWith(" ")) {
        pending.append(delsp ? line.substring(0, line.length() - 1) : line);
        continue;
      }
      out.append(pending).append(line).append('\n');
      pending.setLength(0);
    }
    if (pending.length() > 0) {
      out.append(pending).append('\n');
    }
    return out.toString();
  }
}
