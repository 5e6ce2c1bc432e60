package org.mmreview.intake;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A decoded mail: the headers a reviewer needs and the body as text (transfer encoding, charset,
 * multipart, CRLF and format=flowed undone).
 *
 * @param headerLines number of raw lines before the body (for patch-line numbering)
 * @param warnings things that were odd but handled (invalid date, bad base64, unknown charset)
 */
public record MailMessage(
    String from,
    List<String> to,
    List<String> cc,
    Optional<OffsetDateTime> date,
    String rawDate,
    String subject,
    String messageId,
    String inReplyTo,
    List<String> references,
    String body,
    int headerLines,
    List<String> warnings) {

  public MailMessage {
    // recipients and references read on first use stay so (LazyList is unmodifiable)
    to = to instanceof LazyList ? to : List.copyOf(to);
    cc = cc instanceof LazyList ? cc : List.copyOf(cc);
    references = references instanceof LazyList ? references : List.copyOf(references);
    warnings = List.copyOf(warnings);
  }
}
