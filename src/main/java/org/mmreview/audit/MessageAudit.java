package org.mmreview.audit;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.MessageClassifier;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchMetadata;
import org.mmreview.intake.PublicInboxReader;
import org.mmreview.report.FileContext;
import org.mmreview.series.PatchReview;
import org.mmreview.series.PatchReviewer;
import org.mmreview.series.ReviewProblem;
import org.mmreview.store.AuditStore;
import org.mmreview.store.AuditStore.FindingRow;
import org.mmreview.store.AuditStore.MessageRecord;

/**
 * The audit's step for one message or commit: classify it and review it when it is a patch, into
 * one {@link MessageRecord} (reviewed, skipped with a reason, or failed with a diagnostic) that the
 * store writes. Pure apart from the reviewer's caches: the embedded {@code audit run}'s workers and
 * the Spark job's executors both call it, so the two cannot come to different outcomes.
 *
 * <p>Not thread-safe (the reviewer's parser and planner are not): one instance per thread.
 */
public final class MessageAudit {
  public static final String UNREADABLE = "unreadable object";
  public static final String INTERNAL = "internal error";

  /**
   * What handling one item came to.
   *
   * @param lines the diagnostics to print, one a line
   * @param inputError some input could not be read (exit status 2)
   * @param ours a defect of ours was met (exit status 3)
   */
  public record Outcome(MessageRecord record, List<String> lines, boolean inputError, boolean ours)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public Outcome {
      lines = List.copyOf(lines);
    }
  }

  private final PatchReviewer reviewer;
  private final Predicate<String> selects;
  private final String urlTemplate;
  private final String commitUrlTemplate;

  /**
   * @param selects which files of a patch are reviewed ({@link #paths})
   * @param urlTemplate the link of a mail, {@code {msgid}} replaced by its Message-ID
   * @param commitUrlTemplate the link of a commit, {@code {commit}} replaced by its id; empty for
   *     none
   */
  public MessageAudit(
      PatchReviewer reviewer,
      Predicate<String> selects,
      String urlTemplate,
      String commitUrlTemplate) {
    this.reviewer = reviewer;
    this.selects = selects;
    this.urlTemplate = urlTemplate;
    this.commitUrlTemplate = commitUrlTemplate;
  }

  /** {@code --path} as a file filter: everything when empty, else files at or under a path. */
  public static Predicate<String> paths(List<String> paths) {
    List<String> copy = List.copyOf(paths);
    return f ->
        copy.isEmpty()
            || copy.stream()
                .anyMatch(p -> f.equals(p) || f.startsWith(p.endsWith("/") ? p : p + "/"));
  }

  /**
   * The record of an archive entry known without reading its mail: one whose objects cannot be
   * read, or one removed from the archive; empty for a mail to classify ({@link #mail}).
   */
  public static Optional<Outcome> decided(long source, PublicInboxReader.Entry e) {
    if (e.unreadable().isPresent()) {
      MessageRecord r =
          record(
              source,
              e.commit(),
              e.epoch(),
              "unreadable",
              "failed",
              UNREADABLE,
              e.unreadable().get());
      return Optional.of(new Outcome(r, List.of(), true, false));
    }
    if (e.mail() == null) {
      MessageRecord r =
          record(
              source,
              e.commit(),
              e.epoch(),
              "deleted",
              "skipped",
              InboxMessage.SkipReason.DELETED.text(),
              "no 'm' in commit");
      return Optional.of(new Outcome(r, List.of(), false, false));
    }
    return Optional.empty();
  }

  /**
   * Whether an item recorded before must be handled again by a run with this tool version and rule
   * set: one never recorded, whose content changed, recorded by another tool version, or whose
   * object could not be read (it may be there now); a patch, or a commit that was not skipped, also
   * when the rule set changed (a reply or a cover letter does not depend on rules, nor does a
   * merge). The embedded audit asks it of its store, the Spark job of its previous output.
   *
   * @param digest the item's content digest now (mbox messages), empty otherwise
   */
  public static boolean again(
      Optional<AuditStore.Seen> seen, String digest, String toolVersion, String ruleSet) {
    if (seen.isEmpty()) {
      return true;
    }
    AuditStore.Seen s = seen.get();
    if (!s.digest().equals(digest) || !s.toolVersion().equals(toolVersion)) {
      return true;
    }
    if (s.outcome().equals("failed") && s.reason().equals(UNREADABLE)) {
      return true;
    }
    boolean ruleDependent =
        s.kind().equals("patch") || (s.kind().equals("commit") && !s.outcome().equals("skipped"));
    return ruleDependent && !s.ruleSet().equals(ruleSet);
  }

  /** An archive entry: {@link #decided}, else its mail classified and reviewed. */
  public Outcome entry(long source, PublicInboxReader.Entry e) {
    return decided(source, e)
        .orElseGet(() -> mail(source, e.commit(), e.epoch(), "", e.id(), e.mail(), 0));
  }

  /**
   * A mail classified and, a patch, reviewed; a defect of ours on it is contained as a {@code
   * failed} record, so that one mail never stops the others.
   *
   * @param id the mail's name in diagnostics
   * @param before lines of the mbox before the mail, for line numbers
   */
  public Outcome mail(
      long source, String item, String epoch, String digest, String id, byte[] mail, int before) {
    try {
      return classify(source, item, epoch, digest, id, mail, before);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      return contained(source, item, epoch, id, e);
    }
  }

  /** A commit of a repository (its patch read with images), reviewed; defects contained. */
  public Outcome commit(long source, String item, Patch p, List<String> notes) {
    try {
      return reviewCommit(source, item, p, notes);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      return contained(source, item, "", item, e);
    }
  }

  /** A defect of ours met on one item, as that item's record. */
  public static Outcome contained(
      long source, String item, String epoch, String name, Throwable e) {
    String text = "internal error, message skipped: " + oneLine(e);
    MessageRecord rec = record(source, item, epoch, "unreadable", "failed", INTERNAL, text);
    return new Outcome(rec, List.of(name + ": " + text), false, true);
  }

  private Outcome classify(
      long source, String item, String epoch, String digest, String id, byte[] mail, int before) {
    // replies are skipped with their thread links kept: their bodies need no decoding
    InboxMessage m = MessageClassifier.readSkippingReplyBodies(id, mail, before);
    Optional<PatchMetadata> meta = m.metadata();
    List<String> detail = new ArrayList<>(m.warnings());
    String kind;
    String outcome;
    String reason;
    List<FindingRow> found = List.of();
    String files = "";
    boolean hunkOnly = false;
    List<String> lines = new ArrayList<>();
    boolean inputError = false;
    boolean ours = false;
    switch (m.category()) {
      case REPLY -> {
        kind = "reply";
        outcome = "skipped";
        reason = "reply";
      }
      case COVER_LETTER -> {
        kind = "cover-letter";
        outcome = "skipped";
        reason = "cover letter";
      }
      case SKIPPED -> {
        InboxMessage.SkipReason r = m.reason().orElseThrow();
        kind = "skipped";
        reason = r.text();
        detail.add(0, m.detail());
        if (r == InboxMessage.SkipReason.FAILED) {
          outcome = "failed";
          reason = INTERNAL;
          ours = true;
          lines.add(id + ": " + m.detail());
        } else if (r == InboxMessage.SkipReason.UNREADABLE) {
          outcome = "failed";
          reason = UNREADABLE;
          inputError = true;
          lines.add(id + ": " + m.detail());
        } else {
          outcome = "skipped";
        }
      }
      case PATCH -> {
        kind = "patch";
        Patch p = m.patch().orElseThrow();
        Reviewed r = review(p);
        outcome = r.outcome();
        reason = r.reason();
        found = r.findings();
        files = r.files();
        hunkOnly = r.hunkOnly();
        detail.addAll(r.detail());
        lines.addAll(r.detail());
        inputError = r.inputError();
        ours = r.ours();
      }
      default -> throw new IllegalStateException("unknown category " + m.category());
    }
    PatchMetadata md = meta.orElse(PatchMetadata.none());
    String messageId = md.messageId();
    MessageRecord rec =
        new MessageRecord(
            source,
            item,
            epoch,
            digest,
            messageId,
            up(md),
            messageId.isEmpty() ? "" : mailUrl(messageId),
            md.subject(),
            md.title(),
            md.from(),
            md.date().map(d -> d.withOffsetSameInstant(ZoneOffset.UTC).toString()).orElse(null),
            kind,
            md.seriesTag().version(),
            md.seriesTag().index(),
            md.seriesTag().total(),
            outcome,
            reason,
            String.join("\n", detail.stream().filter(s -> !s.isEmpty()).toList()),
            files,
            hunkOnly,
            found);
    return new Outcome(rec, lines, inputError, ours);
  }

  private Outcome reviewCommit(long source, String item, Patch p, List<String> notes) {
    Reviewed r = review(p);
    List<String> detail = new ArrayList<>(notes);
    detail.addAll(r.detail());
    MessageRecord rec =
        commitRecord(
            source,
            item,
            p.metadata(),
            commitUrlTemplate,
            r.outcome(),
            r.reason(),
            String.join("\n", detail),
            r.files(),
            r.hunkOnly(),
            r.findings());
    return new Outcome(rec, r.detail(), r.inputError(), r.ours());
  }

  /**
   * A repository commit's row: the commit's full id names it (GitSource puts it in the Message-ID),
   * its link from {@code commitUrlTemplate} ({@code {commit}} replaced; none when either is empty).
   */
  public static MessageRecord commitRecord(
      long source,
      String item,
      PatchMetadata md,
      String commitUrlTemplate,
      String outcome,
      String reason,
      String detail,
      String files,
      boolean hunkOnly,
      List<FindingRow> findings) {
    String commit = md.messageId();
    String url =
        commitUrlTemplate.isEmpty() || commit.isEmpty()
            ? ""
            : commitUrlTemplate.replace("{commit}", commit);
    return new MessageRecord(
        source,
        item,
        "",
        "",
        commit,
        "",
        url,
        md.subject(),
        md.title(),
        md.from(),
        md.date().map(d -> d.withOffsetSameInstant(ZoneOffset.UTC).toString()).orElse(null),
        "commit",
        1,
        0,
        0,
        outcome,
        reason,
        detail,
        files,
        hunkOnly,
        findings);
  }

  /** What reviewing one patch came to. */
  private record Reviewed(
      String outcome,
      String reason,
      List<FindingRow> findings,
      String files,
      boolean hunkOnly,
      List<String> detail,
      boolean inputError,
      boolean ours) {}

  private Reviewed review(Patch p) {
    boolean any =
        p.files().stream().anyMatch(f -> selects.test(f.newPath()) || selects.test(f.oldPath()));
    if (!any) {
      return new Reviewed(
          "skipped", "no diff under the paths", List.of(), "", false, List.of(), false, false);
    }
    PatchReview r = reviewer.review(p, selects);
    List<String> detail = new ArrayList<>();
    boolean inputError = false;
    boolean ours = false;
    for (ReviewProblem problem : r.problems()) {
      detail.add(problem.text());
      inputError |= problem.kind() == ReviewProblem.Kind.INPUT_ERROR;
      ours |= problem.kind() == ReviewProblem.Kind.INTERNAL_FAILURE;
    }
    String files = String.join(" ", r.contexts().stream().map(FileContext::file).toList());
    List<FindingRow> found = r.findings().stream().map(FindingRow::of).toList();
    if (ours) {
      return new Reviewed(
          "failed", INTERNAL, found, files, !r.hunkOnly().isEmpty(), detail, false, true);
    }
    if (r.contexts().isEmpty()) {
      return new Reviewed(
          "skipped", "no C file under the paths", List.of(), "", false, detail, false, false);
    }
    return new Reviewed(
        "reviewed", "", found, files, !r.hunkOnly().isEmpty(), detail, inputError, false);
  }

  /** A record with no mail behind it (removed, unreadable, a merge commit). */
  static MessageRecord record(
      long source,
      String item,
      String epoch,
      String kind,
      String outcome,
      String reason,
      String detail) {
    return new MessageRecord(
        source, item, epoch, "", "", "", "", "", "", "", null, kind, 1, 0, 0, outcome, reason,
        detail, "", false, List.of());
  }

  /** The message a mail answers: In-Reply-To, else the last of References (as threading does). */
  private static String up(PatchMetadata md) {
    if (!md.inReplyTo().isEmpty()) {
      return md.inReplyTo();
    }
    return md.references().isEmpty() ? "" : md.references().get(md.references().size() - 1);
  }

  /** The template's URL for a Message-ID, without its angle brackets, escaped for a path. */
  String mailUrl(String messageId) {
    return mailUrl(urlTemplate, messageId);
  }

  /**
   * The row of a mail whose Message-ID was read before from another item: skipped as a duplicate,
   * naming where the first copy was read (the embedded audit and the Spark job write the same).
   */
  public static MessageRecord duplicate(
      long source,
      String item,
      String epoch,
      String digest,
      String messageId,
      String urlTemplate,
      String first) {
    return new MessageRecord(
        source,
        item,
        epoch,
        digest,
        messageId,
        "",
        mailUrl(urlTemplate, messageId),
        "",
        "",
        "",
        null,
        AuditStore.DUPLICATE,
        1,
        0,
        0,
        "skipped",
        AuditStore.DUPLICATE,
        "Message-ID " + messageId + " first read from " + first,
        "",
        false,
        List.of());
  }

  /** {@code template}'s URL for a Message-ID, without its angle brackets, escaped for a path. */
  public static String mailUrl(String template, String messageId) {
    String id = messageId.strip();
    if (id.startsWith("<") && id.endsWith(">")) {
      id = id.substring(1, id.length() - 1);
    }
    StringBuilder sb = new StringBuilder();
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      char ch = (char) (b & 0xff);
      if (ch > 0x20 && ch < 0x7f && "%/?#\"<>\\^`{|}".indexOf(ch) < 0) {
        sb.append(ch);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return template.replace("{msgid}", sb);
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
