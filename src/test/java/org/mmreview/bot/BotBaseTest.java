package org.mmreview.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.store.BotStore;

/**
 * A configured kernel tree: a patch that applies to the branch is reviewed on it (whole functions),
 * one that does not is reviewed from its hunks and the reply says so rather than claim whole
 * functions. The fixture patch names no base-commit, so the branch is used.
 */
class BotBaseTest {

  /** The pre-image lines the fixture's one hunk expects at its line 6: its context lines. */
  static List<String> hunkContext() throws Exception {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String l : BotBehaviourTest.fixture("single.eml").split("\n", -1)) {
      if (l.startsWith("@@ ")) {
        in = true;
      } else if (in && l.startsWith("-- ")) {
        break;
      } else if (in && l.startsWith(" ")) {
        out.add(l.substring(1));
      }
    }
    return out;
  }

  /** A kernel tree with {@code mm/userfaultfd.c} as given, on branch main; its abbreviated id. */
  static String kernel(Path dir, String userfaultfd) throws Exception {
    Files.createDirectories(dir.resolve("mm"));
    Files.writeString(dir.resolve("mm/userfaultfd.c"), userfaultfd);
    try (Git g = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      g.add().addFilepattern("mm").call();
      RevCommit c =
          g.commit()
              .setMessage("base")
              .setAuthor("Jane", "jane@example.org")
              .setCommitter("Jane", "jane@example.org")
              .setSign(false)
              .call();
      return c.abbreviate(12).name();
    }
  }

  static String reply(Path dir, String userfaultfd) throws Exception {
    String abbrev = kernel(dir.resolve("linux"), userfaultfd);
    Path inbox = BotFixtures.inbox(dir, List.of("single.eml"));
    Path out = dir.resolve("out");
    BotConfig cfg =
        BotBehaviourTest.config(
            "kernel-repo: " + dir.resolve("linux") + "\nbranch: main\nmin-severity: info\n");
    try (BotStore store = BotStore.open(dir.resolve("state.db"))) {
      String err = BotFixtures.poll(store, cfg, inbox, out, BotFixtures.LATER, Optional.empty());
      List<String> mails = BotBehaviourTest.outbox(out);
      assertEquals(1, mails.size(), err);
      return abbrev + "\n" + mails.get(0).replaceAll("\\s+", " ");
    }
  }

  @Test
  void aPatchThatAppliesIsReviewedOnTheBranch(@TempDir Path dir) throws Exception {
    String file =
        "// SPDX-License-Identifier: GPL-2.0-only\n#include <linux/mm.h>\n"
            + "#include <linux/swap.h>\n#include <linux/userfaultfd_k.h>\n\n"
            + String.join("\n", hunkContext())
            + "\n";
    String r = reply(dir, file);
    String abbrev = r.substring(0, r.indexOf('\n'));
    assertTrue(
        r.contains(
            "Reviewed on main at " + abbrev + ", whole functions, as it names no base-commit."),
        r);
    assertTrue(!r.contains("does not apply"), r);
  }

  @Test
  void aPatchThatDoesNotApplyIsReviewedFromItsHunksAndSaysSo(@TempDir Path dir) throws Exception {
    String r = reply(dir, "// SPDX-License-Identifier: GPL-2.0-only\nint unrelated;\n");
    String abbrev = r.substring(0, r.indexOf('\n'));
    assertTrue(
        r.contains(
            "Reviewed from the patch's hunks only, as it does not apply to main at "
                + abbrev
                + " (taken as it names no base-commit): code outside the hunks was not seen."),
        r);
    assertTrue(!r.contains("whole functions"), r);
  }
}
