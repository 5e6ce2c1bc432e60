package org.mmreview.testing;

import java.io.IOException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;

/** Builds public-inbox archives in tests: one commit per mail, the mail alone in its tree. */
public final class InboxCommits {
  private InboxCommits() {}

  /**
   * Commits a tree holding only {@code file} (public-inbox's {@code m}, or {@code d} for a removed
   * message) on top of {@code refs/heads/master}, dated with {@code tzMinutes}.
   */
  @SuppressWarnings("deprecation")
  public static ObjectId add(Repository repo, String file, byte[] content, int tzMinutes)
      throws IOException {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      ObjectId blob = ins.insert(Constants.OBJ_BLOB, content);
      TreeFormatter tf = new TreeFormatter();
      tf.append(file, FileMode.REGULAR_FILE, blob);
      ObjectId tree = ins.insert(tf);
      PersonIdent who = new PersonIdent("Jane", "jane@example.org", 1_600_000_000_000L, tzMinutes);
      CommitBuilder cb = new CommitBuilder();
      cb.setTreeId(tree);
      cb.setAuthor(who);
      cb.setCommitter(who);
      cb.setMessage("mail");
      ObjectId head = repo.resolve("refs/heads/master");
      if (head != null) {
        cb.setParentId(head);
      }
      ObjectId c = ins.insert(cb);
      ins.flush();
      RefUpdate ru = repo.updateRef("refs/heads/master");
      ru.setNewObjectId(c);
      ru.forceUpdate();
      return c;
    }
  }

  /** The id git gives {@code content} as a blob. */
  public static ObjectId blobId(byte[] content) {
    return new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, content);
  }
}
