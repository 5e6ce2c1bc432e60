package org.mmreview.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.mmreview.report.InputFileException;
import org.mmreview.report.Severity;
import org.mmreview.series.Surface;

/**
 * {@code .mmreview.yaml}: a project's defaults for {@code check} and {@code baseline write}. Found
 * upward from the current directory (stopping at the repository's root or the file system's), or
 * named with {@code --config}. Every key is optional; the command line overrides what the file
 * says. An unknown key or a bad value is an error naming the file, line and column.
 *
 * <pre>
 * rules: {enable: [ID...], disable: [ID...]}
 * severity: {ID: error|warning|info}
 * paths: {include: [GLOB-or-PREFIX...], exclude: [...]}
 * fail-on: error|warning|info|none
 * min-severity: error|warning|info
 * format: human|gcc|json|sarif
 * baseline: FILE          # relative to the configuration's directory
 * hooks: {min-severity: error|warning|info}   # what the git hooks show (default: warning)
 * bot: {min-severity: error|warning|info}     # what the review bot sends (default: warning)
 * </pre>
 */
final class ConfigFile {
  static final String NAME = ".mmreview.yaml";

  private static final Set<String> FORMATS = Set.of("human", "gcc", "json", "sarif", "checkpatch");

  record Rules(List<String> enable, List<String> disable) {
    Rules {
      enable = enable == null ? List.of() : List.copyOf(enable);
      disable = disable == null ? List.of() : List.copyOf(disable);
    }
  }

  record Paths(List<String> include, List<String> exclude) {
    Paths {
      include = include == null ? List.of() : List.copyOf(include);
      exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }
  }

  /** What one {@link Surface} other than {@code check} shows. */
  record SurfaceSettings(@JsonProperty("min-severity") String minSeverity) {}

  /** The document as written. */
  record Document(
      Rules rules,
      Map<String, String> severity,
      Paths paths,
      @JsonProperty("fail-on") String failOn,
      @JsonProperty("min-severity") String minSeverity,
      String format,
      String baseline,
      SurfaceSettings hooks,
      SurfaceSettings bot) {
    Document {
      rules = rules == null ? new Rules(null, null) : rules;
      severity = severity == null ? Map.of() : new LinkedHashMap<>(severity);
      paths = paths == null ? new Paths(null, null) : paths;
      hooks = hooks == null ? new SurfaceSettings(null) : hooks;
      bot = bot == null ? new SurfaceSettings(null) : bot;
    }
  }

  /** No file: every default as the command line has it. */
  static final ConfigFile NONE =
      new ConfigFile(null, new Document(null, null, null, null, null, null, null, null, null));

  private final Path file;
  private final Document doc;
  private final List<PathMatcher> include;
  private final List<PathMatcher> exclude;

  private ConfigFile(Path file, Document doc) {
    this.file = file;
    this.doc = doc;
    this.include = doc.paths().include().stream().map(ConfigFile::matcher).toList();
    this.exclude = doc.paths().exclude().stream().map(ConfigFile::matcher).toList();
  }

  /**
   * The configuration in effect: {@code explicit} when given (relative to {@code cwd}), else the
   * first {@value #NAME} from {@code cwd} upward, else {@link #NONE}.
   *
   * @param ruleExists whether a rule id is in the catalogue
   */
  static ConfigFile load(Path explicit, Path cwd, Predicate<String> ruleExists)
      throws InputFileException {
    if (explicit != null) {
      return read(cwd.resolve(explicit), ruleExists);
    }
    Optional<Path> found = find(cwd);
    return found.isPresent() ? read(found.get(), ruleExists) : NONE;
  }

