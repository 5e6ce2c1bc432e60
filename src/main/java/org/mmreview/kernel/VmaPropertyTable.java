package org.mmreview.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The VMA properties kernel calls stand for, and what an operation handed a re-acquired VMA depends
 * on, read from {@code vma-properties.yaml} next to this class.
 *
 * @param calls the property each call reads of the VMA it is given ({@code linear_page_index}:
 *     {@code vm_pgoff})
 * @param identity the properties that make a re-acquired VMA "the same VMA", in file order
 */
public record VmaPropertyTable(Map<String, String> calls, List<IdentityProperty> identity) {
  private static final VmaPropertyTable DEFAULT = load();

  /** One identity property, and whether it applies to userfaultfd code only. */
  public record IdentityProperty(String property, boolean uffdOnly) {}

  /** The table shipped with mmreview. */
  public static VmaPropertyTable defaults() {
    return DEFAULT;
  }

  private static VmaPropertyTable load() {
    try (InputStream in = VmaPropertyTable.class.getResourceAsStream("vma-properties.yaml")) {
      if (in == null) {
        throw new IllegalStateException("vma-properties.yaml missing from the class path");
      }
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      Map<String, String> calls = new HashMap<>();
      root.path("calls")
          .fields()
          .forEachRemaining(e -> calls.put(e.getKey(), e.getValue().asText()));
      List<IdentityProperty> identity = new ArrayList<>();
      for (JsonNode n : root.path("identity")) {
        identity.add(
            new IdentityProperty(
                n.get("property").asText(), n.path("when").asText("").equals("uffd")));
      }
      return new VmaPropertyTable(Map.copyOf(calls), List.copyOf(identity));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
