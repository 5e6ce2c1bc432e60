package org.mmreview.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mmreview.cli.hooks.HookInstaller;
import org.mmreview.cli.hooks.HookLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mmreview hooks install|uninstall}: puts mmreview's git hooks into a repository, calling
 * the launcher by absolute path so mmreview need not be on PATH, and chaining hooks already there.
 */
@Command(
    name = "hooks",
    mixinStandardHelpOptions = true,
    description =
        "Install or remove mmreview's git hooks (pre-commit, sendemail-validate, pre-push).",
    subcommands = {HooksCommand.Install.class, HooksCommand.Uninstall.class})
public final class HooksCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INPUT_ERROR;
  }

  /** Options both subcommands take, and the process state the repository is looked up from. */
  static final class Target {
    @Option(
        names = "--repo",
        paramLabel = "DIR",
        description =
            "A directory in the repository (default: the current one; GIT_DIR is honoured).")
    Path repo;

    @Option(
        names = "--hooks",
        paramLabel = "NAMES",
        split = ",",
        description = "Which hooks (default: all): pre-commit, sendemail-validate, pre-push.")
    List<String> hooks = new ArrayList<>(HookInstaller.HOOKS);

    Map<String, String> environment = System.getenv();
    Path cwd = Path.of("").toAbsolutePath();
  }

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = "Install the hooks; an existing hook is kept and run first.")
  static final class Install implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Option(
        names = "--launcher",
        paramLabel = "FILE",
        description = "The mmreview launcher the hooks call (default: the one running now).")
    Path launcher;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      Optional<Path> chosen =
          launcher != null
              ? Optional.of(target.cwd.resolve(launcher).normalize())
              : runningLauncher(target.environment);
      if (chosen.isEmpty()) {
        err.println(
            "mmreview: hooks: cannot tell where the mmreview launcher is; run ./mmreview or give --launcher");
        err.flush();
        return ExitCodes.INPUT_ERROR;
      }
      if (!Files.isExecutable(chosen.get())) {
        err.println("mmreview: hooks: " + chosen.get() + ": not an executable launcher");
        err.flush();
        return ExitCodes.INPUT_ERROR;
      }
      return apply(spec, target, HookInstaller::install, chosen.get());
    }
  }

  @Command(
      name = "uninstall",
      mixinStandardHelpOptions = true,
      description = "Remove the hooks; a chained hook is put back.")
  static final class Uninstall implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Override
    public Integer call() {
      return apply(spec, target, HookInstaller::uninstall, Path.of("mmreview"));
    }
  }

  /** Install or uninstall, applied to one hook. */
  private interface Action {
    HookInstaller.Outcome on(HookInstaller installer, String hook) throws IOException;
  }

  private static int apply(CommandSpec spec, Target target, Action action, Path launcher) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      for (String hook : target.hooks) {
        if (!HookInstaller.HOOKS.contains(hook)) {
          err.println(
              "mmreview: hooks: unknown hook '"
                  + hook
                  + "' (expected "
                  + String.join(", ", HookInstaller.HOOKS)
                  + ")");
          return ExitCodes.INPUT_ERROR;
        }
      }
      HookLocation where =
          HookLocation.find(Optional.ofNullable(target.repo), target.cwd, target.environment);
      HookInstaller installer = new HookInstaller(where.hooksDir(), launcher);
      int code = ExitCodes.OK;
      for (String hook : target.hooks) {
        HookInstaller.Outcome o = action.on(installer, hook);
        if (o.ok()) {
          out.println(o.what());
        } else {
          err.println("mmreview: hooks: " + o.what());
          code = ExitCodes.INPUT_ERROR;
        }
      }
      return code;
    } catch (HookLocation.NotARepositoryException e) {
      err.println("mmreview: hooks: " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    } catch (IOException e) {
      err.println("mmreview: hooks: " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * The launcher running this process: the launcher says so in {@code MMREVIEW_LAUNCHER}; otherwise
   * it is {@code mmreview} beside the {@code target/} holding these classes or jar.
   */
  static Optional<Path> runningLauncher(Map<String, String> env) {
    String fromLauncher = env.get("MMREVIEW_LAUNCHER");
    if (fromLauncher != null && !fromLauncher.isBlank()) {
      return Optional.of(Path.of(fromLauncher).toAbsolutePath().normalize());
    }
    try {
      CodeSource cs = HooksCommand.class.getProtectionDomain().getCodeSource();
      if (cs == null || cs.getLocation() == null) {
        return Optional.empty();
      }
      Path code = Path.of(cs.getLocation().toURI()); // target/classes or target/mmreview.jar
      Path targetDir = code.getParent();
      Path candidate =
          targetDir == null || targetDir.getParent() == null
              ? null
              : targetDir.getParent().resolve("mmreview");
      return Optional.ofNullable(candidate).filter(Files::isRegularFile);
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      return Optional.empty();
    }
  }
}
