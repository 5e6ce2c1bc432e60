package org.mmreview.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Findings accepted as they are, by fingerprint, as SpotBugs' exclude files and Semgrep's
 * baselines: {@code mmreview baseline write FILE} records today's findings, {@code check --baseline
 * FILE} hides them. Each entry keeps what a reader needs to recognise the finding (rule, file,
 * function, message) and a {@code reason} the user fills in; only the fingerprint is matched, so an
 * entry survives code moving and re-indenting, and stops matching when the evidence changes. The
 * file is YAML, or JSON when its name ends in {@code .json}; entries are sorted, so a rewrite of an
 * unchanged tree gives the same bytes.
 */
public final class Baseline {
  /** The version of this file's layout. */
  public static final int VERSION = 1;

  private static final String HEADER =
      "# mmreview baseline: findings accepted as they are, matched by fingerprint.\n"
          + "# Written by 'mmreview baseline write'; used by 'mmreview check --baseline FILE'.\n"
          + "# Say in each reason why the finding is accepted.\n";

  /** One accepted finding. */
  @JsonPropertyOrder({"rule", "file", "function", "fingerprint", "message", "reason"})
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Entry(
      String rule,
      String file,
      String function,
      String fingerprint,
      String message,
      String reason) {
    public Entry {
      rule = rule == null ? "" : rule;
      file = file == null ? "" : file;
      function = function == null ? "" : function;
      fingerprint = fingerprint == null ? "" : fingerprint;
      message = message == null ? "" : message;
      reason = reason == null ? "" : reason;
    }

    /** The entry of a finding, with the reason to keep (empty for a new one). */
    public static Entry of(Finding f, String reason) {
      return new Entry(
          f.ruleId(), f.location().file(), f.function(), f.fingerprint(), f.message(), reason);
    }

    /** {@code rule in file, function()}, for notes about the entry. */
    public String describe() {
      return rule
          + " in "
          + file
          + (function.isEmpty() ? "" : ", " + function + "()")
          + " ("
          + fingerprint
          + ")";
    }
  }

  /** The document as stored. */
  @JsonPropertyOrder({"version", "findings"})
  record Document(Integer version, List<Entry> findings) {}

  private static final Comparator<Entry> ORDER =
      Comparator.comparing(Entry::file)
          .thenComparing(Entry::rule)
          .thenComparing(Entry::function)
          .thenComparing(Entry::fingerprint);

  private final List<Entry> entries;
  private final Map<String, Entry> byFingerprint = new LinkedHashMap<>();

  public Baseline(Collection<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(ORDER);
    for (Entry e : sorted) {
      byFingerprint.putIfAbsent(e.fingerprint(), e);
    }
    this.entries = List.copyOf(byFingerprint.values());
  }

  /** The entries, sorted by file, rule, function and fingerprint; one per fingerprint. */
  public List<Entry> entries() {
    return entries;
  }

  public boolean contains(String fingerprint) {
    return byFingerprint.containsKey(fingerprint);
  }

  /** The reason recorded for a fingerprint; empty when none or not in this baseline. */
  public String reason(String fingerprint) {
    Entry e = byFingerprint.get(fingerprint);
    return e == null ? "" : e.reason();
  }

  /**
   * Reads a baseline.
   *
   * @throws InputFileException when the file cannot be read or is not a baseline: the message names
   *     the file and, when Jackson knows it, the line and column
   */
  public static Baseline read(Path file) throws InputFileException {
    Document d;
    String text = "";
    ObjectMapper mapper = mapper(file);
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
      d = mapper.readValue(text, Document.class);
    } catch (NoSuchFileException e) {
      throw InputFileException.of(file, "no such baseline file");
    } catch (JsonProcessingException e) {
      throw InputFileException.from(file, text, mapper.getFactory(), e);
    } catch (IOException e) {
      throw InputFileException.of(file, "cannot read the baseline: " + e.getMessage());
    }
    if (d == null) {
      throw InputFileException.of(
          file, "empty: not a baseline (write one with 'mmreview baseline write')");
    }
    if (d.version() == null || d.version() != VERSION) {
      throw InputFileException.of(
          file,
          "version "
              + d.version()
              + " is not a baseline version this mmreview reads ("
              + VERSION
              + ")");
    }
    List<Entry> entries = d.findings() == null ? List.of() : d.findings();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e == null || e.fingerprint().isBlank()) {
        throw InputFileException.of(file, "findings[" + i + "]: no fingerprint");
      }
    }
    return new Baseline(entries);
  }

  /**
   * Writes this baseline to {@code file} (YAML, or JSON for a {@code .json} name), replacing it
   * only once the new content is complete.
   */
  public void write(Path file) throws IOException {
    String text = mapper(file).writeValueAsString(new Document(VERSION, entries));
    if (!json(file)) {
      text = HEADER + text;
    }
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static boolean json(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
  }

  private static ObjectMapper mapper(Path file) {
    ObjectMapper m =
        json(file)
            ? new ObjectMapper()
            : new ObjectMapper(
                new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));
    return m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(SerializationFeature.INDENT_OUTPUT);
  }
}
