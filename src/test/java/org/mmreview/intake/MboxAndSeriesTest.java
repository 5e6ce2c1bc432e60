package org.mmreview.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mmreview.intake.InboxMessage.Category;

class MboxAndSeriesTest {

  private static List<InboxMessage> read() throws Exception {
    List<byte[]> mails = MboxReader.read(Fixtures.path("series.mbox"));
    List<InboxMessage> out = new ArrayList<>();
    for (int i = 0; i < mails.size(); i++) {
      out.add(MessageClassifier.read("series.mbox#" + (i + 1), mails.get(i)));
    }
    return out;
  }

  @Test
  void splitsAtFromLinesAndUnquotesFrom() throws Exception {
    List<byte[]> mails = MboxReader.read(Fixtures.path("series.mbox"));
    assertEquals(9, mails.size());
    String second = new String(mails.get(1), StandardCharsets.UTF_8);
    assertTrue(second.contains("\nFrom the start this was wrong.\n"), second);
    assertTrue(second.startsWith("From: Jane Dev"), second);
  }

  @Test
  void patchLinesCountInTheWholeMbox() throws Exception {
    List<MboxReader.Message> ms = MboxReader.messages(Fixtures.bytes("series.mbox"));
    assertEquals(1, ms.get(0).linesBefore());
    assertEquals(13, ms.get(1).linesBefore());
    MailParser.ParsedMail m = MailParser.parse(ms.get(1).data(), "x", ms.get(1).linesBefore());
    HunkLine added = m.patch().files().get(0).hunks().get(0).lines().get(2);
    assertEquals("a = 2;", added.text());
    assertEquals(34, added.patchLine()); // grep -n '^+a = 2;$' series.mbox
  }

  @Test
  void crlfMboxSplitsToo() {
    String mbox =
        "From a@b Mon Oct  2 10:00:00 2023\r\nSubject: one\r\n\r\nbody\r\n\r\n"
            + "From a@b Mon Oct  2 10:00:00 2023\r\nSubject: two\r\n\r\n>From here\r\n";
    List<byte[]> mails = MboxReader.split(mbox.getBytes(StandardCharsets.UTF_8));
    assertEquals(2, mails.size());
    assertTrue(new String(mails.get(1), StandardCharsets.UTF_8).contains("\r\nFrom here"));
  }

  @Test
  void everyMessageIsClassified() throws Exception {
    List<InboxMessage> ms = read();
    Map<Category, Long> counts =
        ms.stream().collect(Collectors.groupingBy(InboxMessage::category, Collectors.counting()));
    assertEquals(5L, counts.get(Category.PATCH));
    assertEquals(2L, counts.get(Category.COVER_LETTER));
    assertEquals(1L, counts.get(Category.REPLY));
    assertEquals(1L, counts.get(Category.SKIPPED));
    InboxMessage reply = ms.get(3);
    assertEquals(Category.REPLY, reply.category());
    assertTrue(reply.patch().orElseThrow().files().isEmpty(), "a quoted patch is not a patch");
    assertEquals(InboxMessage.SkipReason.NOT_A_PATCH, ms.get(8).reason().orElseThrow());
    PatchMetadata rfc = ms.get(7).metadata().orElseThrow();
    assertTrue(rfc.seriesTag().rfc() && rfc.seriesTag().resend());
  }

  @Test
  void groupsSeriesAndLinksVersions() throws Exception {
    List<InboxMessage> ms = read();
    ThreadGrouper.Grouping g = ThreadGrouper.group(ms);
    // v1 and v2 live in one thread (v2's cover answers v1's), the RFC and the question alone
    assertEquals(3, g.threads().size());
    assertEquals(3, g.series().size());
    ThreadGrouper.Series v1 = g.series().get(0);
    assertEquals(1, v1.version());
    assertEquals(2, v1.total());
    assertEquals("series.mbox#1", v1.coverLetter().orElseThrow());
    assertEquals(List.of("series.mbox#2", "series.mbox#3"), v1.patches());
    assertTrue(v1.complete());
    ThreadGrouper.Series v2 = g.series().get(1);
    assertEquals(2, v2.version());
    assertEquals(List.of("series.mbox#6", "series.mbox#7"), v2.patches());
    ThreadGrouper.SeriesFamily family = g.families().get(0);
    assertEquals("mm: tidy the things", family.title());
    assertEquals(
        List.of(1, 2), family.versions().stream().map(ThreadGrouper.Series::version).toList());

    IntakeStats st = IntakeStats.of(ms, g);
    assertEquals(9, st.messages());
    assertEquals(st.messages(), st.patches() + st.replies() + st.coverLetters() + st.skipped());
    assertEquals(1, st.familiesWithSeveralVersions());
    assertTrue(st.render().contains("skipped: 1"), st.render());
  }
}
