package org.mmreview.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.MessageClassifier;
import org.mmreview.intake.PatchSource;

/**
 * Mails with NUL bytes, lines over 64 KiB, binary garbage, absurd headers and nesting: intake never
 * throws on them and accounts for each as a patch, reply, cover letter or a skip with its reason,
 * in an mbox next to good patches and in a public-inbox archive alike.
 */
class HostileMailTest {
  @TempDir Path dir;

  private static final String LONG = "x".repeat(100 * 1024);

  private static String patchMail(String subject, String message, String diffExtra) {
    return "From: Jane Doe <jane@example.org>\n"
        + "Date: Mon, 2 Jan 2023 10:00:00 +0000\n"
        + "Subject: "
        + subject
        + "\n"
        + "Message-ID: <"
        + Integer.toHexString(subject.hashCode())
        + "."
        + message.length()
        + "@example.org>\n"
        + "\n"
        + message
        + "\n"
        + "\n"
        + "Signed-off-by: Jane Doe <jane@example.org>\n"
        + "---\n"
        + "diff --git a/mm/hostile.c b/mm/hostile.c\n"
        + "--- a/mm/hostile.c\n"
        + "+++ b/mm/hostile.c\n"
        + "@@ -1,3 +1,3 @@\n"
        + " int a;\n"
        + "-int b;\n"
        + "+int b"
        + diffExtra
        + ";\n"
        + " int c;\n";
  }

