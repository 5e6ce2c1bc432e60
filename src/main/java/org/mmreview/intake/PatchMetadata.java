package org.mmreview.intake;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * What a reviewer reads around the diff.
 *
 * @param date parsed date, empty when absent or invalid (the raw text stays in {@code rawDate})
 * @param title subject without {@code Re:} and bracket tags
 * @param commitMessage the message body above the patch separator
 */
public record PatchMetadata(
    String from,
    List<String> to,
    List<String> cc,
    Optional<OffsetDateTime> date,
    String rawDate,
    String subject,
    String title,
    SeriesTag seriesTag,
    boolean reply,
    String messageId,
    String inReplyTo,
    List<String> references,
    String commitMessage,
    List<Trailer> trailers,
    Optional<String> baseCommit) {

  public PatchMetadata {
    // a mail's recipients stay lazy (LazyList is unmodifiable already): copying them here decoded
    // every mail's To and Cc, which only the bot reads
    to = to instanceof LazyList<String> ? to : List.copyOf(to);
    cc = cc instanceof LazyList<String> ? cc : List.copyOf(cc);
    references = references instanceof LazyList<String> ? references : List.copyOf(references);
    trailers = trailers instanceof LazyList<Trailer> ? trailers : List.copyOf(trailers);
    from = from == null ? "" : from;
    rawDate = rawDate == null ? "" : rawDate;
    subject = subject == null ? "" : subject;
    title = title == null ? "" : title;
    messageId = messageId == null ? "" : messageId;
    inReplyTo = inReplyTo == null ? "" : inReplyTo;
    commitMessage = commitMessage == null ? "" : commitMessage;
  }

  /** Metadata for a bare diff with no mail or commit around it. */
  public static PatchMetadata none() {
    return new PatchMetadata(
        "",
        List.of(),
        List.of(),
        Optional.empty(),
        "",
        "",
        "",
        SeriesTag.NONE,
        false,
        "",
        "",
        List.of(),
        "",
        List.of(),
        Optional.empty());
  }

  /** Values of every trailer with this key (case-insensitive). */
  public List<String> trailers(String key) {
    return trailers.stream()
        .filter(t -> t.key().equalsIgnoreCase(key))
        .map(Trailer::value)
        .toList();
  }
}
