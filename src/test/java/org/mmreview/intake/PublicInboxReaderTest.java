package org.mmreview.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.testing.InboxCommits;

/** public-inbox archives (v1 and v2) built here with JGit, one mail per commit. */
class PublicInboxReaderTest {
  @TempDir Path dir;

  static Repository bare(Path gitDir) throws IOException {
    Repository r = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setBare().build();
    r.create(true);
    return r;
  }

  /** Adds a commit whose tree holds only {@code file} (m = a mail, d = a removed one). */
  static ObjectId add(Repository repo, String file, byte[] content, int tzMinutes)
      throws IOException {
    return InboxCommits.add(repo, file, content, tzMinutes);
  }

  @Test
  void v1ArchiveIsWalkedOldestFirstAndEveryMessageAccountedFor() throws Exception {
    List<byte[]> mails = MboxReader.read(Fixtures.path("series.mbox"));
    Path inbox = dir.resolve("inbox.git");
    ObjectId third;
    try (Repository repo = bare(inbox)) {
      add(repo, "m", mails.get(0), 120);
      add(repo, "m", mails.get(1), 21 * 60); // the +2100 offsets real archives hold
      third = add(repo, "m", mails.get(2), 120);
      add(repo, "d", "removed".getBytes(StandardCharsets.UTF_8), 120);
      add(repo, "m", mails.get(3), 120);
      add(repo, "m", Fixtures.bytes("not-a-mail.eml"), 120);
    }
    List<PublicInboxReader.Entry> seen = new ArrayList<>();
    PublicInboxReader.walk(inbox, "", seen::add);
    assertEquals(6, seen.size());
    assertTrue(new String(seen.get(0).mail(), StandardCharsets.UTF_8).contains("[PATCH 0/2]"));
    assertTrue(seen.get(1).warning().orElseThrow().contains("+2100"));
    assertNull(seen.get(3).mail());

    PatchSource.Result r =
        PatchSource.read(
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
    IntakeStats st = IntakeStats.of(r.messages(), ThreadGrouper.group(r.messages()));
    assertEquals(6, st.messages());
    assertEquals(2, st.patches());
    assertEquals(1, st.coverLetters());
    assertEquals(1, st.replies());
    assertEquals(2, st.skipped());
    assertEquals(1, st.skippedByReason().get(InboxMessage.SkipReason.DELETED.text()));
    assertEquals(1, st.skippedByReason().get(InboxMessage.SkipReason.UNDECODABLE.text()));
    assertEquals(1, st.warnings().get("archive commit has invalid timezone offset +2100"));
    assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
    assertTrue(r.diagnostics().get(0).reason().startsWith("undecodable mail"));

    List<PublicInboxReader.Entry> range = new ArrayList<>();
    PublicInboxReader.walk(inbox, third.getName() + "..", range::add);
    assertEquals(3, range.size());
  }

  @Test
  void v2EpochsAreReadInOrder() throws Exception {
    List<byte[]> mails = MboxReader.read(Fixtures.path("series.mbox"));
    Path inbox = dir.resolve("v2");
    Files.createDirectories(inbox.resolve("git"));
    ObjectId first;
    ObjectId last;
    try (Repository e0 = bare(inbox.resolve("git/0.git"));
        Repository e1 = bare(inbox.resolve("git/1.git"))) {
      first = add(e0, "m", mails.get(0), 0);
      add(e0, "m", mails.get(1), 0);
      add(e1, "m", mails.get(2), 0);
      last = add(e1, "m", mails.get(3), 0);
    }
    List<PublicInboxReader.Entry> seen = new ArrayList<>();
    PublicInboxReader.walk(inbox, "", seen::add);
    assertEquals(
        List.of("0.git", "0.git", "1.git", "1.git"),
        seen.stream().map(PublicInboxReader.Entry::epoch).toList());
    // a range may start in one epoch and end in the next
    List<PublicInboxReader.Entry> range = new ArrayList<>();
    PublicInboxReader.walk(inbox, first.getName() + ".." + seen.get(2).commit(), range::add);
    assertEquals(
        List.of(seen.get(1).commit(), seen.get(2).commit()),
        range.stream().map(PublicInboxReader.Entry::commit).toList());
    List<PublicInboxReader.Entry> upTo = new ArrayList<>();
    PublicInboxReader.walk(inbox, last.getName().substring(0, 10), upTo::add);
    assertEquals(4, upTo.size());
    Assertions.assertThrows(
        IOException.class, () -> PublicInboxReader.walk(inbox, "deadbeef..", e -> {}));
  }

  @Test
  void anEpochListedOnceAndReadInPartsIsItsWalk() throws Exception {
    List<byte[]> mails = MboxReader.read(Fixtures.path("series.mbox"));
    Path inbox = dir.resolve("parts.git");
    try (Repository repo = bare(inbox)) {
      add(repo, "m", mails.get(0), 0);
      add(repo, "d", "removed".getBytes(StandardCharsets.UTF_8), 0);
      add(repo, "m", mails.get(1), 0);
      add(repo, "m", mails.get(2), 0);
      add(repo, "m", mails.get(3), 0);
    }
    List<PublicInboxReader.Entry> walked = new ArrayList<>();
    PublicInboxReader.walk(inbox, "", walked::add);
    List<IntakeDiagnostic> problems = new ArrayList<>();
    List<ObjectId> commits = PublicInboxReader.commits(inbox, problems::add);
    assertEquals(
        walked.stream().map(PublicInboxReader.Entry::commit).toList(),
        commits.stream().map(ObjectId::getName).toList());
    assertTrue(problems.isEmpty(), problems.toString());
    // parts of 2, read apart: the walk's entries, mails included, in its order
    List<PublicInboxReader.Entry> parts = new ArrayList<>();
    for (int first = 0; first < commits.size(); first += 2) {
      PublicInboxReader.read(
          inbox, commits.subList(first, Math.min(commits.size(), first + 2)), parts::add);
    }
    assertEquals(walked.size(), parts.size());
    for (int i = 0; i < walked.size(); i++) {
      assertEquals(walked.get(i).commit(), parts.get(i).commit());
      assertEquals(walked.get(i).epoch(), parts.get(i).epoch());
      Assertions.assertArrayEquals(walked.get(i).mail(), parts.get(i).mail());
    }
    assertNull(parts.get(1).mail()); // the removed one
    // an epoch without messages yet: nothing to list
    try (Repository empty = bare(dir.resolve("empty.git"))) {
      assertTrue(PublicInboxReader.commits(dir.resolve("empty.git"), problems::add).isEmpty());
    }
  }

  /**
   * A history listed ahead of the walk is the walk's, and a listing the archive outgrew (a mail
   * arrived in between) is not taken: the walk lists again.
   */
  @Test
  void aHistoryListedAheadIsTakenOnlyWhileTheHeadIsTheSame() throws Exception {
    List<byte[]> mails = MboxReader.read(Fixtures.path("series.mbox"));
    Path inbox = dir.resolve("ahead.git");
    try (Repository repo = bare(inbox)) {
      add(repo, "m", mails.get(0), 0);
      add(repo, "m", mails.get(1), 0);
    }
    List<PublicInboxReader.Entry> plain = new ArrayList<>();
    PublicInboxReader.walk(inbox, "", plain::add);
    PublicInboxReader.listing(inbox).join();
    List<PublicInboxReader.Entry> listed = new ArrayList<>();
    PublicInboxReader.walk(inbox, "", listed::add);
    assertEquals(
        plain.stream().map(PublicInboxReader.Entry::commit).toList(),
        listed.stream().map(PublicInboxReader.Entry::commit).toList());

    PublicInboxReader.listing(inbox).join();
    try (Repository repo = new FileRepositoryBuilder().setGitDir(inbox.toFile()).build()) {
      add(repo, "m", mails.get(2), 0);
    }
    List<PublicInboxReader.Entry> grown = new ArrayList<>();
    PublicInboxReader.walk(inbox, "", grown::add);
    assertEquals(3, grown.size());
    assertTrue(new String(grown.get(2).mail(), StandardCharsets.UTF_8).contains("2/2"));
    PublicInboxReader.forgetListings();
  }

  /**
   * A history that is not one line (a merge) is listed by git's topological order, as a line is:
   * the walk delivers every commit once, parents first, with the same entries as before.
   */
  @Test
  void aHistoryWithAMergeIsListedParentsFirst() throws Exception {
    List<byte[]> mails = MboxReader.read(Fixtures.path("series.mbox"));
    Path inbox = dir.resolve("merged.git");
    try (Repository repo = bare(inbox)) {
      ObjectId root = add(repo, "m", mails.get(0), 0);
      ObjectId left = add(repo, "m", mails.get(1), 21 * 60);
      RefUpdate back = repo.updateRef("refs/heads/master");
      back.setNewObjectId(root);
      back.forceUpdate();
      ObjectId right = add(repo, "m", mails.get(2), 0);
      try (ObjectInserter ins = repo.newObjectInserter()) {
        TreeFormatter tf = new TreeFormatter();
        tf.append("m", FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, mails.get(3)));
        PersonIdent who = new PersonIdent("Jane", "jane@example.org", 1_600_000_000_000L, 0);
        CommitBuilder cb = new CommitBuilder();
        cb.setTreeId(ins.insert(tf));
        cb.setAuthor(who);
        cb.setCommitter(who);
        cb.setMessage("merge");
        cb.setParentIds(right, left);
        ObjectId merge = ins.insert(cb);
        ins.flush();
        RefUpdate ru = repo.updateRef("refs/heads/master");
        ru.setNewObjectId(merge);
        ru.forceUpdate();
      }
    }
    List<PublicInboxReader.Entry> walked = new ArrayList<>();
    PublicInboxReader.walk(inbox, "", walked::add);
    List<ObjectId> listed = PublicInboxReader.commits(inbox, d -> {});
    assertEquals(
        listed.stream().map(ObjectId::getName).toList(),
        walked.stream().map(PublicInboxReader.Entry::commit).toList());
    assertEquals(4, walked.size());
    assertEquals(1, walked.stream().filter(e -> e.warning().orElse("").contains("+2100")).count());
    assertTrue(
        new String(walked.get(3).mail(), StandardCharsets.UTF_8).contains("Re: [PATCH 1/2]"));
  }

  @Test
  void notAnArchiveIsAnError() {
    Assertions.assertThrows(IOException.class, () -> PublicInboxReader.walk(dir, "", e -> {}));
  }
}
