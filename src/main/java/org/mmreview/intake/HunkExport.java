package org.mmreview.intake;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes what intake extracted in a form to compare with {@code git mailinfo} + {@code git apply
 * --numstat}: per message {@code <id>.hunks} (each file's hunks as diff text) and one {@code
 * numstat.tsv} ({@code id, added, removed, path}; binary as {@code -}).
 */
public final class HunkExport implements AutoCloseable {
  private final Path dir;
  private final Writer numstat;
  private final Writer index;

  /** Opens {@code dir} for writing, message by message. */
  public HunkExport(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    this.numstat = Files.newBufferedWriter(dir.resolve("numstat.tsv"), StandardCharsets.UTF_8);
    this.index = Files.newBufferedWriter(dir.resolve("messages.tsv"), StandardCharsets.UTF_8);
  }

  /** One message of an archive or mbox: its line in the index, and its hunks when it has a diff. */
  public void message(InboxMessage m) throws IOException {
    index.write(m.id() + "\t" + m.category() + "\t" + m.reason().map(Enum::name).orElse("") + "\n");
    boolean kept =
        m.category() == InboxMessage.Category.PATCH || m.category() == InboxMessage.Category.REPLY;
    if (kept && m.hasDiff()) {
      write(dir, m.id(), m.patch().orElseThrow(), numstat);
    }
  }

  /** A patch that came from no mail (a plain diff, a git commit). */
  public void patch(Patch p) throws IOException {
    write(dir, p.source(), p, numstat);
  }

  @Override
  public void close() throws IOException {
    try (Writer a = numstat;
        Writer b = index) {
      a.flush();
      b.flush();
    }
  }

  public static void write(Path dir, List<InboxMessage> messages, List<Patch> others)
      throws IOException {
    try (HunkExport e = new HunkExport(dir)) {
      for (InboxMessage m : messages) {
        e.message(m);
      }
      for (Patch p : others) {
        e.patch(p);
      }
    }
  }

  private static void write(Path dir, String id, Patch p, Writer numstat) throws IOException {
    String safe = id.replaceAll("[^A-Za-z0-9._@-]", "_");
    StringBuilder sb = new StringBuilder();
    for (FileChange f : p.files()) {
      numstat.write(
          id
              + "\t"
              + (f.binary() ? "-\t-" : f.added() + "\t" + f.removed())
              + "\t"
              + f.path()
              + "\n");
      sb.append("=== ").append(f.path()).append('\n');
      for (Hunk h : f.hunks()) {
        sb.append(h.toDiffText());
      }
    }
    Files.writeString(dir.resolve(safe + ".hunks"), sb.toString(), StandardCharsets.UTF_8);
  }
}
