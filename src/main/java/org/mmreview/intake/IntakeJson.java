package org.mmreview.intake;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/** The {@code intake --json} form: per patch its metadata, files, hunks and line maps. */
public final class IntakeJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private IntakeJson() {}

  public static String render(
      List<Patch> patches, List<IntakeDiagnostic> diags, IntakeStats stats) {
    StringWriter w = new StringWriter();
    try (Document d = new Document(w)) {
      for (Patch p : patches) {
        d.patch(p);
      }
      d.finish(diags, stats);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /**
   * The same document written as intake reads: each patch goes out as it arrives, the diagnostics
   * and statistics close it.
   */
  public static final class Document implements AutoCloseable {
    private final JsonGenerator gen;
    private final Writer out;

    public Document(Writer out) throws IOException {
      this.out = out;
      gen = MAPPER.getFactory().createGenerator(out);
      gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      gen.useDefaultPrettyPrinter();
      gen.writeStartObject();
      gen.writeArrayFieldStart("patches");
    }

    public void patch(Patch p) throws IOException {
      MAPPER.writeTree(gen, IntakeJson.patch(p));
      gen.flush();
    }

    public void finish(List<IntakeDiagnostic> diags, IntakeStats stats) throws IOException {
      gen.writeEndArray();
      gen.writeArrayFieldStart("diagnostics");
      for (IntakeDiagnostic d : diags) {
        MAPPER.writeTree(
            gen, MAPPER.createObjectNode().put("input", d.input()).put("reason", d.reason()));
      }
      gen.writeEndArray();
      if (stats != null) {
        gen.writeFieldName("stats");
        MAPPER.writeTree(gen, MAPPER.valueToTree(stats));
      }
      gen.writeEndObject();
      gen.flush();
      out.write("\n");
      out.flush();
    }

    @Override
    public void close() throws IOException {
      gen.close();
    }
  }

  static ObjectNode patch(Patch p) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("source", p.source());
    PatchMetadata m = p.metadata();
    ObjectNode md = n.putObject("metadata");
    md.put("from", m.from());
    md.set("to", MAPPER.valueToTree(m.to()));
    md.set("cc", MAPPER.valueToTree(m.cc()));
    md.put("date", m.date().map(Object::toString).orElse(null));
    md.put("rawDate", m.rawDate());
    md.put("subject", m.subject());
    md.put("title", m.title());
    SeriesTag t = m.seriesTag();
    md.putObject("series")
        .put("version", t.version())
        .put("index", t.index())
        .put("total", t.total())
        .put("rfc", t.rfc())
        .put("resend", t.resend())
        .set("prefixes", MAPPER.valueToTree(t.prefixes()));
    md.put("messageId", m.messageId());
    md.put("inReplyTo", m.inReplyTo());
    md.set("references", MAPPER.valueToTree(m.references()));
    md.put("commitMessage", m.commitMessage());
    ArrayNode tr = md.putArray("trailers");
    for (Trailer x : m.trailers()) {
      tr.addObject().put("key", x.key()).put("value", x.value());
    }
    md.put("baseCommit", m.baseCommit().orElse(null));
    ArrayNode files = n.putArray("files");
    for (FileChange f : p.files()) {
      ObjectNode fn = files.addObject();
      fn.put("oldPath", f.oldPath())
          .put("newPath", f.newPath())
          .put("changeType", f.changeType().name());
      fn.put("binary", f.binary()).put("applied", f.applied());
      f.oldMode().ifPresent(x -> fn.put("oldMode", x));
      f.newMode().ifPresent(x -> fn.put("newMode", x));
      ArrayNode hs = fn.putArray("hunks");
      for (Hunk h : f.hunks()) {
        ObjectNode hn = hs.addObject();
        hn.put("oldStart", h.oldStart()).put("oldCount", h.oldCount());
        hn.put("newStart", h.newStart()).put("newCount", h.newCount());
        hn.put("sectionHeading", h.sectionHeading()).put("patchLine", h.patchLine());
        ArrayNode ls = hn.putArray("lines");
        for (HunkLine l : h.lines()) {
          ObjectNode ln = ls.addObject();
          ln.put("kind", l.kind().name()).put("text", l.text());
          ln.put("oldLine", l.oldLine())
              .put("newLine", l.newLine())
              .put("patchLine", l.patchLine());
          if (l.noNewlineAtEnd()) {
            ln.put("noNewlineAtEnd", true);
          }
        }
      }
      ObjectNode lm = fn.putObject("lineMap");
      lm.set("added", MAPPER.valueToTree(f.lineMap().addedLines()));
      lm.set("removedOld", MAPPER.valueToTree(f.lineMap().removedOldLines()));
      fn.put("hasPreImage", f.preImage().isPresent())
          .put("hasPostImage", f.postImage().isPresent());
    }
    return n;
  }
}
