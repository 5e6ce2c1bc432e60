package org.mmreview.bot;

import jakarta.mail.Address;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Sends the bot's mails over SMTP (Jakarta Mail), each with a copy to the bot's own address, and
 * looks for that copy over IMAP: a reply caught mid-send by a crash was sent if its copy arrived.
 */
public final class Mailer {
  private final BotConfig.Server smtp;
  private final Optional<BotConfig.Server> imap;
  private final String self;

  public Mailer(BotConfig.Server smtp, Optional<BotConfig.Server> imap, String from) {
    this.smtp = smtp;
    this.imap = imap;
    this.self = BotConfig.address(from);
  }

  /** Sends {@code mail} as it is (its Message-ID kept) to its To and Cc, and to the bot. */
  public void send(byte[] mail) throws MessagingException {
    Properties p = new Properties();
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", String.valueOf(smtp.port()));
    p.put("mail.smtp.starttls.enable", String.valueOf(smtp.starttls()));
    p.put("mail.smtp.auth", String.valueOf(smtp.user().isPresent()));
    p.put("mail.smtp.connectiontimeout", "20000");
    p.put("mail.smtp.timeout", "60000");
    Session session = Session.getInstance(p);
    MimeMessage msg = new MimeMessage(session, new ByteArrayInputStream(mail));
    List<Address> to = new ArrayList<>();
    for (Message.RecipientType t : List.of(Message.RecipientType.TO, Message.RecipientType.CC)) {
      Address[] a = msg.getRecipients(t);
      if (a != null) {
        to.addAll(List.of(a));
      }
    }
    to.add(new InternetAddress(self));
    try (Transport tr = session.getTransport("smtp")) {
      tr.connect(smtp.host(), smtp.port(), smtp.user().orElse(null), smtp.password().orElse(null));
      // sendMessage, not Transport.send: that would save the message again and renew its id
      tr.sendMessage(msg, to.toArray(new Address[0]));
    }
  }

  /** True when IMAP is configured to tell whether a mail was sent. */
  public boolean canCheck() {
    return imap.isPresent();
  }

  /** True when the bot's copy of {@code messageId} is in its IMAP inbox. */
  public boolean wasSent(String messageId) throws MessagingException {
    BotConfig.Server s = imap.orElseThrow();
    Properties p = new Properties();
    p.put("mail.imap.starttls.enable", String.valueOf(s.starttls()));
    p.put("mail.imap.connectiontimeout", "20000");
    p.put("mail.imap.timeout", "60000");
    Session session = Session.getInstance(p);
    try (Store store = session.getStore("imap")) {
      store.connect(s.host(), s.port(), s.user().orElse(self), s.password().orElse(null));
      try (Folder inbox = store.getFolder("INBOX")) {
        inbox.open(Folder.READ_ONLY);
        return inbox.search(new HeaderTerm("Message-ID", messageId)).length > 0;
      }
    }
  }
}
