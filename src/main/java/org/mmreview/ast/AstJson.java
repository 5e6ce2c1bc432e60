package org.mmreview.ast;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The JSON dump of a tree: each node is {@code {kind, range, <properties>, children}}; a
 * compilation unit also lists its comments.
 */
public final class AstJson {
  /*
   * Each node takes two levels of JSON (its object and its children array). Jackson refuses
   * documents nested deeper than 1,000 by default, which a legal tree (up to TreeDepth.LIMIT
   * levels under the unit) exceeds.
   */
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamWriteConstraints(
                      StreamWriteConstraints.builder()
                          .maxNestingDepth(2 * (TreeDepth.LIMIT + 1) + 8)
                          .build())
                  .build())
          .enable(SerializationFeature.INDENT_OUTPUT);

  private AstJson() {}

  /** The tree under {@code node} as pretty-printed JSON. */
  public static String toJson(Node node) {
    try {
      return MAPPER.writeValueAsString(toTree(node));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tree under {@code node} as a Jackson tree. */
  public static ObjectNode toTree(Node node) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("kind", node.kind());
    o.set("range", range(node.range()));
    for (Map.Entry<String, Object> e : node.properties().entrySet()) {
      o.set(e.getKey(), MAPPER.valueToTree(e.getValue()));
    }
    if (node instanceof CompilationUnit cu) {
      ArrayNode comments = o.putArray("comments");
      for (Comment c : cu.comments()) {
        ObjectNode co = comments.addObject();
        co.set("range", range(c.range()));
        co.put("text", c.text());
      }
    }
    ArrayNode children = o.putArray("children");
    node.children().forEach(c -> children.add(toTree(c)));
    return o;
  }

  private static ObjectNode range(Range r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("beginLine", r.beginLine());
    o.put("beginColumn", r.beginColumn());
    o.put("endLine", r.endLine());
    o.put("endColumn", r.endColumn());
    o.put("beginOffset", r.beginOffset());
    o.put("endOffset", r.endOffset());
    return o;
  }
}
