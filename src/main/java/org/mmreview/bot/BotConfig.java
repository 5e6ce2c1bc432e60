package org.mmreview.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mmreview.report.Severity;

/**
 * What the bot may do, from its YAML file ({@code --config}) and, for the mail server, the
 * environment. Nothing here sends: {@code --send} does, and only with an SMTP host configured.
 * Credentials never come from the command line, where {@code ps} shows them.
 *
 * @param from the bot's address, the From of its mails; mails from it are never replied to
 * @param lists the lists the bot may reply on (a patch must be addressed to one); empty: any list
 *     in a dry run, none when sending
 * @param ccList Cc the lists the patch went to
 * @param ccPatchRecipients Cc the patch's other To and Cc addresses too
 * @param minSeverity findings below it are not mentioned (infos are off by default)
 * @param maxFindings findings per reply; the rest are counted in one line
 * @param ratePerHour replies per hour at most; the rest wait
 * @param optOut authors (addresses) who asked the bot not to reply to them
 * @param grace an incomplete series is reviewed this long after its first message, saying so
 * @param delay a complete series waits this long so humans speak first
 * @param kernelRepo a kernel repository for {@code base-commit:}
 * @param branch the repository's branch to review on when there is no usable base-commit
 * @param paths only files under these prefixes are reviewed; empty for all
 * @param digestTo with {@code --digest}, the maintainer the daily summary goes to
 * @param smtp the mail server, when sending
 * @param imap where the bot's own copies land (it Bccs itself), checked on a restart before a reply
 *     caught mid-send is sent again
 * @param enableRules rules off by default that this bot runs too ({@code check --enable-rule})
 */
