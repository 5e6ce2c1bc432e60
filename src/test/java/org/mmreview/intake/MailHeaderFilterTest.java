package org.mmreview.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** mime4j given only the fields MailParser reads decodes a mail as it does given them all. */
class MailHeaderFilterTest {
  private static final String MAIL =
      "Received: from a.example\r\n"
          + "\tby b.example; Mon, 1 Jan 2024 10:00:00 +0000\r\n"
          + "DKIM-Signature: v=1; a=rsa-sha256;\r\n"
          + " b=abc\r\n"
          + "From: =?UTF-8?Q?J=C3=B6rg?= <j@example.org>\r\n"
          + "X-Odd Name: kept, not a well-formed field name\r\n"
          + "To: a@example.org,\r\n"
          + " b@example.org\r\n"
          + "Subject: [PATCH v2 1/2] mm: a\r\n"
          + " folded subject\r\n"
          + "Date: Mon, 1 Jan 2024 10:00:00 +0100\r\n"
          + "Message-ID: <1@example.org>\r\n"
          + "In-Reply-To: <0@example.org>\r\n"
          + "References: <0@example.org>\r\n"
          + "MIME-Version: 1.0\r\n"
          + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
          + "List-Id: <linux-mm.kvack.org>\r\n"
          + "\r\n"
          + "--b1\r\n"
          + "Content-Type: text/plain; charset=utf-8\r\n"
          + "Content-Transfer-Encoding: quoted-printable\r\n"
          + "\r\n"
          + "caf=C3=A9 body\r\n"
          + "--b1--\r\n";

  @Test
  void sameDecodingWithTheFieldsAlone() throws Exception {
    byte[] raw = MAIL.getBytes(StandardCharsets.UTF_8);
    for (boolean headersOnly : new boolean[] {false, true}) {
      MailMessage all = MailParser.decode(raw, 0, headersOnly, false);
      MailMessage some = MailParser.decode(raw, 0, headersOnly, true);
      assertEquals(all.from(), some.from());
      assertEquals(all.to(), some.to());
      assertEquals(all.subject(), some.subject());
      assertEquals(all.date(), some.date());
      assertEquals(all.messageId(), some.messageId());
      assertEquals(all.inReplyTo(), some.inReplyTo());
      assertEquals(all.references(), some.references());
      assertEquals(all.body(), some.body());
      assertEquals(all.headerLines(), some.headerLines());
      assertEquals(all.warnings(), some.warnings());
    }
    assertEquals("Jörg <j@example.org>", MailParser.decode(raw, 0, false, true).from());
    assertEquals(true, MailParser.decode(raw, 0, false, true).body().startsWith("café body"));
  }

  /**
   * Read for its headers alone, a mail's fields are built without mime4j's entity parser
   * (HeaderFields): odd header blocks must come out as mime4j's parse of the whole block gives
   * them.
   */
  @Test
  void oddHeaderBlocksReadAloneAsMime4jReadsThem() throws Exception {
    String[] heads = {
      " leading: continuation-looking first line\nSubject: Re: a\nFrom: x@example.org\n",
      "Subject : Re: obsolete spacing\nFrom:y@example.org\nDate:\tTue, 2 Jan 2024 00:00:00 +0000\n",
      "Subject: Re: first\nsubject: Re: second\nFrom: a@b\nno colon on this line\nCc:\n",
      "From: =?UTF-8?B?SsO2cmc=?= <j@example.org>\r\nTo: a@example.org, \"B, C\" <b@example.org>\r\n"
          + "Subject: Re: [PATCH] mm: caf\u00e9\r\n\tfolded by a tab\r\nIn-Reply-To:\r\n <0@x>\r\n",
      "X-Bad\u0001Name: y\nSubject: Re: z\nReferences: <1@x>\n <2@x>\n\t<3@x>\nMessage-ID: <4@x> trailing\n",
      "Content-Type: multipart/mixed; boundary=q\nSubject: Re: multipart\nFrom: m@x\n",
      "Subject: Re: bare CR line follows\n\r\nFrom: after@x\n",
      "From: k@x\nSubject: Re: only\n   \nTo: after-blank-looking@x\n",
    };
    for (String head : heads) {
      byte[] raw = (head + "\nbody line\n").getBytes(StandardCharsets.UTF_8);
      assertEquals(
          HeaderFilterCheck.parts(MailParser.decode(raw, 0, true, false)),
          HeaderFilterCheck.parts(MailParser.decode(raw, 0, true, true)),
          head);
    }
  }

  @Test
  void dropsTheUnreadFieldsWithTheirContinuations() {
    byte[] raw = MAIL.getBytes(StandardCharsets.UTF_8);
    int end = MAIL.indexOf("\r\n\r\n") + 2;
    String kept = new String(MailParser.readFields(raw, 0, end).fields(), StandardCharsets.UTF_8);
    assertEquals(false, kept.contains("Received") || kept.contains("by b.example"));
    assertEquals(false, kept.contains("DKIM") || kept.contains(" b=abc"));
    assertEquals(false, kept.contains("List-Id"));
    assertEquals(true, kept.contains("X-Odd Name"));
    assertEquals(true, kept.contains("Subject: [PATCH v2 1/2] mm: a\r\n folded subject\r\n"));
    assertEquals(true, kept.contains("Content-Type: multipart/mixed"));
  }

  /**
   * A text mail is one leaf to mime4j: the lines of its body that look like multipart headers (a
   * patch to mail code, a quoted raw mail) are not sections, and do not count against the guard.
   */
  @Test
  void textMailQuotingMultipartHeadersIsDecoded() throws Exception {
    StringBuilder mail =
        new StringBuilder("From: a@example.org\nSubject: [PATCH] x\nContent-Type: text/plain\n\n");
    for (int i = 0; i <= MailParser.MAX_MULTIPARTS; i++) {
      mail.append("Content-Type: multipart/mixed; boundary=b").append(i).append('\n');
    }
    MailMessage m = MailParser.decode(mail.toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(true, m.body().startsWith("Content-Type: multipart/mixed; boundary=b0\n"));
  }
}
