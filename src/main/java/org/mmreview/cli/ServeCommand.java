package org.mmreview.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmreview.cli.serve.ServeProtocol;
import org.mmreview.cli.serve.ServeServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mmreview serve}: the warm server the hooks' client talks to (see {@link ServeServer}).
 * Each request runs the same {@link Main#commandLine(Host)} a cold process runs, with the client's
 * arguments, directory, environment, terminal and standard input, so its output is the cold path's,
 * byte for byte.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve mmreview commands from a warm process on a Unix-domain socket, for the hooks:"
          + " the launcher with MMREVIEW_SERVE=1 (the hooks set it) uses it when it answers and"
          + " starts it in the background when not.",
      "Only the user running it can connect (directory 0700, socket 0600, peer uid checked).",
      "It exits after --idle without a request."
    })
final class ServeCommand implements Callable<Integer> {
  @CommandLine.ParentCommand Main parent;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--socket",
      paramLabel = "PATH",
      description =
          "The socket (default: $XDG_RUNTIME_DIR/mmreview/<jar hash>.sock, else"
              + " /tmp/mmreview-$USER/; the launcher computes the same).")
  Path socket;

  @Option(
      names = "--idle",
      paramLabel = "DURATION",
      defaultValue = "30m",
      description =
          "Exit after this long without a request: 90s, 30m, 2h (default: ${DEFAULT-VALUE}).")
  String idle;

  @Option(
      names = "--print-socket",
      description = "Print the default socket path and exit (the launcher's check of its own).")
  boolean printSocket;

  @Override
  public Integer call() throws IOException {
    Host host = Main.host(parent);
    PrintWriter err = spec.commandLine().getErr();
    Duration idleFor;
    try {
      idleFor = duration(idle);
    } catch (IllegalArgumentException e) {
      err.println("mmreview serve: --idle " + idle + ": " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    }
    Path where = socket != null ? host.cwd().resolve(socket) : defaultSocket(host);
    if (printSocket) {
      spec.commandLine().getOut().println(where);
      return ExitCodes.OK;
    }
    ServeServer server =
        new ServeServer(where, idleFor, ServeCommand::runServed, err, stdoutCharset());
    try {
      server.serve();
      return ExitCodes.OK;
    } catch (ServeServer.ServeException e) {
      err.println("mmreview serve: " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    }
  }

  /**
   * Runs one served command line as the cold process would, in the client's directory, environment,
   * terminal and standard input. Only {@code check}: it is what the hooks run, and every input of
   * check is read through {@link Host}; other commands may read this process's own directory or
   * environment.
   */
  static int runServed(
      ServeProtocol.Request r, InputStream stdin, PrintWriter out, PrintWriter err) {
    if (r.argv().isEmpty() || !r.argv().get(0).equals("check")) {
      err.println("mmreview: the server runs check only; run other commands directly");
      return ExitCodes.INPUT_ERROR;
    }
    CommandLine cl = Main.commandLine(new Host(stdin, r.env(), Path.of(r.cwd()), r.tty()));
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(r.argv().toArray(String[]::new));
  }

  /** The socket of the jar this process runs from (the launcher's, when it started us). */
  static Path defaultSocket(Host host) throws IOException {
    Path jar;
    try {
      jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | SecurityException e) {
      throw new IOException("cannot tell where mmreview runs from: " + e.getMessage(), e);
    }
    long mtime = Files.getLastModifiedTime(jar).toMillis() / 1000;
    return ServeServer.defaultSocket(host.env(), jar, mtime);
  }

  /** What a cold process's standard output encodes with, as picocli chooses it. */
  static Charset stdoutCharset() {
    String e = System.getProperty("sun.stdout.encoding");
    try {
      return e != null ? Charset.forName(e) : Charset.defaultCharset();
    } catch (IllegalArgumentException x) {
      return Charset.defaultCharset();
    }
  }

  /** {@code 90s}, {@code 30m}, {@code 2h}, or ISO-8601 ({@code PT30M}). */
  static Duration duration(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.matches("\\d+[smh]")) {
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a duration (90s, 30m, 2h)", e);
    }
  }
}
