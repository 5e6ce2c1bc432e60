package org.mmreview.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mmreview completion}: the bash completion script for every command and option, generated
 * by picocli from the command model itself, so it never falls behind the options. Zsh reads it too,
 * after {@code autoload -U bashcompinit && bashcompinit}.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print the bash (and zsh) completion script.",
      "Use: source <(mmreview completion), or save it under ~/.local/share/bash-completion/completions/mmreview."
    })
public final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    spec.commandLine().getOut().print(AutoComplete.bash("mmreview", root));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
