package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The manual pages in man/ are what `mmreview man` writes from today's command line. */
class ManPagesTest {
  private static final Path MAN = Path.of("man");

  @Test
  void manPagesAreUpToDate() throws IOException {
    Map<String, String> fresh = new TreeMap<>(ManCommand.pages(Main.commandLine()));
    Map<String, String> kept = new TreeMap<>();
    try (Stream<Path> files = Files.list(MAN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".1")).toList()) {
        kept.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    String hint = "man/ is stale: run `./mmreview man --dir man` and commit it";
    assertEquals(fresh.keySet(), kept.keySet(), hint);
    for (String name : fresh.keySet()) {
      assertEquals(fresh.get(name), kept.get(name), name + ": " + hint);
    }
  }

  @Test
  void everyCommandAndItsOptionsAreDocumented() {
    Map<String, String> pages = ManCommand.pages(Main.commandLine());
    assertTrue(pages.containsKey("mmreview.1"));
    assertTrue(pages.containsKey("mmreview-check.1"));
    assertTrue(pages.containsKey("mmreview-hooks-install.1"));
    String check = pages.get("mmreview-check.1");
    assertTrue(check.contains(".SH EXIT STATUS"), check);
    assertTrue(check.contains("\\fB\\-\\-min\\-severity\\fR"), check);
    assertTrue(!check.contains("${DEFAULT-VALUE}"), "picocli variables are filled in");
  }

  @Test
  void troffEscapesWhatItWouldReadAsRequests() {
    assertEquals("\\&.hidden \\e \\-x", ManCommand.text(".hidden \\ -x"));
  }
}
