package org.mmreview.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in-process, capturing what it prints, for the command tests. */
final class CheckRun {
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    return run(Host.system(), args);
  }

  /** Runs in {@code host}: its standard input, environment, directory and terminal. */
  static Result run(Host host, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(host);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private CheckRun() {}
}
