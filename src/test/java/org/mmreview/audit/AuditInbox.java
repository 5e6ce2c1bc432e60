package org.mmreview.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.mmreview.testing.InboxCommits;

/**
 * Builds public-inbox archives for the audit tests from the rule fixtures' patch mails: each mail
 * gets its own Message-ID, subject and threading headers, so one fixture can be several versions of
 * a series, or many different patches.
 */
public final class AuditInbox implements AutoCloseable {
  private final Repository repo;
  private int date;

  private AuditInbox(Repository repo) {
    this.repo = repo;
  }

  /** A new bare v1 archive at {@code dir}. */
  public static AuditInbox create(Path dir) throws IOException {
    Repository r = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
    r.create(true);
    return new AuditInbox(r);
  }

  /** Opens the archive at {@code dir} to add mails to it. */
  public static AuditInbox open(Path dir) throws IOException {
    return new AuditInbox(new FileRepositoryBuilder().setGitDir(dir.toFile()).build());
  }

  /** The body of a fixture patch mail: everything after its header block. */
  public static String fixtureBody(String fixture) throws IOException {
    String text =
        Files.readString(Path.of("fixtures/rules").resolve(fixture), StandardCharsets.UTF_8);
    int blank = text.indexOf("\n\n");
    return text.substring(blank + 2);
  }

  /** Adds one mail. */
  public void mail(String messageId, String inReplyTo, String from, String subject, String body)
      throws IOException {
    date++;
    String mail =
        "From: "
            + from
            + "\nDate: Mon, "
            + (1 + date % 27)
            + " Mar 2023 10:"
            + String.format("%02d", date % 60)
            + ":00 +0000\nSubject: "
            + subject
            + "\nMessage-ID: <"
            + messageId
            + ">\n"
            + (inReplyTo.isEmpty() ? "" : "In-Reply-To: <" + inReplyTo + ">\n")
            + "\n"
            + body;
    InboxCommits.add(repo, "m", mail.getBytes(StandardCharsets.UTF_8), 0);
  }

  /** Removes a message as public-inbox does: a commit with {@code d} instead of {@code m}. */
  public void delete() throws IOException {
    InboxCommits.add(repo, "d", "gone\n".getBytes(StandardCharsets.UTF_8), 0);
  }

  @Override
  public void close() {
    repo.close();
  }
}
