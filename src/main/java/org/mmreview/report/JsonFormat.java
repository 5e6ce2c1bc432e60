package org.mmreview.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Stable machine-readable output; the schema is documented in docs/json-format.md and
 * versioned by the {@code schema} field. Fields are only ever added, never renamed.
 */
public final class JsonFormat implements FindingFormat {
  public static final String SCHEMA = "mmreview-findings/1";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public void write(List<Finding> findings, PrintWriter out) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    ArrayNode list = root.putArray("findings");
    for (Finding f : findings) {
      ObjectNode n = list.addObject();
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
      ArrayNode related = n.putArray("related");
      for (Location r : f.related()) {
        ObjectNode rn = related.addObject();
        location(rn, r);
        rn.put("label", r.label());
      }
    }
    ObjectNode counts = root.putObject("counts");
    for (Finding f : findings) {
      String key = f.severity().name().toLowerCase(Locale.ROOT);
      counts.put(key, counts.path(key).asInt(0) + 1);
    }
    try {
      out.println(MAPPER.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }

  private static void location(ObjectNode n, Location l) {
    n.put("file", l.file());
    n.put("line", l.line());
    n.put("column", l.column());
    n.put("endColumn", l.endColumn());
  }
}
