package org.mmreview.bot;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.mmreview.store.BotStore;

/**
 * {@code --digest}: one mail a day to the maintainer instead of a reply per patch, listing each
 * reply the bot would have sent that day (subject, author, and its findings' text).
 */
final class DigestWriter {
  private DigestWriter() {}

  static String messageId(BotConfig config, String day) {
    String a = BotConfig.address(config.from());
    return "<mmreview.digest." + day + "@" + a.substring(a.indexOf('@') + 1) + ">";
  }

  static byte[] mail(
      BotConfig config, String day, List<BotStore.ReplyRow> replies, String version, Instant now)
      throws MessagingException {
    Session session = Session.getInstance(new Properties());
    StringBuilder body = new StringBuilder();
    ReplyWriter.prose(
        body,
        "mmreview "
            + version
            + " reviewed the patches below on "
            + day
            + " and would have replied to "
            + replies.size()
            + (replies.size() == 1 ? " of them" : " of them")
            + "; each reply follows as it would have been sent.");
    for (BotStore.ReplyRow r : replies) {
      MimeMessage reply = new MimeMessage(session, new ByteArrayInputStream(r.mail()));
      body.append("\n========================================================================\n");
      body.append("Subject: ").append(reply.getSubject()).append('\n');
      body.append("To: ").append(String.valueOf(reply.getHeader("To", ", "))).append('\n');
      body.append("In-Reply-To: ").append(reply.getHeader("In-Reply-To", "")).append("\n\n");
      try {
        body.append(String.valueOf(reply.getContent()).replace("\r\n", "\n"));
      } catch (IOException e) {
        body.append("(could not read the reply: ").append(e.getMessage()).append(")\n");
      }
    }
    MimeMessage msg =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId(config, day));
          }
        };
    msg.setFrom(new InternetAddress(config.from()));
    msg.setRecipients(
        Message.RecipientType.TO, InternetAddress.parse(config.digestTo().orElse(config.from())));
    msg.setSubject("mmreview digest for " + day + ": " + replies.size() + " patches", "UTF-8");
    msg.setSentDate(Date.from(now));
    msg.setHeader("Auto-Submitted", "auto-generated");
    msg.setText(body.toString(), "UTF-8", "plain");
    msg.saveChanges();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      msg.writeTo(out);
    } catch (IOException e) {
      throw new MessagingException("cannot write the digest", e);
    }
    return out.toByteArray();
  }
}
