package org.mmreview.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stable machine-readable output; the schema is documented in docs/json-format.md and versioned by
 * the {@code schema} field. Fields are only ever added, never renamed.
 *
 * <p>One document per run, written as the run goes: each finding is on the output as soon as its
 * input is reviewed, and the counts and the run summary close the document.
 */
public final class JsonFormat implements FindingFormat {
  public static final String SCHEMA = "mmreview-findings/1";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public Output start(PrintWriter out) {
    JsonGenerator gen;
    try {
      gen = MAPPER.getFactory().createGenerator(out);
      gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      gen.useDefaultPrettyPrinter();
      gen.writeStartObject();
      gen.writeStringField("schema", SCHEMA);
      gen.writeArrayFieldStart("findings");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SeverityCounts counts = new SeverityCounts();
    // The findings array is open while the run goes, so the reviewed files are written after
    // it: a few short fields per file, the one thing this format keeps for the whole run.
    List<FileContext> files = new ArrayList<>();
    return new Output() {
      @Override
      public void reviewed(List<FileContext> batch) {
        files.addAll(batch);
      }

      @Override
      public void add(List<Finding> batch) {
        counts.add(batch);
        try {
          for (Finding f : batch) {
            MAPPER.writeTree(gen, finding(f));
          }
          gen.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public void finish(RunSummary summary) {
        try {
          gen.writeEndArray();
          gen.writeArrayFieldStart("files");
          for (FileContext c : files) {
            gen.writeStartObject();
            gen.writeStringField("file", c.file());
            gen.writeStringField("origin", c.origin());
            gen.writeStringField("context", c.context());
            gen.writeStringField("base", c.base());
            if (!c.wholeFile()) {
              gen.writeStringField("reason", c.reason());
            }
            gen.writeEndObject();
          }
          gen.writeEndArray();
          gen.writeObjectFieldStart("counts");
          if (counts.errors > 0) {
            gen.writeNumberField("error", counts.errors);
          }
          if (counts.warnings > 0) {
            gen.writeNumberField("warning", counts.warnings);
          }
          if (counts.infos > 0) {
            gen.writeNumberField("info", counts.infos);
          }
          gen.writeEndObject();
          if (summary.known()) {
            gen.writeObjectFieldStart("summary");
            gen.writeNumberField("reviewed", summary.reviewed());
            gen.writeNumberField("skipped", summary.skipped());
            gen.writeNumberField("inputErrors", summary.inputErrors());
            gen.writeNumberField("internalFailures", summary.internalFailures());
            gen.writeEndObject();
          }
          gen.writeEndObject();
          gen.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
      }
    };
  }

  private static ObjectNode finding(Finding f) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("rule", f.ruleId());
    n.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
    location(n, f.location());
    if (f.patchLine().isPresent()) {
      n.put("patchLine", f.patchLine().getAsInt());
    } else {
      n.putNull("patchLine");
    }
    n.put("message", f.message());
    n.put("fix", f.fix());
    n.put("precedent", f.precedent());
    n.put("partialContext", f.partialContext());
    n.put("origin", f.origin());
    n.put("fingerprint", f.fingerprint());
    n.put("function", f.function());
    if (f.lifecycle().known()) {
      n.put("lifecycle", f.lifecycle().label());
    }
    if (!f.fixedBy().isEmpty()) {
      n.put("fixedBy", f.fixedBy());
    }
    if (!f.versionLabel().isEmpty()) {
      n.put("versions", f.versionLabel());
    }
    ArrayNode related = n.putArray("related");
    for (Location r : f.related()) {
      ObjectNode rn = related.addObject();
      location(rn, r);
      rn.put("label", r.label());
    }
    return n;
  }

  private static void location(ObjectNode n, Location l) {
    n.put("file", l.file());
    n.put("line", l.line());
    n.put("column", l.column());
    n.put("endColumn", l.endColumn());
  }
}
