package org.mmreview.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates files under {@code fixtures/intake/}. */
final class Fixtures {
  private Fixtures() {}

  static Path root() {
    return Path.of(System.getProperty("mmreview.root", ".")).toAbsolutePath().normalize();
  }

  static Path path(String name) {
    return root().resolve("fixtures/intake").resolve(name);
  }

  static byte[] bytes(String name) throws IOException {
    return Files.readAllBytes(path(name));
  }

  static String text(String name) throws IOException {
    return Files.readString(path(name));
  }
}
