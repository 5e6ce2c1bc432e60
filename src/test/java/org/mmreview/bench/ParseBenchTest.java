package org.mmreview.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ParseBenchTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(int jobs, String... names) {
    Path dir = Path.of(System.getProperty("mmreview.root", ".")).resolve("fixtures/parse");
    List<Path> files = Stream.of(names).map(dir::resolve).toList();
    return new ParseBench(jobs).run(files, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void parsesManyFilesInOneRun() {
    assertEquals(1, run(1, "guards.c", "error-recovery.c"));
    String s = out.toString();
    assertTrue(s.contains("files: 2"), s);
    assertTrue(s.contains("functions: 4"), s);
    assertTrue(s.contains("functions with error nodes: 1"), s);
    assertTrue(s.contains("error-recovery.c:7: broken"), s);
    assertTrue(s.contains("SLL->LL fallbacks: 1"), s);
  }

  @Test
  void twoThreadsGiveTheSameTotals() {
    assertEquals(1, run(2, "guards.c", "error-recovery.c", "typedefs.c", "iterators.c"));
    String s = out.toString();
    assertTrue(s.contains("files: 4"), s);
    assertTrue(s.contains("functions: 7"), s);
    assertTrue(s.contains("functions with error nodes: 1"), s);
    assertTrue(s.contains("on 2 threads"), s);
  }

  @Test
  void unreadableFileIsExitTwo() {
    assertEquals(2, run(1, "no-such-file.c"));
    assertTrue(err.toString().contains("no-such-file.c: cannot read"), err.toString());
  }
}