public record BotConfig(
    String from,
    List<String> lists,
    boolean ccList,
    boolean ccPatchRecipients,
    Severity minSeverity,
    int maxFindings,
    int ratePerHour,
    Set<String> optOut,
    Duration grace,
    Duration delay,
    Optional<Path> kernelRepo,
    Optional<String> branch,
    List<String> paths,
    Optional<String> digestTo,
    Optional<Server> smtp,
    Optional<Server> imap,
    List<String> enableRules) {

  /** A mail server and its login; the password only ever comes from the environment. */
  public record Server(
      String host, int port, boolean starttls, Optional<String> user, Optional<String> password) {}

  /** A configuration mistake, in one line naming the file and the key. */
  public static final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
      super(message);
    }
  }

  private static final Set<String> KEYS =
      Set.of(
          "from",
          "lists",
          "cc-list",
          "cc-patch-recipients",
          "min-severity",
          "max-findings",
          "rate-per-hour",
          "opt-out",
          "grace",
          "delay",
          "kernel-repo",
          "branch",
          "paths",
          "digest-to",
          "smtp",
          "imap",
          "enable-rules");

  /** The defaults: a dry run that mentions warnings and errors. */
  public static BotConfig defaults() {
    try {
      return parse(null, "(defaults)", Map.of());
    } catch (ConfigException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads {@code file} (absent: the defaults) and the SMTP and IMAP settings of {@code env}. */
  public static BotConfig load(Optional<Path> file, Map<String, String> env)
      throws ConfigException {
    return load(file, env, Severity.WARNING);
  }

  /**
   * As {@link #load(Optional, Map)}, with {@code minSeverity} for a file that sets no {@code
   * min-severity} (the project's {@code .mmreview.yaml} {@code bot.min-severity}, or the bot's
   * default).
   */
  public static BotConfig load(Optional<Path> file, Map<String, String> env, Severity minSeverity)
      throws ConfigException {
    if (file.isEmpty()) {
      return parse(null, "(defaults)", env, minSeverity);
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file.get()));
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.get() + ": no such file");
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable");
      throw new ConfigException(file.get() + ": " + m);
    }
    return parse(root, file.get().toString(), env, minSeverity);
  }

  static BotConfig parse(JsonNode root, String name, Map<String, String> env)
      throws ConfigException {
    return parse(root, name, env, Severity.WARNING);
  }

  static BotConfig parse(
      JsonNode root, String name, Map<String, String> env, Severity defaultMinSeverity)
      throws ConfigException {
    if (root != null && !root.isNull() && !root.isMissingNode() && !root.isObject()) {
      throw new ConfigException(name + ": expected a mapping of settings");
    }
    JsonNode r = root == null || !root.isObject() ? new ObjectMapper().createObjectNode() : root;
    for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new ConfigException(name + ": unknown key '" + k + "' (known: " + known() + ")");
      }
    }
    Severity min;
    try {
      String configured = text(r, "min-severity", null);
      min = configured == null ? defaultMinSeverity : Severity.parse(configured);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + ": min-severity: " + e.getMessage());
    }
    Optional<Server> smtp = server(r.get("smtp"), name, "smtp", env, "MMREVIEW_SMTP_", 587);
    Optional<Server> imap = server(r.get("imap"), name, "imap", env, "MMREVIEW_IMAP_", 143);
    return new BotConfig(
        text(r, "from", "mmreview bot <mmreview-bot@localhost>"),
        list(r, "lists", name),
        bool(r, "cc-list", true, name),
        bool(r, "cc-patch-recipients", false, name),
        min,
        number(r, "max-findings", 5, name),
        number(r, "rate-per-hour", 30, name),
        Set.copyOf(list(r, "opt-out", name).stream().map(BotConfig::address).toList()),
        duration(r, "grace", "6h", name),
        duration(r, "delay", "1h", name),
        Optional.ofNullable(r.get("kernel-repo")).map(n -> Path.of(n.asText())),
        Optional.ofNullable(r.get("branch")).map(JsonNode::asText),
        list(r, "paths", name),
        Optional.ofNullable(r.get("digest-to")).map(JsonNode::asText),
        smtp,
        imap,
        list(r, "enable-rules", name));
  }

  private static String known() {
    return String.join(", ", KEYS.stream().sorted().toList());
  }

  private static Optional<Server> server(
      JsonNode n, String name, String key, Map<String, String> env, String prefix, int port)
      throws ConfigException {
    String host = env.getOrDefault(prefix + "HOST", n == null ? null : text(n, "host", null));
    if (host == null || host.isBlank()) {
      return Optional.empty();
    }
    int p;
    try {
      p =
          Integer.parseInt(
              env.getOrDefault(
                  prefix + "PORT", n == null ? "" + port : text(n, "port", "" + port)));
    } catch (NumberFormatException e) {
      throw new ConfigException(name + ": " + key + ".port: not a number");
    }
    boolean tls =
        Boolean.parseBoolean(
            env.getOrDefault(
                prefix + "STARTTLS", n == null ? "true" : text(n, "starttls", "true")));
    Optional<String> user =
        Optional.ofNullable(
            env.getOrDefault(prefix + "USER", n == null ? null : text(n, "user", null)));
    if (n != null && n.has("password")) {
      throw new ConfigException(
          name + ": " + key + ".password: give it in the environment (" + prefix + "PASSWORD)");
    }
    return Optional.of(
        new Server(host, p, tls, user, Optional.ofNullable(env.get(prefix + "PASSWORD"))));
  }

  private static String text(JsonNode n, String key, String dflt) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? dflt : v.asText();
  }

  private static boolean bool(JsonNode n, String key, boolean dflt, String name)
      throws ConfigException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new ConfigException(name + ": " + key + ": expected true or false");
    }
    return v.asBoolean();
  }

  private static int number(JsonNode n, String key, int dflt, String name) throws ConfigException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.canConvertToInt() || v.asInt() < 1) {
      throw new ConfigException(name + ": " + key + ": expected a positive number");
    }
    return v.asInt();
  }

  private static List<String> list(JsonNode n, String key, String name) throws ConfigException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new ConfigException(name + ": " + key + ": expected a list");
    }
    List<String> out = new ArrayList<>();
    v.forEach(e -> out.add(e.asText()));
    return List.copyOf(out);
  }

  private static Duration duration(JsonNode n, String key, String dflt, String name)
      throws ConfigException {
    try {
      return parseDuration(text(n, key, dflt));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + ": " + key + ": " + e.getMessage());
    }
  }

  /** {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
  public static Duration parseDuration(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    if (t.matches("\\d+[smhd]")) {
      long v = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(v);
        case 'm' -> Duration.ofMinutes(v);
        case 'h' -> Duration.ofHours(v);
        default -> Duration.ofDays(v);
      };
    }
    throw new IllegalArgumentException(
        "expected a duration like 30s, 5m, 2h or 1d; got '" + s + "'");
  }

  /** The bare address of {@code Name <a@b>}, lower case. */
  public static String address(String s) {
    String t = s.strip();
    int lt = t.lastIndexOf('<');
    int gt = t.lastIndexOf('>');
    if (lt >= 0 && gt > lt) {
      t = t.substring(lt + 1, gt);
    }
    return t.strip().toLowerCase(Locale.ROOT);
  }
}