  /**
   * The first {@value #NAME} from {@code dir} upward, not past a directory holding {@code .git}.
   */
  static Optional<Path> find(Path dir) {
    for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
      Path f = d.resolve(NAME);
      if (Files.isRegularFile(f)) {
        return Optional.of(f);
      }
      if (Files.exists(d.resolve(".git"))) {
        break;
      }
    }
    return Optional.empty();
  }

  static ConfigFile read(Path file, Predicate<String> ruleExists) throws InputFileException {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw InputFileException.of(file, "no such configuration file");
    } catch (IOException e) {
      throw InputFileException.of(file, "cannot read the configuration: " + e.getMessage());
    }
    Document doc;
    try {
      doc = text.isBlank() ? null : yaml.readValue(text, Document.class);
    } catch (JsonProcessingException e) {
      throw InputFileException.from(file, text, yaml.getFactory(), e);
    }
    if (doc == null) {
      doc = NONE.doc;
    }
    Optional<String> bad = Optional.empty();
    String at = "";
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < doc.rules().enable().size() && bad.isEmpty(); i++) {
      at = "/rules/enable/" + i;
      bad = unknownRule(doc.rules().enable().get(i), ruleExists);
    }
    for (int i = 0; i < doc.rules().disable().size() && bad.isEmpty(); i++) {
      at = "/rules/disable/" + i;
      bad = unknownRule(doc.rules().disable().get(i), ruleExists);
    }
    for (Map.Entry<String, String> e : doc.severity().entrySet()) {
      if (bad.isPresent()) {
        break;
      }
      at = "/severity/" + escape(e.getKey());
      bad = unknownRule(e.getKey(), ruleExists).or(() -> badSeverity(e.getValue(), false));
    }
    if (bad.isEmpty() && doc.failOn() != null) {
      at = "/fail-on";
      bad = badSeverity(doc.failOn(), true);
    }
    if (bad.isEmpty() && doc.minSeverity() != null) {
      at = "/min-severity";
      bad = badSeverity(doc.minSeverity(), false);
    }
    if (bad.isEmpty() && doc.hooks().minSeverity() != null) {
      at = "/hooks/min-severity";
      bad = badSeverity(doc.hooks().minSeverity(), false);
    }
    if (bad.isEmpty() && doc.bot().minSeverity() != null) {
      at = "/bot/min-severity";
      bad = badSeverity(doc.bot().minSeverity(), false);
    }
    if (bad.isEmpty()
        && doc.format() != null
        && !FORMATS.contains(doc.format().toLowerCase(Locale.ROOT))) {
      at = "/format";
      bad =
          Optional.of("unknown format '" + doc.format() + "' (expected human, gcc, json or sarif)");
    }
    for (int i = 0;
        i < doc.paths().include().size() + doc.paths().exclude().size() && bad.isEmpty();
        i++) {
      boolean inc = i < doc.paths().include().size();
      String p =
          inc
              ? doc.paths().include().get(i)
              : doc.paths().exclude().get(i - doc.paths().include().size());
      at = inc ? "/paths/include/" + i : "/paths/exclude/" + (i - doc.paths().include().size());
      try {
        matcher(p);
      } catch (IllegalArgumentException e) {
        bad =
            Optional.of(
                "bad path pattern '" + p + "': " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    if (bad.isPresent()) {
      throw InputFileException.at(file, text, yamlFactory(), JsonPointer.compile(at), bad.get());
    }
    return new ConfigFile(file, doc);
  }

  private static YAMLFactory yamlFactory() {
    return new YAMLFactory();
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static Optional<String> unknownRule(String id, Predicate<String> ruleExists) {
    return id != null && ruleExists.test(id)
        ? Optional.empty()
        : Optional.of("unknown rule '" + id + "' (see 'mmreview rules')");
  }

  private static Optional<String> badSeverity(String value, boolean noneToo) {
    if (value != null && noneToo && value.equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    try {
      Severity.parse(value == null ? "" : value);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(
          "bad severity '"
              + value
              + "' (expected error, warning, info"
              + (noneToo ? " or none)" : ")"));
    }
  }

  /** A glob when the pattern has {@code * ? [ {}}, else a path prefix (a file or a directory). */
  private static PathMatcher matcher(String pattern) {
    if (pattern.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0)) {
      PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      return p -> glob.matches(p);
    }
    String prefix = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
    return p -> {
      String s = p.toString();
      return s.equals(prefix) || s.startsWith(prefix + "/");
    };
  }

  /** Where the configuration came from, for notes; empty for none. */
  Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  Rules rules() {
    return doc.rules();
  }

  /** The severity overrides by rule id. */
  Map<String, Severity> severities() {
    Map<String, Severity> out = new LinkedHashMap<>();
    doc.severity().forEach((id, s) -> out.put(id, Severity.parse(s)));
    return out;
  }

  Optional<String> failOn() {
    return Optional.ofNullable(doc.failOn());
  }

  /**
   * What {@code surface} is configured to show: {@code min-severity} for {@code check}, {@code
   * hooks.min-severity} for the hooks, {@code bot.min-severity} for the bot (the bot command passes
   * it to the bot); empty when the file does not say.
   */
  Optional<Severity> minSeverity(Surface surface) {
    String v =
        switch (surface) {
          case CHECK -> doc.minSeverity();
          case HOOK -> doc.hooks().minSeverity();
          case BOT -> doc.bot().minSeverity();
        };
    return Optional.ofNullable(v).map(Severity::parse);
  }

  Optional<String> format() {
    return Optional.ofNullable(doc.format());
  }

  /** The baseline, relative to the configuration's directory. */
  Optional<Path> baseline() {
    return Optional.ofNullable(doc.baseline())
        .map(b -> file.toAbsolutePath().getParent().resolve(b));
  }

  /**
   * Whether a file of a patch is reviewed: under an {@code include} (all when none, or when the
   * command line gave {@code --path}) and under no {@code exclude}.
   */
  boolean selects(String path, boolean commandLinePaths) {
    Path p = Path.of(path);
    boolean in =
        commandLinePaths || include.isEmpty() || include.stream().anyMatch(m -> m.matches(p));
    return in && exclude.stream().noneMatch(m -> m.matches(p));
  }
}
