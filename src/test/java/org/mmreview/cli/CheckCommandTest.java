package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  @TempDir Path tmp;

  static CheckRun.Result run(String... args) {
    return CheckRun.run(args);
  }

  @Test
  void missingInputIsAOneLineUsageError() {
    CheckRun.Result r = run("check", tmp.resolve("nope.patch").toString());
    assertEquals(ExitCodes.INPUT_ERROR, r.code());
    assertTrue(r.err().contains("nope.patch"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void noInputAtAll() {
    CheckRun.Result r = run("check");
    assertEquals(ExitCodes.INPUT_ERROR, r.code());
    assertTrue(r.err().startsWith("mmreview: check: no input"), r.err());
  }

  @Test
  void badFormatAndUnknownRuleAreUsageErrors() throws IOException {
    Path c = Files.writeString(tmp.resolve("a.c"), "int f(void) { return 0; }\n");
    assertEquals(ExitCodes.INPUT_ERROR, run("check", "--all", "--format=xml", c.toString()).code());
    CheckRun.Result r = run("check", "--all", "--rule", "no-such-rule", c.toString());
    assertEquals(ExitCodes.INPUT_ERROR, r.code());
    assertTrue(r.err().contains("unknown rule 'no-such-rule'"), r.err());
  }

  @Test
  void cFileNeedsAll() throws IOException {
    Path c = Files.writeString(tmp.resolve("a.c"), "int f(void) { return 0; }\n");
    CheckRun.Result r = run("check", c.toString());
    assertEquals(ExitCodes.INPUT_ERROR, r.code());
    assertTrue(r.err().contains("give --all"), r.err());
  }

  @Test
  void cleanFileExitsZero() throws IOException {
    Path c =
        Files.writeString(tmp.resolve("clean.c"), "static int f(int a)\n{\n\treturn a + 1;\n}\n");
    CheckRun.Result r = run("check", "--all", "--format=gcc", c.toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertEquals("", r.out());
  }

  @Test
  void binaryFileIsNamedAndNothingIsPrinted() throws IOException {
    Path c = tmp.resolve("garbage.c");
    Files.write(c, new byte[] {'i', 'n', 't', 0, (byte) 0xff, (byte) 0xfe, 1, 2});
    CheckRun.Result r = run("check", "--all", c.toString());
    assertEquals(ExitCodes.INPUT_ERROR, r.code());
    assertTrue(r.err().startsWith("mmreview: " + c + ": binary data"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void oneBadInputDoesNotStopTheOthers() throws IOException {
    Path good =
        Files.writeString(
            tmp.resolve("good.c"),
            "static int f(struct vm_area_struct *vma)\n{\n\tBUG_ON(!vma);\n\treturn 0;\n}\n");
    CheckRun.Result r =
        run(
            "check",
            "--all",
            "--format=gcc",
            "--fail-on=none",
            tmp.resolve("missing.c").toString(),
            good.toString());
    // The good file is still reviewed and reported, but a missing input is never a clean run.
    assertEquals(ExitCodes.INPUT_ERROR, r.code(), r.err());
    assertTrue(r.err().contains("missing.c: no such file"), r.err());
    assertTrue(
        r.err().contains("mmreview: 1 reviewed, 0 skipped, 1 input error, 0 internal failures"),
        r.err());
  }
}
