package org.mmreview.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: wires the subcommands; each command returns its own exit code. */
@Command(
    name = "mmreview",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Patch-review static analyser for Linux kernel memory-management code.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:clean: nothing at or above the failure threshold",
      "1:findings at or above the failure threshold",
      "2:usage or input error",
      "3:internal error (contained; other inputs were still processed)"
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      AuditCommand.class,
      BaselineCommand.class,
      BotCommand.class,
      B4CheckCommand.class,
      CheckCommand.class,
      CompletionCommand.class,
      HooksCommand.class,
      ManCommand.class,
      IntakeCommand.class,
      ParseCommand.class,
      RulesCommand.class,
      ServeCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The process the commands run in; subcommands reach it as their parent command's. */
  final Host host;

  Main(Host host) {
    this.host = host;
  }

  /** The host of a subcommand: its parent's, or this process when it runs on its own. */
  static Host host(Main parent) {
    return parent == null ? Host.system() : parent.host;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Builds the command line, in this process, with the project's exit-code conventions (2 = usage
   * error).
   */
  public static CommandLine commandLine() {
    return commandLine(Host.system());
  }

  /** The command line running in {@code host} (tests give their own stdin and environment). */
  public static CommandLine commandLine(Host host) {
    CommandLine cl = new CommandLine(new Main(host));
    cl.setExitCodeExceptionMapper(t -> ExitCodes.INPUT_ERROR);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("mmreview: internal error: " + ex);
          return ExitCodes.INTERNAL_ERROR;
        });
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("mmreview: " + ex.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.INPUT_ERROR;
        });
    return cl;
  }

  public static void main(String[] args) {
    int status;
    try {
      status = commandLine().execute(args);
    } catch (Throwable t) {
      // picocli hands Errors through; a user still gets one line and the internal-error status.
      System.err.println("mmreview: internal error: " + t);
      status = ExitCodes.INTERNAL_ERROR;
    }
    System.exit(status);
  }

  /** Reads the version Maven filtered into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/org/mmreview/version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"mmreview " + p.getProperty("version", "unknown")};
    }
  }
}
