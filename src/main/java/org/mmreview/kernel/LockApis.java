package org.mmreview.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The table of kernel lock APIs, read from {@code lock-apis.yaml} next to this class. */
public final class LockApis {
  private static final LockApis DEFAULT = load();

  private final Map<String, LockApi> byName;

  public LockApis(Collection<LockApi> apis) {
    Map<String, LockApi> m = new LinkedHashMap<>();
    apis.forEach(a -> m.put(a.name(), a));
    this.byName = Map.copyOf(m);
  }

  /** The table shipped with mmreview. */
  public static LockApis defaults() {
    return DEFAULT;
  }

  public Optional<LockApi> lookup(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<LockApi> all() {
    return byName.values();
  }

  private static LockApis load() {
    try (InputStream in = LockApis.class.getResourceAsStream("lock-apis.yaml")) {
      if (in == null) {
        throw new IllegalStateException("lock-apis.yaml missing from the class path");
      }
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      List<LockApi> apis = new ArrayList<>();
      for (JsonNode n : root) {
        apis.add(
            new LockApi(
                n.get("name").asText(),
                LockApi.Kind.valueOf(n.get("kind").asText().toUpperCase(Locale.ROOT)),
                LockFamily.named(n.get("family").asText()),
                n.path("object").asInt(0)));
      }
      return new LockApis(apis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
