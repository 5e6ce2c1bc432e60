package org.mmreview.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A report written to {@code --output FILE} all at once or not at all: it goes to a temporary file
 * beside the target (same file system, so the rename is atomic) that replaces the target only when
 * the run has finished. A run that dies or is killed leaves the previous report, or none, never
 * half of one; a temporary file left by {@code kill -9} is hidden ({@code .FILE.*.tmp}).
 */
final class ReportFile implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final PrintWriter writer;
  private boolean committed;

  private ReportFile(Path target, Path temp, PrintWriter writer) {
    this.target = target;
    this.temp = temp;
    this.writer = writer;
  }

  /** Opens the temporary file; fails now, before any review, when the directory is not writable. */
  static ReportFile open(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (Files.isDirectory(abs)) {
      throw new IOException(target + ": is a directory");
    }
    Path temp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    temp.toFile().deleteOnExit(); // an interrupted JVM (Ctrl-C, SIGTERM) removes it too
    Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
    return new ReportFile(abs, temp, new PrintWriter(w));
  }

  PrintWriter writer() {
    return writer;
  }

  /** Puts the finished report in place of the target. */
  void commit() throws IOException {
    writer.flush();
    if (writer.checkError()) {
      throw new IOException(target + ": write failed");
    }
    writer.close();
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
  }

  /** Drops the temporary file unless the report was committed. */
  @Override
  public void close() {
    if (!committed) {
      writer.close();
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // Nothing more to do: the file is hidden and named as temporary.
      }
    }
  }
}
