package org.mmreview.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * SARIF 2.1.0, the log format code-scanning services (GitHub, GitLab, IDE viewers) ingest: one run
 * whose driver lists every rule of the catalogue, one result per finding, and the invocation.
 * Written as a stream in three steps, {@link #begin}, {@link #result} per finding and {@link #end},
 * so the same code serves a whole list and findings that arrive one by one.
 */
public final class SarifFormat implements FindingFormat {
  public static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

  /**
   * The key of our fingerprint in {@code partialFingerprints}, the version of its recipe: v1 hashed
   * the evidence line alone; v2 is {@link Fingerprint} (function and evidence ranges).
   */
  public static final String FINGERPRINT_KEY = Fingerprint.VERSION;

  /**
   * How mmreview was run, for the log's invocation.
   *
   * @param arguments the command-line arguments after {@code mmreview}
   * @param failOn the {@code --fail-on} threshold; empty for {@code none}
   */
  public record Invocation(List<String> arguments, Optional<Severity> failOn) {
    public Invocation {
      arguments = List.copyOf(arguments);
    }
  }

  private final Supplier<List<RuleDescription>> catalog;
  private final Invocation invocation;
  private final Map<String, Integer> ruleIndex = new HashMap<>();
  private boolean failing;

  /** A SARIF log for an unnamed invocation; the rules are named only by their results. */
  public SarifFormat() {
    this(List::of, new Invocation(List.of("check"), Optional.of(Severity.ERROR)));
  }

  /**
   * @param catalog the rules the driver lists (the whole catalogue, as the CLI passes it)
   */
  public SarifFormat(Supplier<List<RuleDescription>> catalog, Invocation invocation) {
    this.catalog = catalog;
    this.invocation = invocation;
  }

  /** The same format over an already loaded catalogue, recording how mmreview was invoked. */
  public SarifFormat invokedAs(
      List<RuleDescription> rules, List<String> arguments, Optional<Severity> failOn) {
    return new SarifFormat(() -> rules, new Invocation(arguments, failOn));
  }

  @Override
  public Output start(PrintWriter out) {
    JsonGenerator g;
    try {
      g = generator(out);
      begin(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Output() {
      @Override
      public void add(List<Finding> batch) {
        try {
          for (Finding f : batch) {
            result(g, f);
          }
          g.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public void finish(RunSummary summary) {
        try {
          end(g, summary);
          g.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
      }
    };
  }

  /** A pretty-printing generator over {@code out}, which it does not close. */
  public static JsonGenerator generator(PrintWriter out) throws IOException {
    JsonGenerator g = new JsonFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.setPrettyPrinter(new DefaultPrettyPrinter());
    return g;
  }

  /** Opens the log and its run, writes the tool and its rules, and opens the results. */
  public void begin(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("$schema", SCHEMA_URI);
    g.writeStringField("version", "2.1.0");
    g.writeArrayFieldStart("runs");
    g.writeStartObject();
    g.writeObjectFieldStart("tool");
    g.writeObjectFieldStart("driver");
    g.writeStringField("name", "mmreview");
    String version = version();
    g.writeStringField("version", version);
    if (version.matches("\\d+\\.\\d+\\.\\d+.*")) {
      g.writeStringField("semanticVersion", version);
    }
    g.writeArrayFieldStart("rules");
    List<RuleDescription> rules = catalog.get();
    for (int i = 0; i < rules.size(); i++) {
      ruleIndex.put(rules.get(i).id(), i);
      rule(g, rules.get(i));
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
    // Our columns are Java string positions, i.e. UTF-16 code units (SARIF's default, said
    // explicitly for readers that assume otherwise).
    g.writeStringField("columnKind", "utf16CodeUnits");
    g.writeArrayFieldStart("results");
  }

  /** Writes one finding as a result. */
  public void result(JsonGenerator g, Finding f) throws IOException {
    failing |= invocation.failOn().map(t -> f.severity().atLeast(t)).orElse(false);
    g.writeStartObject();
    g.writeStringField("ruleId", f.ruleId());
    Integer index = ruleIndex.get(f.ruleId());
    if (index != null) {
      g.writeNumberField("ruleIndex", index);
    }
    g.writeStringField("level", level(f.severity()));
    message(g, f.message());
    g.writeArrayFieldStart("locations");
    g.writeStartObject();
    physicalLocation(g, f.location(), f.sourceLine());
    g.writeEndObject();
    g.writeEndArray();
    if (!f.related().isEmpty()) {
      g.writeArrayFieldStart("relatedLocations");
      for (int i = 0; i < f.related().size(); i++) {
        Location r = f.related().get(i);
        g.writeStartObject();
        g.writeNumberField("id", i + 1);
        physicalLocation(g, r, "");
        if (!r.label().isEmpty()) {
          message(g, r.label());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    // SARIF's baselineState, against the code before the patch: new, or unchanged when there.
    if (f.lifecycle() == Lifecycle.PRE_EXISTING) {
      g.writeStringField("baselineState", "unchanged");
    } else if (f.lifecycle().known()) {
      g.writeStringField("baselineState", "new");
    }
    g.writeObjectFieldStart("partialFingerprints");
    g.writeStringField(FINGERPRINT_KEY, f.fingerprint());
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    if (f.patchLine().isPresent()) {
      g.writeNumberField("patchLine", f.patchLine().getAsInt());
    }
    if (!f.origin().isEmpty()) {
      g.writeStringField("origin", f.origin());
    }
    g.writeBooleanField("partialContext", f.partialContext());
    if (!f.fixedBy().isEmpty()) {
      g.writeStringField("fixedBy", f.fixedBy());
    }
    if (!f.versionLabel().isEmpty()) {
      g.writeStringField("versions", f.versionLabel());
    }
    if (!f.fix().isEmpty()) {
      g.writeStringField("fix", f.fix());
    }
    if (!f.precedent().isEmpty()) {
      g.writeStringField("precedent", f.precedent());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Closes the results, writes the invocation and closes the log. */
  public void end(JsonGenerator g) throws IOException {
    end(g, RunSummary.UNKNOWN);
  }

  /** Closes the results, writes the invocation (with the run's status when known) and the log. */
  public void end(JsonGenerator g, RunSummary summary) throws IOException {
    g.writeEndArray();
    g.writeArrayFieldStart("invocations");
    g.writeStartObject();
    g.writeStringField("commandLine", commandLine(invocation.arguments()));
    g.writeArrayFieldStart("arguments");
    for (String a : invocation.arguments()) {
      g.writeString(a);
    }
    g.writeEndArray();
    // Findings are a successful run: executionSuccessful speaks of the tool, not the code; an
    // input error or a contained internal failure is not. Without a run (a library call), the
    // status is the one the findings alone would give.
    g.writeNumberField("exitCode", summary.known() ? summary.exitCode() : failing ? 1 : 0);
    g.writeBooleanField(
        "executionSuccessful",
        !summary.known() || (summary.inputErrors() == 0 && summary.internalFailures() == 0));
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void rule(JsonGenerator g, RuleDescription m) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", m.id());
    g.writeStringField("name", ruleName(m.id()));
    g.writeObjectFieldStart("shortDescription");
    g.writeStringField("text", m.title());
    g.writeEndObject();
    if (!m.rationale().isEmpty()) {
      g.writeObjectFieldStart("fullDescription");
      g.writeStringField("text", m.rationale());
      g.writeEndObject();
    }
    g.writeObjectFieldStart("help");
    g.writeStringField("text", help(m));
    g.writeEndObject();
    g.writeObjectFieldStart("defaultConfiguration");
    g.writeStringField("level", level(m.severity()));
    g.writeEndObject();
    if (!m.precedent().isEmpty()) {
      g.writeObjectFieldStart("properties");
      g.writeStringField("precedent", m.precedent());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** What a viewer shows under "help": the fix first, then why. */
  static String help(RuleDescription m) {
    StringBuilder b = new StringBuilder();
    if (!m.fix().isEmpty()) {
      b.append("Fix: ").append(m.fix());
    }
    if (!m.rationale().isEmpty()) {
      b.append(b.length() > 0 ? "\n\n" : "").append(m.rationale());
    }
    return b.length() > 0 ? b.toString() : m.title();
  }

  /**
   * SARIF's {@code name}: the id in UpperCamelCase ({@code retry-stale-snapshot} →
   * RetryStaleSnapshot).
   */
  static String ruleName(String id) {
    StringBuilder b = new StringBuilder();
    for (String part : id.split("-")) {
      if (!part.isEmpty()) {
        b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return b.toString();
  }

  static String level(Severity s) {
    switch (s) {
      case ERROR:
        return "error";
      case WARNING:
        return "warning";
      default:
        return "note";
    }
  }

  private static void message(JsonGenerator g, String text) throws IOException {
    g.writeObjectFieldStart("message");
    g.writeStringField("text", text);
    g.writeEndObject();
  }

  private static void physicalLocation(JsonGenerator g, Location l, String sourceLine)
      throws IOException {
    g.writeObjectFieldStart("physicalLocation");
    g.writeObjectFieldStart("artifactLocation");
    g.writeStringField("uri", uri(l.file()));
    if (!l.file().startsWith("/")) {
      // Repository-relative paths: the consumer says where the checkout is.
      g.writeStringField("uriBaseId", "%SRCROOT%");
    }
    g.writeEndObject();
    g.writeObjectFieldStart("region");
    g.writeNumberField("startLine", l.line());
    g.writeNumberField("startColumn", l.column());
    g.writeNumberField("endLine", l.line());
    g.writeNumberField("endColumn", l.endColumn()); // exclusive in both models
    if (!sourceLine.isEmpty()) {
      g.writeObjectFieldStart("snippet");
      g.writeStringField("text", sourceLine);
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** A path as a URI reference: relative paths stay relative, absolute ones become file: URIs. */
  static String uri(String path) {
    try {
      if (path.startsWith("/")) {
        return new URI("file", "", path, null).toASCIIString();
      }
      return new URI(null, null, path, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a path: " + path, e);
    }
  }

  private static String commandLine(List<String> args) {
    StringBuilder b = new StringBuilder("mmreview");
    for (String a : args) {
      b.append(' ')
          .append(a.matches("[A-Za-z0-9_./=:,+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return b.toString();
  }

  private static String version() {
    Properties p = new Properties();
    try (InputStream in =
        SarifFormat.class.getResourceAsStream("/org/mmreview/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }
}
