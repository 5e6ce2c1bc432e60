package org.mmreview.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A mail read as one plain text part (PlainTextMail, no mime4j entity parser) decodes as mime4j's
 * parse decodes it, and the mails mime4j must read are left to it.
 */
class PlainTextMailTest {
  private static final String HEAD =
      "From: A <a@example.org>\n"
          + "Subject: [PATCH] mm: x\n"
          + "Date: Mon, 1 Jan 2024 10:00:00 +0100\n"
          + "Message-ID: <1@example.org>\n";

  /** Header lines after HEAD, and whether the plain way reads the mail. */
  private static final Object[][] CASES = {
    {
      "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
          + "Content-Transfer-Encoding: 8bit\n",
      true
    },
    {"", true},
    {"Content-Type: text/plain\n", true},
    {"Content-Type: TEXT/PLAIN; charset=\"iso-8859-1\"\nContent-Transfer-Encoding: 7BIT\n", true},
    {"Content-Type: text/plain; charset=koi8-r\n", true},
    {"Content-Type: text/plain; charset=x-no-such-charset\n", true},
    {"Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\n", true},
    {"Content-Type: text/plain;\n charset=utf-8\nContent-Transfer-Encoding: binary\n", true},
    {
      "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n", true
    },
    {"Content-Transfer-Encoding:  Quoted-Printable \n", true},
    {"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n", false},
    {"Content-Type: text/html; charset=utf-8\n", false},
    {"Content-Type: text/x-patch; charset=utf-8\n", false},
    {"Content-Type: text/plain\nContent-Type: text/html\n", false},
    {"Content-Transfer-Encoding: 8bit\nContent-Transfer-Encoding: base64\n", false},
    {"Content-Type: text/plain; charset=\"unclosed\n", true},
    {"Content-Type: ;;;\n", false},
    {"To : obsolete@example.org\n", false},
    {"No colon on this line\n", false},
  };

  /** Bodies, each tried under every header above. */
  private static final byte[][] BODIES = {
    "Line one\nFrom the start of a line\n\n---\n diff --git a/mm/x.c b/mm/x.c\n"
        .getBytes(StandardCharsets.UTF_8),
    "caf\u00e9 in UTF-8, a flowed \nline, and a\r\nCRLF\r\n".getBytes(StandardCharsets.UTF_8),
    new byte[] {'b', 'a', 'd', ' ', (byte) 0xe9, ' ', 'u', 't', 'f', '8', '\n'},
    new byte[0],
    "no final newline".getBytes(StandardCharsets.UTF_8),
    "quoted-printable look: a =3D b, a soft=\nbreak, =C3=A9\n".getBytes(StandardCharsets.UTF_8),
  };

  @Test
  void decodesAsMime4jDoes() throws Exception {
    int plain = 0;
    for (Object[] c : CASES) {
      for (String eol : new String[] {"\n", "\r\n"}) {
        for (byte[] body : BODIES) {
          byte[] raw = mail(((String) c[0]), eol, body);
          String label = c[0] + " with " + (eol.length() == 2 ? "CRLF" : "LF");
          boolean read = HeaderFilterCheck.plainText(raw);
          if (eol.length() == 1) {
            assertEquals(c[1], read, label);
          }
          plain += read ? 1 : 0;
          assertEquals(
              HeaderFilterCheck.parts(MailParser.decode(raw, 0, false, true, false)),
              HeaderFilterCheck.parts(MailParser.decode(raw, 0, false, true, true)),
              label);
        }
      }
    }
    assertTrue(plain >= 40, "the plain way was taken " + plain + " times");
  }

  /**
   * Random quoted-printable bodies, malformed ones most of all, decode as mime4j's stream decodes
   * them: the same bytes and the same warnings (bodies with {@code ==} go to mime4j itself).
   */
  @Test
  void quotedPrintableAsMime4jDecodesIt() throws Exception {
    String[] pieces = {
      "=",
      "=3D",
      "=C3=A9",
      "=c3=a9",
      "=\n",
      "=\r\n",
      "= \n",
      "=\t\r\n",
      "=4",
      "=G1",
      "=\r",
      "\r",
      "\n",
      "\r\n",
      " ",
      "\t",
      "  \n",
      "\t\r\n",
      "a",
      "diff --git a/mm/x.c b/mm/x.c",
      "+\tint x;",
      "\u00e9",
      "\u000b",
      "\f",
      "=20",
      "=09\n",
      "=="
    };
    Random random = new Random(7);
    int plain = 0;
    int mime4j = 0;
    for (int i = 0; i < 6000; i++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(i % 10 == 0 ? 2000 : 60);
      for (int k = 0; k < n; k++) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      byte[] raw =
          mail(
              "Content-Type: text/plain; charset=utf-8\n"
                  + "Content-Transfer-Encoding: quoted-printable\n",
              random.nextBoolean() ? "\n" : "\r\n",
              b.toString().getBytes(StandardCharsets.UTF_8));
      if (b.indexOf("==") >= 0) {
        mime4j++;
      } else {
        plain++;
      }
      assertEquals(
          HeaderFilterCheck.parts(MailParser.decode(raw, 0, false, true, false)),
          HeaderFilterCheck.parts(MailParser.decode(raw, 0, false, true, true)),
          b.toString());
    }
    assertTrue(plain > 1000 && mime4j > 100, plain + " decoded here, " + mime4j + " by mime4j");
  }

  @Test
  void anMboxFromLineAndTheLinesAboveCountAsBefore() throws Exception {
    byte[] raw =
        mail(
            "Content-Type: text/plain; charset=utf-8\n",
            "\n",
            "body\n".getBytes(StandardCharsets.UTF_8));
    byte[] mbox =
        concat("From a@b Mon Jan  1 00:00:00 2024\n".getBytes(StandardCharsets.UTF_8), raw);
    MailMessage m = MailParser.decode(mbox, 7, false, true, true);
    assertEquals(
        HeaderFilterCheck.parts(MailParser.decode(mbox, 7, false, true, false)),
        HeaderFilterCheck.parts(m));
    assertEquals("body\n", m.body());
    assertFalse(m.warnings().iterator().hasNext(), m.warnings().toString());
  }

  private static byte[] mail(String fields, String eol, byte[] body) {
    String head = (HEAD + fields).replace("\n", eol) + eol;
    return concat(head.getBytes(StandardCharsets.UTF_8), body);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
