package org.mmreview.cli.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Installs and removes mmreview's git hooks in one hooks directory. A hook that is already there
 * and is not mmreview's is never overwritten: it is moved aside to {@code <hook>.mmreview-chained},
 * which mmreview's hook runs first (its failure stops git as before), and uninstalling moves it
 * back.
 */
public final class HookInstaller {

  /** The hooks mmreview provides, in the order they are installed. */
  public static final List<String> HOOKS = List.of("pre-commit", "sendemail-validate", "pre-push");

  /** The suffix of a hook moved aside for mmreview's. */
  public static final String CHAINED_SUFFIX = ".mmreview-chained";

  /** Every mmreview template carries this line; it is how an installed hook is recognised. */
  static final String MARKER = "# mmreview-hook: ";

  /** The template line that names the launcher, rewritten on install. */
  static final String LAUNCHER_LINE = "mmreview=${MMREVIEW:-mmreview}";

  private static final String TEMPLATE_DIR = "/org/mmreview/hooks/";

  private final Path hooksDir;
  private final Path launcher;

  public HookInstaller(Path hooksDir, Path launcher) {
    this.hooksDir = hooksDir;
    this.launcher = launcher;
  }

  /** What installing or removing one hook did, in words for the user. */
  public record Outcome(String hook, boolean ok, String what) {}

  /** Installs {@code hook}, chaining a foreign hook that is already there. */
  public Outcome install(String hook) throws IOException {
    Path target = hooksDir.resolve(hook);
    Path chained = hooksDir.resolve(hook + CHAINED_SUFFIX);
    String note = "";
    if (exists(target) && !isOurs(target)) {
      if (exists(chained)) {
        return new Outcome(
            hook,
            false,
            "both "
                + target
                + " and "
                + chained
                + " exist and neither is mmreview's; move one away and install again");
      }
      Files.move(target, chained);
      note = " (the hook that was there runs first, as " + chained.getFileName() + ")";
    } else if (exists(target)) {
      note =
          exists(chained)
              ? " (updated; still runs " + chained.getFileName() + " first)"
              : " (updated)";
    }
    Files.createDirectories(hooksDir);
    // Written beside, then moved: git never runs a half-written hook, and a symlink to the
    // template (the old way of installing) is replaced rather than written through.
    Path tmp = Files.createTempFile(hooksDir, "." + hook, ".tmp");
    try {
      Files.writeString(tmp, render(hook, launcher), StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      try {
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return new Outcome(hook, true, "installed " + target + note);
  }

  /** Removes mmreview's {@code hook} and puts back the one it chained, if any. */
  public Outcome uninstall(String hook) throws IOException {
    Path target = hooksDir.resolve(hook);
    Path chained = hooksDir.resolve(hook + CHAINED_SUFFIX);
    if (exists(target) && !isOurs(target)) {
      return new Outcome(hook, true, target + " is not mmreview's; left alone");
    }
    boolean removed = Files.deleteIfExists(target);
    if (exists(chained)) {
      Files.move(chained, target);
      return new Outcome(hook, true, "restored " + target + " (the hook mmreview had chained)");
    }
    return new Outcome(hook, true, removed ? "removed " + target : "no " + target + " to remove");
  }

  /** The template for {@code hook} with the launcher's absolute path written in. */
  static String render(String hook, Path launcher) {
    String template = template(hook);
    if (!template.contains(LAUNCHER_LINE)) {
      throw new IllegalStateException("hook template " + hook + " lacks the line " + LAUNCHER_LINE);
    }
    // Single-quoted so that no character of the path means anything to the shell.
    String quoted = "'" + launcher.toString().replace("'", "'\\''") + "'";
    return template.replace(LAUNCHER_LINE, "mmreview=${MMREVIEW:-" + quoted + "}");
  }

  static String template(String hook) {
    if (!HOOKS.contains(hook)) {
      throw new IllegalArgumentException(
          "unknown hook '" + hook + "' (expected one of " + String.join(", ", HOOKS) + ")");
    }
    try (InputStream in = HookInstaller.class.getResourceAsStream(TEMPLATE_DIR + hook)) {
      if (in == null) {
        throw new IllegalStateException("hook template " + hook + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }

  /** True when {@code hook} is one of mmreview's (installed, or a link to a template). */
  static boolean isOurs(Path hook) throws IOException {
    if (!Files.isRegularFile(hook)) {
      return false; // a dangling link, a directory: someone else's
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(hook)) {
      head = in.readNBytes(512);
    }
    return new String(head, StandardCharsets.ISO_8859_1).contains(MARKER);
  }
}
