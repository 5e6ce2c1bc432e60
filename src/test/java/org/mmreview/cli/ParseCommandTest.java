package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ParseCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private static String fixture(String name) {
    return Path.of(System.getProperty("mmreview.root", "."))
        .resolve("fixtures/parse")
        .resolve(name)
        .toString();
  }

  @Test
  void summaryListsFunctions() {
    assertEquals(ExitCodes.OK, run("parse", fixture("guards.c")));
    assertTrue(out.toString().contains("1 functions"), out.toString());
    assertTrue(out.toString().contains("function touch_locked (lines 2-17)"), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void summaryNamesErrorNodesWithReasons() {
    assertEquals(ExitCodes.FINDINGS, run("parse", fixture("error-recovery.c")));
    assertTrue(out.toString().contains("error broken (lines 7-11): line 9:"), out.toString());
  }

  @Test
  void jsonDumpsTheAst() throws Exception {
    assertEquals(ExitCodes.OK, run("parse", "--json", fixture("switch-case-ranges.c")));
    JsonNode root = new ObjectMapper().readTree(out.toString());
    assertEquals("CompilationUnit", root.get("kind").asText());
    assertTrue(out.toString().contains("\"CaseStatement\""));
  }

  @Test
  void fragmentOption() {
    assertEquals(ExitCodes.OK, run("parse", "--fragment", "120", fixture("fragment.c")));
    assertTrue(out.toString().contains(", 0 error nodes"), out.toString());
    assertFalse(out.toString().contains("error statement"), out.toString());
  }

  @Test
  void missingFileIsOneLineAndExitTwo() {
    assertEquals(ExitCodes.INPUT_ERROR, run("parse", "/no/such/file.c"));
    assertEquals(
        "mmreview: /no/such/file.c: no such file" + System.lineSeparator(), err.toString());
  }

  @Test
  void binaryFileIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    Path bin = dir.resolve("blob.c");
    byte[] bytes = new byte[4096];
    new Random(3).nextBytes(bytes);
    bytes[10] = 0;
    Files.write(bin, bytes);
    assertEquals(ExitCodes.INPUT_ERROR, run("parse", bin.toString()));
    String e = err.toString();
    assertTrue(e.startsWith("mmreview: " + bin + ": binary data"), e);
    assertEquals(1, e.lines().count(), e);
  }

  @Test
  void directoryIsOneLineAndExitTwo(@TempDir Path dir) {
    assertEquals(ExitCodes.INPUT_ERROR, run("parse", dir.toString()));
    assertEquals("mmreview: " + dir + ": is a directory" + System.lineSeparator(), err.toString());
  }
}
