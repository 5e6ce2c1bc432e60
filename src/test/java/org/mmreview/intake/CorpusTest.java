package org.mmreview.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mmreview.testing.Corpus;

/**
 * The real archive: every message of the shared corpus accounted for, without an exception. Skips
 * (visibly) when {@code ../shared/corpus} is absent. The byte-identity check against git lives in
 * {@code bench/intake-corpus.sh}.
 */
class CorpusTest {
  static final String BUNDLE = "linux-kselftest-mm-2019-2023.bundle";

  static Optional<Path> corpus() throws Exception {
    return Corpus.inbox();
  }

  @Test
  void everyMessageOfTheCorpusIsAccountedFor() throws Exception {
    Optional<Path> inbox = corpus();
    Assumptions.assumeTrue(
        inbox.isPresent(), "shared corpus not present: real-archive test skipped");
    PatchSource.Result r =
        PatchSource.read(
            new PatchSource.Request(
                List.of(),
                List.of(),
                inbox,
                "",
                Optional.empty(),
                Optional.empty(),
                List.of(),
                false,
                false,
                Optional.empty(),
                0));
    IntakeStats st = IntakeStats.of(r.messages(), ThreadGrouper.group(r.messages()));
    System.err.print("CorpusTest:\n" + st.render());
    assertEquals(5404, st.messages());
    assertEquals(st.messages(), st.patches() + st.replies() + st.coverLetters() + st.skipped());
    assertTrue(st.patches() > 2000, st.render());
    assertTrue(st.coverLetters() > 100, st.render());
    assertTrue(st.skipped() < 20, st.render());
    assertTrue(st.patchesTouchingMm() > 500, st.render());
    assertTrue(st.series() > 100 && st.familiesWithSeveralVersions() > 10, st.render());
    assertTrue(
        st.warnings().keySet().stream().anyMatch(w -> w.contains("+2100")),
        st.warnings().toString());
    assertTrue(
        r.messages().stream()
            .noneMatch(
                m -> m.reason().map(x -> x == InboxMessage.SkipReason.UNDECODABLE).orElse(false)));
  }

  /**
   * The audit's shortcut (a reply told from its headers, its body not decoded) must classify every
   * mail as the whole read does, and keep the same thread links.
   */
  @Test
  void replyShortcutClassifiesAsTheWholeRead() throws Exception {
    Optional<Path> inbox = corpus();
    Assumptions.assumeTrue(
        inbox.isPresent(), "shared corpus not present: real-archive test skipped");
    int replies = 0;
    int i = 0;
    for (byte[] raw : Corpus.sampleMails(inbox.get(), 3)) {
      String id = "mail " + i++;
      InboxMessage whole = MessageClassifier.read(id, raw);
      InboxMessage quick = MessageClassifier.readSkippingReplyBodies(id, raw, 0);
      assertEquals(whole.category(), quick.category(), id);
      assertEquals(whole.reason(), quick.reason(), id);
      PatchMetadata w = whole.metadata().orElse(PatchMetadata.none());
      PatchMetadata q = quick.metadata().orElse(PatchMetadata.none());
      assertEquals(w.messageId(), q.messageId(), id);
      assertEquals(w.inReplyTo(), q.inReplyTo(), id);
      assertEquals(w.references(), q.references(), id);
      assertEquals(w.subject(), q.subject(), id);
      assertEquals(w.date(), q.date(), id);
      if (whole.category() == InboxMessage.Category.REPLY) {
        // the shortcut reads no body, so it may only drop warnings, never invent one
        assertTrue(whole.warnings().containsAll(quick.warnings()), id + ": " + quick.warnings());
      }
      if (whole.category() == InboxMessage.Category.REPLY) {
        replies++;
      } else {
        assertEquals(paths(whole), paths(quick), id);
      }
    }
    assertTrue(replies > 500, "replies in the sample: " + replies);
  }

  private static List<String> paths(InboxMessage m) {
    return m.patch()
        .map(p -> p.files().stream().map(f -> f.newPath() + ":" + f.hunks().size()).toList())
        .orElse(List.of());
  }
}
