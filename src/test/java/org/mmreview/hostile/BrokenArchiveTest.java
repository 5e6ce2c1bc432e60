package org.mmreview.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.IntakeDiagnostic;
import org.mmreview.intake.PatchSource;

/**
 * Archives with unreadable parts (objects a partial clone lacks, a damaged pack, a garbage HEAD):
 * the walk goes past what it cannot read, says what and where, and every readable message next to
 * the damage is still read.
 */
class BrokenArchiveTest {
  @TempDir Path dir;

  private static List<InboxMessage> unreadable(PatchSource.Result r) {
    return r.messages().stream()
        .filter(m -> m.reason().orElse(null) == InboxMessage.SkipReason.UNREADABLE)
        .toList();
  }

  private static String diagnostics(PatchSource.Result r) {
    return String.join("\n", r.diagnostics().stream().map(IntakeDiagnostic::toString).toList());
  }

  @Test
  void missingMailBlobSkipsThatMessageOnly() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    List<Archives.Added> added = Archives.archive(inbox, 5);
    Archives.deleteLoose(inbox, added.get(2).blob());

    PatchSource.Result r = Archives.read(inbox);

    assertEquals(5, r.messages().size(), diagnostics(r));
    assertEquals(4, Archives.count(r, InboxMessage.Category.PATCH));
    List<InboxMessage> lost = unreadable(r);
    assertEquals(1, lost.size());
    String commit = added.get(2).commit().getName();
    assertTrue(lost.get(0).id().contains(commit.substring(0, 12)), lost.get(0).id());
    assertTrue(lost.get(0).detail().contains(commit), lost.get(0).detail());
    assertEquals(1, r.diagnostics().size(), diagnostics(r));
    assertTrue(r.diagnostics().get(0).reason().startsWith("unreadable object"), diagnostics(r));
  }

  @Test
  void missingTreeSkipsThatMessageOnly() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    List<Archives.Added> added = Archives.archive(inbox, 4);
    ObjectId tree;
    try (FileRepository repo = new FileRepository(inbox.toFile());
        RevWalk w = new RevWalk(repo)) {
      tree = w.parseCommit(added.get(0).commit()).getTree();
    }
    Archives.deleteLoose(inbox, tree);

    PatchSource.Result r = Archives.read(inbox);

    assertEquals(4, r.messages().size(), diagnostics(r));
    assertEquals(3, Archives.count(r, InboxMessage.Category.PATCH));
    assertEquals(1, unreadable(r).size());
  }

  @Test
  void missingCommitEndsThatEpochWithADiagnosticAndTheNextEpochIsRead() throws Exception {
    Path inbox = dir.resolve("v2");
    Files.createDirectories(inbox.resolve("git"));
    List<Archives.Added> first = Archives.archive(inbox.resolve("git/0.git"), 5);
    Archives.archive(inbox.resolve("git/1.git"), 3);
    Archives.deleteLoose(inbox.resolve("git/0.git"), first.get(2).commit());

    PatchSource.Result r = Archives.read(inbox);

    // the two commits newer than the gap are still reachable; the two older ones are not
    assertEquals(5, r.messages().size(), diagnostics(r));
    assertEquals(5, Archives.count(r, InboxMessage.Category.PATCH));
    assertEquals(1, r.diagnostics().size(), diagnostics(r));
    IntakeDiagnostic d = r.diagnostics().get(0);
    assertTrue(d.input().endsWith("0.git"), d.toString());
    assertTrue(d.reason().contains(first.get(2).commit().getName()), d.toString());
    assertTrue(
        r.messages()
            .get(0)
            .id()
            .startsWith("0.git@" + first.get(3).commit().getName().substring(0, 12)),
        r.messages().get(0).id());
  }

  @Test
  void damagedPackedBlobSkipsThatMessageOnly() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    List<Archives.Added> added = Archives.archive(inbox, 6);
    gc(inbox);
    zeroObjectInPack(inbox, added.get(3).blob());

    PatchSource.Result r = Archives.read(inbox);

    assertEquals(6, r.messages().size(), diagnostics(r));
    assertEquals(5, Archives.count(r, InboxMessage.Category.PATCH), diagnostics(r));
    List<InboxMessage> lost = unreadable(r);
    assertEquals(1, lost.size(), diagnostics(r));
    assertTrue(
        lost.get(0).detail().contains(added.get(3).commit().getName()), lost.get(0).detail());
  }

  @Test
  void damagedPackedCommitEndsTheEpochWithADiagnostic() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    List<Archives.Added> added = Archives.archive(inbox, 6);
    gc(inbox);
    zeroObjectInPack(inbox, added.get(1).commit());

    PatchSource.Result r = Archives.read(inbox);

    assertEquals(4, r.messages().size(), diagnostics(r));
    assertEquals(4, Archives.count(r, InboxMessage.Category.PATCH), diagnostics(r));
    assertEquals(1, r.diagnostics().size(), diagnostics(r));
    assertTrue(
        r.diagnostics().get(0).reason().contains(added.get(1).commit().getName()), diagnostics(r));
  }

  @Test
  void garbageHeadIsAOneLineDiagnostic() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    Archives.archive(inbox, 3);
    Files.writeString(inbox.resolve("HEAD"), "\u0000\u0001garbage\n");

    PatchSource.Result r = Archives.read(inbox);

    assertEquals(0, r.messages().size());
    assertEquals(1, r.diagnostics().size(), diagnostics(r));
    String reason = r.diagnostics().get(0).reason();
    assertTrue(reason.contains("HEAD"), reason);
    assertTrue(!reason.contains("\n"), reason);
  }

  @Test
  void garbageBranchIsAOneLineDiagnostic() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    Archives.archive(inbox, 3);
    Files.writeString(inbox.resolve("refs/heads/master"), "not a commit id\n");

    PatchSource.Result r = Archives.read(inbox);

    assertEquals(0, r.messages().size());
    assertEquals(1, r.diagnostics().size(), diagnostics(r));
    assertTrue(!r.diagnostics().get(0).reason().contains("\n"), diagnostics(r));
  }

  @Test
  void headNamingAMissingCommitIsADiagnostic() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    Archives.archive(inbox, 3);
    Files.writeString(
        inbox.resolve("refs/heads/master"), "1234567890123456789012345678901234567890\n");

    PatchSource.Result r = Archives.read(inbox);

    assertEquals(0, r.messages().size());
    assertEquals(1, r.diagnostics().size(), diagnostics(r));
    assertTrue(
        r.diagnostics().get(0).reason().contains("1234567890123456789012345678901234567890"),
        diagnostics(r));
  }

  @Test
  void garbageHeadInOneEpochLeavesTheOthers() throws Exception {
    Path inbox = dir.resolve("v2");
    Files.createDirectories(inbox.resolve("git"));
    Archives.archive(inbox.resolve("git/0.git"), 2);
    Archives.archive(inbox.resolve("git/1.git"), 3);
    Files.writeString(inbox.resolve("git/0.git/HEAD"), "garbage\n");

    PatchSource.Result r = Archives.read(inbox);

    assertEquals(3, r.messages().size(), diagnostics(r));
    assertEquals(1, r.diagnostics().size(), diagnostics(r));
    assertTrue(r.diagnostics().get(0).input().endsWith("0.git"), diagnostics(r));
  }

  @Test
  void emptyArchiveIsNotAnError() throws Exception {
    Path inbox = dir.resolve("inbox.git");
    Archives.archive(inbox, 0);

    PatchSource.Result r = Archives.read(inbox);

    assertEquals(0, r.messages().size());
    assertEquals(0, r.diagnostics().size(), diagnostics(r));
  }

  private static void gc(Path gitDir) throws Exception {
    try (FileRepository repo = new FileRepository(gitDir.toFile())) {
      GC gc = new GC(repo);
      gc.setExpireAgeMillis(0);
      gc.gc().get();
    }
    try (Stream<Path> loose = Files.walk(gitDir.resolve("objects"))) {
      assertTrue(
          loose.noneMatch(p -> p.getFileName().toString().length() == 38), "objects left loose");
    }
  }

  /** Zeroes the bytes of one object's compressed data in the pack holding it. */
  private static void zeroObjectInPack(Path gitDir, ObjectId id) throws IOException {
    Path packDir = gitDir.resolve("objects/pack");
    Path idx;
    try (Stream<Path> s = Files.list(packDir)) {
      idx = s.filter(p -> p.toString().endsWith(".idx")).findFirst().orElseThrow();
    }
    PackIndex index = PackIndex.open(idx.toFile());
    long offset = index.findOffset(id);
    assertTrue(offset > 0, "object not in the pack");
    Path pack = Path.of(idx.toString().replaceAll("\\.idx$", ".pack"));
    try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
      // keep the object header so the pack stays walkable; damage the deflated data
      f.seek(offset + 3);
      f.write(new byte[12]);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
