package org.mmreview.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an mbox splits, as {@code git mailsplit} splits it: only at a {@code From } line that looks
 * like an mbox separator (sender, then a time and a year), never at body lines such as {@code From
 * the start, ...}, which {@code git format-patch} writes unescaped.
 */
class MboxSplitTest {
  @TempDir Path dir;

  static String patch(String separator, int n, String message) {
    return separator
        + "\n"
        + "From: Jane Dev <jane@example.org>\n"
        + "Date: Mon, 2 Oct 2023 10:00:00 +0200\n"
        + "Subject: [PATCH "
        + n
        + "/3] mm: change "
        + n
        + "\n"
        + "Message-ID: <p"
        + n
        + "@example.org>\n"
        + "\n"
        + message
        + "\n"
        + "Signed-off-by: Jane Dev <jane@example.org>\n"
        + "---\n"
        + " mm/f"
        + n
        + ".c | 2 +-\n"
        + " 1 file changed, 1 insertion(+), 1 deletion(-)\n"
        + "\n"
        + "diff --git a/mm/f"
        + n
        + ".c b/mm/f"
        + n
        + ".c\n"
        + "--- a/mm/f"
        + n
        + ".c\n"
        + "+++ b/mm/f"
        + n
        + ".c\n"
        + "@@ -1,3 +1,3 @@\n"
        + " first\n"
        + "-a = 1;\n"
        + "+a = 2;\n"
        + " third\n"
        + "-- \n"
        + "2.42.0\n"
        + "\n";
  }

  static final String TRICKY_MESSAGE =
      "Fix the fault path.\n"
          + "\n"
          + "From the start, the fault path ignored the flag.\n"
          + "\n"
          + "From: x\n"
          + "\n"
          + "From 1234 is not a date, and neither is\n"
          + "\n"
          + "From me at 10:00:00 on a Monday.\n"
          + "\n"
          + ">From an mboxrd-quoted line.\n"
          + ">>From a twice-quoted line.\n";

  static String mbox() {
    return patch(
            "From 1234abcd1234abcd1234abcd1234abcd1234abcd Mon Sep 17 00:00:00 2001", 1, "First.\n")
        + patch(
            "From 2234abcd1234abcd1234abcd1234abcd1234abcd Mon Sep 17 00:00:00 2001",
            2,
            TRICKY_MESSAGE)
        + patch("From user@example.com Thu Jan  1 00:00:00 1970", 3, "Third.\n");
  }

  @Test
  void bodyLinesStartingWithFromDoNotSplit() {
    List<byte[]> mails = MboxReader.split(mbox().getBytes(StandardCharsets.UTF_8));
    assertEquals(3, mails.size());
    String second = new String(mails.get(1), StandardCharsets.UTF_8);
    assertTrue(second.startsWith("From: Jane Dev"), second);
    assertTrue(second.contains("\n\nFrom the start, the fault path ignored the flag.\n"), second);
    assertTrue(second.contains("\n\nFrom: x\n"), second);
    assertTrue(
        second.contains("\nFrom an mboxrd-quoted line.\n>From a twice-quoted line.\n"), second);
  }

  @Test
  void everyPatchOfTheMboxIsReadWhole() throws Exception {
    Path f = dir.resolve("series.mbox");
    Files.writeString(f, mbox());
    PatchSource.Result r =
        PatchSource.read(
            new PatchSource.Request(
                List.of(),
                List.of(f),
                Optional.empty(),
                "",
                Optional.empty(),
                Optional.empty(),
                List.of(),
                false,
                false,
                Optional.empty(),
                0));
    assertEquals(List.of(), r.diagnostics());
    assertEquals(3, r.messages().size());
    assertEquals(3, r.patches().size());
    for (int i = 0; i < 3; i++) {
      Patch p = r.patches().get(i);
      assertEquals("mm/f" + (i + 1) + ".c", p.files().get(0).path());
      assertEquals(1, p.files().get(0).hunks().size());
    }
    String message = r.patches().get(1).metadata().commitMessage();
    assertTrue(message.contains("From the start, the fault path ignored the flag."), message);
    assertTrue(message.contains("From me at 10:00:00 on a Monday."), message);
  }

  @Test
  void separatorsLookLikeMboxFromLines() {
    for (String yes :
        List.of(
            "From 1234abcd Mon Sep 17 00:00:00 2001",
            "From user@example.com Thu Jan  1 00:00:00 1970",
            "From MAILER-DAEMON Fri Jul  8 12:08:34 2011",
            "From jane@example.org Wed Dec 12 09:00:00 +0000 2012",
            "From v1-0@example.org Mon Oct  2 10:00:00 2023\r")) {
      assertTrue(MboxReader.isSeparator(yes), yes);
    }
    for (String no :
        List.of(
            "From the start, the fault path ignored the flag.",
            "From: x",
            "From 1234 is not a date",
            "From me at 10:00:00 on a Monday.",
            "From 12:00:00",
            "From x 10:00:00",
            "From  Mon Sep 17 00:00:00 2001",
            ">From 1234abcd Mon Sep 17 00:00:00 2001",
            "From x Mon Sep 17 00:00:00 2001" + " padding".repeat(200))) {
      assertFalse(MboxReader.isSeparator(no), no);
    }
  }

  @Test
  void aFileStartingWithProseIsNotAnMbox() {
    assertFalse(MboxReader.looksLikeMbox("From the start\n".getBytes(StandardCharsets.UTF_8)));
    assertTrue(MboxReader.looksLikeMbox(mbox().getBytes(StandardCharsets.UTF_8)));
  }
}
