package org.mmreview.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One message of an archive or mbox and what intake made of it: every message is accounted for as a
 * patch, a reply, a cover letter, or skipped with a reason.
 *
 * @param id where it came from ({@code archive@commit}, {@code mbox#N}, file name)
 * @param patch the decoded mail as a patch (files empty for replies and cover letters); empty only
 *     for undecodable or deleted messages
 * @param reason for skipped messages, why (see {@link SkipReason}); empty otherwise
 * @param detail the diagnostic text for skipped messages
 * @param warnings decoding oddities that were handled (invalid date offset, bad base64)
 */
public record InboxMessage(
    String id,
    Category category,
    Optional<Patch> patch,
    Optional<SkipReason> reason,
    String detail,
    List<String> warnings) {

  public InboxMessage {
    warnings = List.copyOf(warnings);
  }

  /** What a message is. */
  public enum Category {
    PATCH,
    REPLY,
    COVER_LETTER,
    SKIPPED
  }

  /** Why a message was skipped. */
  public enum SkipReason {
    UNDECODABLE("undecodable mail"),
    DELETED("removed from the archive"),
    MALFORMED_DIFF("malformed diff"),
    PATCH_WITHOUT_DIFF("[PATCH] subject but no diff"),
    NOT_A_PATCH("new thread without a diff (discussion, report, announcement)"),
    /** The archive could not give the mail: an object a partial clone lacks, a damaged pack. */
    UNREADABLE("unreadable object"),
    /** Reading the mail tripped a defect of ours; contained to this one message. */
    FAILED("internal error");

    private final String text;

    SkipReason(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** The same message with one more handled oddity. */
  public InboxMessage withWarning(String warning) {
    List<String> w = new ArrayList<>(warnings);
    w.add(warning);
    return new InboxMessage(id, category, patch, reason, detail, w);
  }

  /** True for replies and patches that carry at least one file diff. */
  public boolean hasDiff() {
    return patch.map(p -> !p.files().isEmpty()).orElse(false);
  }

  public Optional<PatchMetadata> metadata() {
    return patch.map(Patch::metadata);
  }
}
