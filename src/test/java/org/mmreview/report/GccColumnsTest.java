package org.mmreview.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.report.GccFormat.ColumnUnit;

/** Columns of {@code --format=gcc} on tab-indented kernel lines, as editors read them. */
class GccColumnsTest {
  @TempDir Path tmp;

  /** mm/userfaultfd.c style: two tabs, then the evidence. */
  private static final String LINE = "\t\terr = mfill_get_vma(state);";

  @Test
  void displayColumnsExpandTabsToEight() {
    // "err" is character 3; after two tabs it shows at column 17.
    assertEquals(17, GccFormat.column(LINE, 3, ColumnUnit.DISPLAY));
    assertEquals(23, GccFormat.column(LINE, 9, ColumnUnit.DISPLAY)); // "mfill_get_vma"
    assertEquals(1, GccFormat.column(LINE, 1, ColumnUnit.DISPLAY));
    assertEquals(
        9, GccFormat.column("ab\tc", 4, ColumnUnit.DISPLAY)); // a tab mid-line: to the next stop
    assertEquals(17, GccFormat.column("ab\tc\td", 6, ColumnUnit.DISPLAY));
    assertEquals(7, GccFormat.column("x", 7, ColumnUnit.DISPLAY), "past the known text: unchanged");
    assertEquals(5, GccFormat.column("", 5, ColumnUnit.DISPLAY), "no text: unchanged");
  }

  @Test
  void byteColumnsCountUtf8Bytes() {
    assertEquals(3, GccFormat.column(LINE, 3, ColumnUnit.BYTE));
    assertEquals(10, GccFormat.column("/* é */ x", 9, ColumnUnit.BYTE)); // é is two bytes
  }

  private static String gcc(ColumnUnit unit) {
    Finding f =
        new Finding(
            "retry-stale-snapshot",
            Severity.ERROR,
            new Location("u.c", 2, 3, 6, ""),
            OptionalInt.empty(),
            "m",
            List.of(new Location("u.c", 2, 9, 10, "here"), new Location("u.c", 1, 2, 3, "there")),
            "",
            "",
            LINE,
            false,
            "");
    StringWriter s = new StringWriter();
    new GccFormat(unit).write(List.of(f), new PrintWriter(s));
    return s.toString();
  }

  @Test
  void relatedLocationsOnTheFindingsLineAreConvertedToo() {
    assertEquals(
        "u.c:2:17: error: m [retry-stale-snapshot]\nu.c:2:23: note: here [retry-stale-snapshot]\n"
            + "u.c:1:2: note: there [retry-stale-snapshot]\n",
        gcc(ColumnUnit.DISPLAY).replace("\r\n", "\n"));
  }

  /** Where Vim's quickfix puts the cursor for the first gcc line, as (byte col, screen col). */
  private String vimCursor(String errorformat, String gccOutput) throws Exception {
    Path src = tmp.resolve("u.c");
    Files.writeString(src, "int x;\n" + LINE + "\n");
    Path errors =
        Files.writeString(
            tmp.resolve("errors.txt"), gccOutput.lines().findFirst().orElseThrow() + "\n");
    Path result = tmp.resolve("cursor.txt");
    Process p =
        new ProcessBuilder(
                "vim",
                "-es",
                "-N",
                "-u",
                "NONE",
                "-i",
                "NONE",
                "-c",
                "set efm=" + errorformat,
                "-c",
                "cgetfile " + errors,
                "-c",
                "cfirst",
                "-c",
                "call writefile([col('.') . ' ' . virtcol('.')], '" + result + "')",
                "-c",
                "qa!")
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    p.getInputStream().readAllBytes();
    assertEquals(true, p.waitFor(20, TimeUnit.SECONDS));
    return Files.readString(result, StandardCharsets.UTF_8).strip();
  }

  @Test
  void editorsLandOnTheEvidence() throws Exception {
    assumeTrue(new File("/usr/bin/vim").canExecute(), "vim not installed");
    // Vim's %v reads GCC's display columns (as Emacs does); its %c reads byte columns.
    assertEquals("3 17", vimCursor("%f:%l:%v:\\ %m", gcc(ColumnUnit.DISPLAY)));
    assertEquals("3 17", vimCursor("%f:%l:%c:\\ %m", gcc(ColumnUnit.BYTE)));
  }
}
