package org.mmreview.intake;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.message.HeaderImpl;
import org.apache.james.mime4j.stream.DefaultFieldBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.ByteArrayBuffer;

/**
 * A header block read into a mime4j {@link Header} by mime4j's own field builder, without its
 * entity parser: a mail read for its headers alone (a reply in an audit) spent most of its decoding
 * in the stream machinery around the builder. The header answers {@code getField} and {@code
 * getFields} as the header of a mail mime4j decoded from the same block does.
 */
final class HeaderFields {
  private HeaderFields() {}

  /**
   * The fields of {@code block}, up to its blank line or its end. A field is a line and the lines
   * after it starting with a space or a tab; one mime4j refuses (no colon, a bad character in its
   * name) is dropped, as mime4j's parser drops it.
   */
  static Header read(byte[] block) {
    Header header = new HeaderImpl();
    DefaultFieldBuilder builder = new DefaultFieldBuilder(-1);
    boolean open = false;
    int line = 0;
    while (line < block.length) {
      int next = line;
      while (next < block.length && block[next] != '\n') {
        next++;
      }
      next = Math.min(next + 1, block.length);
      int end = next;
      if (end > line && block[end - 1] == '\n') {
        end--;
      }
      if (end > line && block[end - 1] == '\r') {
        end--;
      }
      if (end == line) {
        break; // the blank line
      }
      boolean continuation = open && (block[line] == ' ' || block[line] == '\t');
      if (!continuation) {
        if (open) {
          add(builder, header);
        }
        builder.reset();
        open = true;
      }
      ByteArrayBuffer bytes = new ByteArrayBuffer(next - line);
      bytes.append(block, line, next - line);
      try {
        builder.append(bytes);
      } catch (MimeException e) {
        throw new IllegalStateException("no header length limit is set", e);
      }
      line = next;
    }
    if (open) {
      add(builder, header);
    }
    return header;
  }

  private static void add(DefaultFieldBuilder builder, Header header) {
    try {
      Field f = builder.build();
      if (f != null) {
        header.addField(f);
      }
    } catch (MimeException e) {
      // mime4j's parser skips a field it cannot build
    }
  }
}
