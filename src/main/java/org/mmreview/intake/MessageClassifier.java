package org.mmreview.intake;

import java.util.List;
import java.util.Optional;
import org.mmreview.intake.InboxMessage.Category;
import org.mmreview.intake.InboxMessage.SkipReason;

/**
 * Tells patches from replies and cover letters. A reply is judged by its subject or its threading
 * headers, never by diff-like lines: a patch quoted in a reply ({@code > +foo}) has no diff header
 * at the start of a line, so it never reads as a patch.
 */
public final class MessageClassifier {
  private MessageClassifier() {}

  /** Classifies a decoded mail. */
  public static InboxMessage classify(String id, MailParser.ParsedMail parsed) {
    Patch patch = parsed.patch();
    PatchMetadata meta = patch.metadata();
    DiffParser.Result diff = parsed.diff();
    List<String> w = parsed.mail().warnings();
    if (meta.reply()) {
      // replies may carry a counter-proposal diff; a broken one is not reported against them
      Patch kept = diff.ok() ? patch : patch.withFiles(List.of());
      return new InboxMessage(id, Category.REPLY, Optional.of(kept), Optional.empty(), "", w);
    }
    if (meta.seriesTag().isCoverLetter()) {
      return new InboxMessage(
          id,
          Category.COVER_LETTER,
          Optional.of(patch.withFiles(List.of())),
          Optional.empty(),
          "",
          w);
    }
    if (!diff.ok()) {
      return skipped(id, patch, SkipReason.MALFORMED_DIFF, String.join("; ", diff.problems()), w);
    }
    if (!patch.files().isEmpty()) {
      return new InboxMessage(id, Category.PATCH, Optional.of(patch), Optional.empty(), "", w);
    }
    if (!meta.inReplyTo().isEmpty()) {
      return new InboxMessage(id, Category.REPLY, Optional.of(patch), Optional.empty(), "", w);
    }
    if (meta.seriesTag().patch()) {
      return skipped(
          id, patch, SkipReason.PATCH_WITHOUT_DIFF, "no diff found after the commit message", w);
    }
    return skipped(id, patch, SkipReason.NOT_A_PATCH, "no diff, not a reply", w);
  }

  static InboxMessage skipped(String id, Patch patch, SkipReason reason, String detail) {
    return skipped(id, patch, reason, detail, List.of());
  }

  static InboxMessage skipped(
      String id, Patch patch, SkipReason reason, String detail, List<String> warnings) {
    return new InboxMessage(
        id, Category.SKIPPED, Optional.ofNullable(patch), Optional.of(reason), detail, warnings);
  }

  /** Reads and classifies raw mail bytes; never throws. */
  public static InboxMessage read(String id, byte[] raw) {
    return read(id, raw, 0);
  }

  /**
   * As {@link #read(String, byte[])} for a mail that starts after {@code linesBefore} lines. A
   * failure of ours on this one mail, even a StackOverflowError or OutOfMemoryError of an absurd
   * message, is a skip with its reason, so an archive walk goes on past it.
   */
  public static InboxMessage read(String id, byte[] raw, int linesBefore) {
    try {
      return classify(id, MailParser.parse(raw, id, linesBefore));
    } catch (MailParser.UndecodableMailException e) {
      return skipped(id, null, SkipReason.UNDECODABLE, e.getMessage());
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      return skipped(id, null, SkipReason.FAILED, failure(e));
    }
  }

  /**
   * As {@link #read(String, byte[], int)}, but a reply is told from its headers alone and its body
   * is not decoded: for callers that skip replies and keep only their thread links (the audit). The
   * category is the same as {@code read}'s, since a reply is judged by its header subject; a reply
   * so read has no body, no commit message and no body warnings.
   */
  public static InboxMessage readSkippingReplyBodies(String id, byte[] raw, int linesBefore) {
    Optional<String> plainSubject = MailParser.plainHeaderSubject(raw);
    if (plainSubject.isPresent() && !SubjectParser.parse(plainSubject.get()).reply()) {
      // not a reply, told from a plain subject without a MIME parse: decoded once, whole
      return read(id, raw, linesBefore);
    }
    try {
      MailMessage head = MailParser.decodeHeaders(raw, linesBefore);
      // a plain subject read as a reply above decodes to itself: it need not be parsed again
      boolean reply =
          (plainSubject.isPresent() && plainSubject.get().equals(head.subject()))
              || SubjectParser.parse(head.subject()).reply();
      if (reply) {
        return classify(id, MailParser.read(head, id));
      }
    } catch (MailParser.UndecodableMailException | RuntimeException | StackOverflowError e) {
      // the whole read below says what is wrong with it, as it would without this shortcut
    }
    return read(id, raw, linesBefore);
  }

  /** A contained failure in one line: what was thrown and where, no stack trace. */
  static String failure(Throwable e) {
    StringBuilder sb = new StringBuilder("internal error: ").append(e.getClass().getSimpleName());
    String m = e.getMessage();
    if (m != null && !m.isBlank()) {
      String line = m.strip().replaceAll("\\s*\\R\\s*", " ");
      sb.append(": ").append(line.length() > 200 ? line.substring(0, 197) + "..." : line);
    }
    // where in our code it failed: the JDK frame on top (parseInt, ArrayList.get) says little
    StackTraceElement[] trace = e.getStackTrace();
    StackTraceElement at = trace.length == 0 ? null : trace[0];
    for (StackTraceElement f : trace) {
      if (f.getClassName().startsWith("org.mmreview.")) {
        at = f;
        break;
      }
    }
    if (at != null) {
      sb.append(" (at ")
          .append(at.getClassName().replaceAll(".*\\.", ""))
          .append('.')
          .append(at.getMethodName())
          .append(')');
    }
    return sb.toString();
  }
}
