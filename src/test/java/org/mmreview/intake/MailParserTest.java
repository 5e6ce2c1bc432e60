package org.mmreview.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailParserTest {

  private static final String LONG_LINE =
      "second = 2; /* J\u00f6rg's fix, a very long comment line that a QP encoder must wrap with soft breaks */";

  private static MailParser.ParsedMail read(String name) throws Exception {
    return MailParser.parse(Fixtures.bytes(name), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"qp.eml", "base64.eml", "crlf.eml", "flowed.eml", "multipart.eml"})
  void everyEncodingYieldsTheSameHunk(String name) throws Exception {
    MailParser.ParsedMail m = read(name);
    assertTrue(m.diff().ok(), m.diff().problems().toString());
    Patch p = m.patch();
    assertEquals(1, p.files().size(), name);
    FileChange f = p.files().get(0);
    assertEquals("mm/gup.c", f.path());
    List<HunkLine> lines = f.hunks().get(0).lines();
    assertEquals(4, lines.size());
    assertEquals("second = 1;", lines.get(1).text());
    assertEquals(LONG_LINE, lines.get(2).text());
    assertEquals(HunkLine.Kind.ADD, lines.get(2).kind());
    assertEquals(" first", lines.get(0).diffText());
    assertFalse(lines.get(2).text().contains("\r"));
  }

  @Test
  void plainSubjectIsReadFromTheHeaderBlockAsDecodingWouldReadIt() throws Exception {
    byte[] folded =
        ("From: A <a@example.org>\nSubject: Re: [PATCH 1/2] mm: a\n\tlong subject\n"
                + "Message-ID: <x@y>\n\nsubject: not a header\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(
        Optional.of("Re: [PATCH 1/2] mm: a\tlong subject"), MailParser.plainHeaderSubject(folded));
    assertEquals(
        MailParser.decodeHeaders(folded, 0).subject(), MailParser.plainHeaderSubject(folded).get());
    // encoded words and raw 8-bit bytes need the MIME decoder: the caller decodes
    assertEquals(
        Optional.empty(),
        MailParser.plainHeaderSubject(
            "Subject: =?UTF-8?Q?J=C3=B6rg?=\n\nbody\n".getBytes(StandardCharsets.ISO_8859_1)));
    assertEquals(
        Optional.empty(),
        MailParser.plainHeaderSubject(
            "Subject: J\u00f6rg\n\nbody\n".getBytes(StandardCharsets.ISO_8859_1)));
    // a Subject line in the body is not the mail's subject
    assertEquals(
        Optional.empty(),
        MailParser.plainHeaderSubject(
            "From: a@b\n\nSubject: x\n".getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void quotedPrintableHeadersAndTrailersAreDecoded() throws Exception {
    PatchMetadata md = read("qp.eml").patch().metadata();
    assertEquals("J\u00f6rg Dev <jorg@example.org>", md.from());
    assertEquals(List.of("linux-mm@kvack.org"), md.to());
    assertEquals("<quoted-printable@example.org>", md.messageId());
    assertEquals(List.of("J\u00f6rg Dev <jorg@example.org>"), md.trailers("Signed-off-by"));
    assertEquals("2023-10-04T11:00Z", md.date().orElseThrow().toString());
  }

  @Test
  void patchLinesCountFromTheTopOfTheMail() throws Exception {
    // 8 header lines + blank line + body: the "+second" line is line 24 of the file, as checkpatch
    // counts
    Patch p = read("crlf.eml").patch();
    HunkLine add = p.files().get(0).hunks().get(0).lines().get(2);
    assertEquals(24, add.patchLine());
    assertEquals(Set.of(2), p.files().get(0).lineMap().addedLines());
  }

  @Test
  void formatPatchMetadata() throws Exception {
    Patch p = read("format-patch.patch").patch();
    PatchMetadata md = p.metadata();
    assertEquals("Jane Dev <jane@example.org>", md.from());
    assertEquals("[PATCH mm-unstable v3 2/5] mm/gup: fix the thing", md.subject());
    assertEquals("mm/gup: fix the thing", md.title());
    SeriesTag t = md.seriesTag();
    assertEquals(3, t.version());
    assertEquals(2, t.index());
    assertEquals(5, t.total());
    assertEquals(List.of("mm-unstable"), t.prefixes());
    assertEquals("<20231003-0-jane@example.org>", md.inReplyTo());
    assertEquals(List.of("<20231003-0-jane@example.org>"), md.references());
    assertEquals(List.of("linux-mm@kvack.org", "\"Doe, John\" <john@example.org>"), md.cc());
    assertEquals(List.of("0123456789ab (\"mm/gup: add the thing\")"), md.trailers("Fixes"));
    assertEquals(List.of("https://lore.kernel.org/r/x@y"), md.trailers("Link"));
    assertEquals(List.of("Some One <one@example.org>"), md.trailers("Reviewed-by"));
    assertEquals(Optional.of("89abcdef0123456789abcdef0123456789abcdef"), md.baseCommit());
    assertTrue(md.commitMessage().startsWith("The thing was broken"));
    assertFalse(md.commitMessage().contains("diff --git"));
    assertEquals(1, p.files().size());
    assertEquals(1, p.files().get(0).hunks().size());
  }

  @Test
  void invalidTimezoneIsHandledAndReported() throws Exception {
    MailParser.ParsedMail m = read("invalid-date.eml");
    assertTrue(
        m.mail().warnings().stream().anyMatch(w -> w.contains("invalid timezone offset +2100")),
        m.mail().warnings().toString());
    assertEquals("2023-10-04T11:00Z", m.patch().metadata().date().orElseThrow().toString());
    assertEquals(1, m.patch().files().size());
  }

  @Test
  void undecodableMailThrowsItsOwnException() {
    assertThrows(
        MailParser.UndecodableMailException.class,
        () -> MailParser.parse(Fixtures.bytes("not-a-mail.eml"), "x"));
    assertThrows(
        MailParser.UndecodableMailException.class, () -> MailParser.parse(new byte[0], "x"));
  }

  @Test
  void patchBreakFollowsGitMailinfo() {
    assertTrue(MailParser.isPatchBreak("---"));
    assertTrue(MailParser.isPatchBreak("---  "));
    assertTrue(MailParser.isPatchBreak("--- a/mm/x.c"));
    assertTrue(MailParser.isPatchBreak("diff --git a/x b/x"));
    assertTrue(MailParser.isPatchBreak("Index: x"));
    assertFalse(MailParser.isPatchBreak("-- "));
    assertFalse(MailParser.isPatchBreak("----------"));
    assertFalse(MailParser.isPatchBreak("> diff --git a/x b/x"));
  }

  @Test
  void subjects() {
    SubjectParser.Subject s = SubjectParser.parse("Re: [RFC PATCH RESEND v2 03/10] mm: x");
    assertTrue(s.reply());
    assertTrue(s.tag().rfc());
    assertTrue(s.tag().resend());
    assertEquals(2, s.tag().version());
    assertEquals(3, s.tag().index());
    assertEquals(10, s.tag().total());
    assertEquals("mm: x", s.title());
    SubjectParser.Subject t = SubjectParser.parse("[PATCH][RESEND] [v4] mm: y");
    assertFalse(t.reply());
    assertTrue(t.tag().resend());
    assertEquals(4, t.tag().version());
    assertTrue(SubjectParser.parse("[PATCH 0/3] cover").tag().isCoverLetter());
    assertTrue(SubjectParser.parse("AW: Re: [PATCH] z").reply());
    assertEquals(7, SubjectParser.parse("[PATCHv7] z").tag().version());
  }

  @Test
  void baseCommitIsReadOnlyFromALineOfItsOwn() {
    String id = "0123456789abcdef0123456789abcdef01234567";
    assertEquals(Optional.of(id), TrailerParser.baseCommit("x\n-- \nbase-commit: " + id + "\n"));
    assertEquals(Optional.of(id), TrailerParser.baseCommit("base-commit: " + id + "\r\n--\n"));
    assertEquals(Optional.of(id), TrailerParser.baseCommit("base-commit: " + id));
    assertEquals(
        Optional.of(id),
        TrailerParser.baseCommit(
            "> base-commit: deadbeef\nbase-commit: nothex\nbase-commit: " + id));
    assertEquals(Optional.empty(), TrailerParser.baseCommit("quoted base-commit: " + id + "\n"));
    assertEquals(Optional.empty(), TrailerParser.baseCommit("base-commit: " + id + " trailing\n"));
  }
}
