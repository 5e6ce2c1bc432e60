package org.mmreview.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the C files named on the command line, shared by {@code parse} and {@code check}. */
final class SourceFiles {
  private SourceFiles() {}

  /** Reads a file as UTF-8 (Latin-1 when it is not valid UTF-8), with one-line failure reasons. */
  static String read(Path file) throws InputException {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new InputException("is a directory");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InputException("no such file");
    } catch (AccessDeniedException e) {
      throw new InputException("permission denied");
    } catch (IOException | OutOfMemoryError e) {
      throw new InputException("cannot read: " + e.getMessage());
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  /** A file that cannot be read, with the reason to print. */
  static final class InputException extends Exception {
    InputException(String reason) {
      super(reason);
    }
  }
}
