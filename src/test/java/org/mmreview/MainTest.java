package org.mmreview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.mmreview.cli.Main;
import picocli.CommandLine;

class MainTest {
  @Test
  void versionPrintsProjectVersion() {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("--version"));
    assertTrue(out.toString().startsWith("mmreview 0."), out.toString());
  }

  @Test
  void unknownOptionIsUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err));
    assertEquals(2, cl.execute("--no-such-flag"));
    assertTrue(err.toString().contains("no-such-flag"), err.toString());
  }
}
