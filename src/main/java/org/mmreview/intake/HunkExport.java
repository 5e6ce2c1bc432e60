package org.mmreview.intake;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes what intake extracted in a form to compare with {@code git mailinfo} +
 * {@code git apply --numstat}: per message {@code <id>.hunks} (each file's hunks as diff text)
 * and one {@code numstat.tsv} ({@code id, added, removed, path}; binary as {@code -}).
 */
public final class HunkExport {
  private HunkExport() {}

  public static void write(Path dir, List<InboxMessage> messages, List<Patch> others) throws IOException {
    Files.createDirectories(dir);
    try (Writer numstat = Files.newBufferedWriter(dir.resolve("numstat.tsv"), StandardCharsets.UTF_8);
        Writer index = Files.newBufferedWriter(dir.resolve("messages.tsv"), StandardCharsets.UTF_8)) {
      for (InboxMessage m : messages) {
        index.write(m.id() + "\t" + m.category() + "\t" + m.reason().map(Enum::name).orElse("") + "\n");
        boolean kept =
            m.category() == InboxMessage.Category.PATCH || m.category() == InboxMessage.Category.REPLY;
        if (kept && m.hasDiff()) {
          write(dir, m.id(), m.patch().orElseThrow(), numstat);
        }
      }
      for (Patch p : others) {
        write(dir, p.source(), p, numstat);
      }
    }
  }

  private static void write(Path dir, String id, Patch p, Writer numstat) throws IOException {
    String safe = id.replaceAll("[^A-Za-z0-9._@-]", "_");
    StringBuilder sb = new StringBuilder();
    for (FileChange f : p.files()) {
      numstat.write(id + "\t" + (f.binary() ? "-\t-" : f.added() + "\t" + f.removed()) + "\t" + f.path() + "\n");
      sb.append("=== ").append(f.path()).append('\n');
      for (Hunk h : f.hunks()) {
        sb.append(h.toDiffText());
      }
    }
    Files.writeString(dir.resolve(safe + ".hunks"), sb.toString(), StandardCharsets.UTF_8);
  }
}