  /** Hostile mails by name, each expected to come out as a patch or else a skip. */
  static Map<String, byte[]> hostileMails() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("nul in message", utf8(patchMail("[PATCH] mm: nul", "a\u0000b", "")));
    m.put("nul in diff", utf8(patchMail("[PATCH] mm: nul diff", "nul diff", "\u0000")));
    m.put("long message line", utf8(patchMail("[PATCH] mm: long", LONG, "")));
    m.put("long diff line", utf8(patchMail("[PATCH] mm: long diff", "long diff", LONG)));
    m.put("long subject", utf8(patchMail("[PATCH] mm: " + LONG, "long subject", "")));
    m.put(
        "long header",
        utf8("X-Junk: " + LONG + "\n" + patchMail("[PATCH] mm: junk header", "j", "")));
    m.put("many reply prefixes", utf8(patchMail("Re: ".repeat(50_000) + "[PATCH] x", "re", "")));
    m.put("many brackets", utf8(patchMail("[PATCH] ".repeat(50_000) + "x", "brackets", "")));
    m.put("huge version", utf8(patchMail("[PATCHv99999999999 1/99999999999] mm: v", "v", "")));
    m.put(
        "huge hunk count",
        utf8(
            patchMail("[PATCH] mm: count", "count", "")
                .replace("@@ -1,3 +1,3 @@", "@@ -1,5000000 +1,5000000 @@")));
    m.put(
        "bad utf-8",
        concat(
            utf8(patchMail("[PATCH] mm: bytes", "bytes", "")),
            new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, '\n'}));
    m.put(
        "lone CRs",
        utf8(patchMail("[PATCH] mm: cr", "a\rb\rc", "").replace("\n---\n", "\r\n---\r\r\n")));
    m.put("headers only", utf8("From: a <a@b>\nSubject: [PATCH] nothing\n"));
    m.put("no headers", utf8("just some text\nwithout headers\n"));
    m.put("empty", new byte[0]);
    m.put("binary", random(64 * 1024));
    m.put(
        "bad base64",
        utf8(
            "From: a <a@b>\nSubject: [PATCH] b64\nContent-Transfer-Encoding: base64\n\n"
                + "!!!!not base64 at all\u0000\n"));
    m.put("deep multipart", deepMultipart(20_000));
    m.put("nested multipart", deepMultipart(150));
    m.put("many parts", manyParts(20_000));
    return m;
  }

  @Test
  void everyHostileMailIsAccountedForAndNeverThrows() {
    for (Map.Entry<String, byte[]> e : hostileMails().entrySet()) {
      InboxMessage m =
          assertTimeoutPreemptively(
              Duration.ofSeconds(20),
              () -> MessageClassifier.read(e.getKey(), e.getValue()),
              e.getKey());
      assertTrue(
          m.category() != InboxMessage.Category.SKIPPED || m.reason().isPresent(), e.getKey());
      if (e.getKey().startsWith("nul")
          || e.getKey().startsWith("long")
          || e.getKey().startsWith("bad utf")
          || e.getKey().startsWith("huge version")
          || e.getKey().startsWith("many b")
          || e.getKey().startsWith("many p")) {
        assertEquals(InboxMessage.Category.PATCH, m.category(), e.getKey() + ": " + m.detail());
        assertEquals("mm/hostile.c", m.patch().orElseThrow().files().get(0).path(), e.getKey());
      }
      if (e.getKey().equals("deep multipart")) {
        assertEquals(InboxMessage.SkipReason.UNDECODABLE, m.reason().orElseThrow(), m.detail());
      }
      if (e.getKey().equals("nested multipart")) {
        assertTrue(m.patch().orElseThrow().patchText().contains("hello"), m.detail());
      }
    }
  }

  @Test
  void hostileMailsInAnMboxLoseNoGoodPatch() throws Exception {
    Map<String, byte[]> hostile = hostileMails();
    ByteArrayOutputStream mbox = new ByteArrayOutputStream();
    int good = 0;
    for (byte[] mail : hostile.values()) {
      good++;
      mbox.write(utf8("From good" + good + "@example.org Mon Jan  2 10:00:00 2023\n"));
      mbox.write(utf8(patchMail("[PATCH] mm: good " + good, "good " + good, "")));
      mbox.write('\n');
      mbox.write(utf8("From hostile@example.org Mon Jan  2 10:00:00 2023\n"));
      mbox.write(mail);
      mbox.write('\n');
    }
    Path f = dir.resolve("hostile.mbox");
    Files.write(f, mbox.toByteArray());
    PatchSource.Result r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () ->
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
                        0)));
    // the binary mail may hold bytes that read as a separator; every other one is one message
    assertTrue(r.messages().size() >= 2 * hostile.size(), r.messages().size() + " messages");
    long goodPatches =
        r.patches().stream()
            .filter(p -> p.metadata().subject().startsWith("[PATCH] mm: good "))
            .count();
    assertEquals(hostile.size(), goodPatches);
    for (InboxMessage m : r.messages()) {
      assertTrue(m.category() != InboxMessage.Category.SKIPPED || m.reason().isPresent(), m.id());
    }
  }

  @Test
  void hostileMailsInAnArchiveAreEachOneMessage() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    List<byte[]> mails = new ArrayList<>(hostileMails().values());
    try (Repository repo =
        new FileRepositoryBuilder().setGitDir(inbox.toFile()).setBare().build()) {
      repo.create(true);
      for (byte[] mail : mails) {
        Archives.commit(repo, Archives.patchMail(mails.indexOf(mail) + 1));
        Archives.commit(repo, mail);
      }
    }
    PatchSource.Result r = Archives.read(inbox);
    assertEquals(2 * mails.size(), r.messages().size());
    assertTrue(Archives.count(r, InboxMessage.Category.PATCH) >= mails.size());
  }

  private static byte[] deepMultipart(int depth) {
    StringBuilder sb =
        new StringBuilder("From: a <a@b>\nSubject: [PATCH] deep\nMIME-Version: 1.0\n");
    for (int i = 0; i < depth; i++) {
      sb.append("Content-Type: multipart/mixed; boundary=\"b")
          .append(i)
          .append("\"\n\n--b")
          .append(i)
          .append('\n');
    }
    sb.append("Content-Type: text/plain\n\nhello\n");
    for (int i = depth - 1; i >= 0; i--) {
      sb.append("--b").append(i).append("--\n");
    }
    return utf8(sb.toString());
  }

  private static byte[] manyParts(int parts) {
    StringBuilder sb =
        new StringBuilder(
            "From: a <a@b>\nSubject: [PATCH] mm: parts\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\n\n");
    for (int i = 0; i < parts; i++) {
      sb.append("--b\nContent-Type: application/octet-stream\n\nx\n");
    }
    sb.append("--b\nContent-Type: text/plain\n\n")
        .append(patchMail("[PATCH] mm: parts", "parts", "").split("\n\n", 2)[1])
        .append("--b--\n");
    return utf8(sb.toString());
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(7).nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
