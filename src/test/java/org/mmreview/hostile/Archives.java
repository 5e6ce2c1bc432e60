package org.mmreview.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.PatchSource;
import org.mmreview.testing.InboxCommits;

/** Builds public-inbox archives (one mail per commit, in file {@code m}) to break in tests. */
final class Archives {
  private Archives() {}

  /** One commit of a built archive: the commit and the blob holding its mail. */
  record Added(ObjectId commit, ObjectId blob) {}

  /** A bare archive holding {@code count} patch mails, oldest first. */
  static List<Added> archive(Path gitDir, int count) throws IOException {
    List<Added> out = new ArrayList<>();
    try (Repository repo =
        new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setBare().build()) {
      repo.create(true);
      for (int i = 1; i <= count; i++) {
        out.add(commit(repo, patchMail(i)));
      }
    }
    return out;
  }

  /** A format-patch mail changing {@code mm/file<n>.c}, unique per {@code n}. */
  static byte[] patchMail(int n) {
    String mail =
        "From: Jane Doe <jane@example.org>\n"
            + "Date: Mon, 2 Jan 2023 10:00:0"
            + (n % 10)
            + " +0000\n"
            + "Subject: [PATCH] mm: change number "
            + n
            + "\n"
            + "Message-ID: <patch-"
            + n
            + "@example.org>\n"
            + "\n"
            + "Change number "
            + n
            + ".\n"
            + "\n"
            + "Signed-off-by: Jane Doe <jane@example.org>\n"
            + "---\n"
            + " mm/file"
            + n
            + ".c | 2 +-\n"
            + "\n"
            + "diff --git a/mm/file"
            + n
            + ".c b/mm/file"
            + n
            + ".c\n"
            + "--- a/mm/file"
            + n
            + ".c\n"
            + "+++ b/mm/file"
            + n
            + ".c\n"
            + "@@ -1,3 +1,3 @@\n"
            + " int a;\n"
            + "-int b;\n"
            + "+long b;\n"
            + " int c;\n";
    return mail.getBytes(StandardCharsets.UTF_8);
  }

  static Added commit(Repository repo, byte[] mail) throws IOException {
    ObjectId c = InboxCommits.add(repo, "m", mail, 0);
    return new Added(c, InboxCommits.blobId(mail));
  }

  /** The loose object file of {@code id}, as a partial clone would lack it. */
  static Path looseObject(Path gitDir, ObjectId id) {
    String name = id.getName();
    return gitDir.resolve("objects").resolve(name.substring(0, 2)).resolve(name.substring(2));
  }

  static void deleteLoose(Path gitDir, ObjectId id) throws IOException {
    Files.delete(looseObject(gitDir, id));
  }

  /** Reads an archive as the CLI does. */
  static PatchSource.Result read(Path inbox) {
    return PatchSource.read(
        new PatchSource.Request(
            List.of(),
            List.of(),
            Optional.of(inbox),
            "",
            Optional.empty(),
            Optional.empty(),
            List.of(),
            false,
            false,
            Optional.empty(),
            0));
  }

  static long count(PatchSource.Result r, InboxMessage.Category c) {
    return r.messages().stream().filter(m -> m.category() == c).count();
  }
}
