package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script names the commands and their options, and bash accepts it. */
class CompletionCommandTest {
  @TempDir Path tmp;

  @Test
  void scriptCompletesCommandsAndOptionsAndIsValidBash() throws Exception {
    CheckRun.Result r = CheckRun.run("completion");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    String script = r.out();
    assertTrue(script.contains("complete -F _complete_mmreview"), script.substring(0, 200));
    for (String word :
        new String[] {"check", "intake", "hooks", "--fail-on", "--min-severity", "--staged"}) {
      assertTrue(script.contains(word), word);
    }
    Path file = Files.writeString(tmp.resolve("mmreview.bash"), script);
    // bash -n parses without running: a syntax error in the generated script fails here.
    Process p = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
  }
}
