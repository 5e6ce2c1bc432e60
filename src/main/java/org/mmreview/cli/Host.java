package org.mmreview.cli;

import java.io.Console;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a command reads of the process it runs in: standard input, the environment, the current
 * directory, and whether standard output is a terminal. {@link #system()} is the real process;
 * tests build their own, so no command touches {@code System.in} or {@code System.getenv} directly.
 *
 * @param stdin what {@code -} as a FILE reads
 * @param env the environment ({@code NO_COLOR}, {@code GIT_DIR}, {@code GIT_INDEX_FILE}, ...)
 * @param cwd the directory relative paths and repository discovery start from
 * @param stdoutIsTerminal true when standard output is an interactive terminal
 */
public record Host(InputStream stdin, Map<String, String> env, Path cwd, boolean stdoutIsTerminal) {

  public Host {
    env = Map.copyOf(env);
    cwd = cwd.toAbsolutePath().normalize();
  }

  /** This process. */
  public static Host system() {
    return new Host(System.in, System.getenv(), Path.of(""), consoleIsTerminal());
  }

  /** The value of an environment variable, empty when unset. */
  public Optional<String> getenv(String name) {
    return Optional.ofNullable(env.get(name));
  }

  /**
   * Java's console exists only when both standard input and output are terminals (JDK 17); from JDK
   * 22 on it may exist for a redirected stream, and {@code Console.isTerminal()} tells.
   */
  private static boolean consoleIsTerminal() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17 to 21: a console at all means a terminal
    }
  }
}
