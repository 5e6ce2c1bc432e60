package org.mmreview.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every rule's metadata, discovered from the {@code rules/*.yaml} files: in the source tree, in
 * {@code target/classes/rules/} or inside the shaded jar. There is no hand-kept list of ids; adding
 * a rule means adding its YAML file, named after the id.
 */
public final class RuleCatalog {

  /** The resource folder (and source folder) that holds the metadata files. */
  public static final String RESOURCE_DIR = "rules";

  private static final String SUFFIX = ".yaml";
  private static final String CHECKS_PACKAGE = "org.mmreview.rules.checks";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final Map<String, RuleMetadata> byId;

  private RuleCatalog(Map<String, RuleMetadata> byId) {
    this.byId = Collections.unmodifiableMap(new TreeMap<>(byId));
  }

  /** The shipped catalogue, once read. */
  private static volatile RuleCatalog shipped;

  /**
   * The catalogue shipped with mmreview (classes directory or jar), read once per process: it is
   * immutable and cannot change under a running process, and the warm server ({@code mmreview
   * serve}) would otherwise parse every rule's YAML again for each request (~3 ms of CPU each).
   */
  public static RuleCatalog load() {
    RuleCatalog c = shipped;
    if (c == null) {
      // Two threads racing here both read it; either result is the same catalogue.
      c = load(RuleCatalog.class.getClassLoader(), codeSourceOf(RuleCatalog.class));
      shipped = c;
    }
    return c;
  }

  /**
   * Loads every {@code rules/*.yaml} visible to {@code loader}. The file names are listed from each
   * classpath root that has a {@code rules} folder (a directory or a jar); {@code extraRoot}, when
   * present, is listed too, which covers jars built without directory entries.
   */
  public static RuleCatalog load(ClassLoader loader, Optional<Path> extraRoot) {
    Map<String, Source> sources = new TreeMap<>();
    try {
      Enumeration<URL> roots = loader.getResources(RESOURCE_DIR);
      while (roots.hasMoreElements()) {
        for (String name : listNames(roots.nextElement())) {
          sources.putIfAbsent(name, () -> loader.getResourceAsStream(RESOURCE_DIR + "/" + name));
        }
      }
      if (extraRoot.isPresent()) {
        for (String name : listRoot(extraRoot.get())) {
          sources.putIfAbsent(name, () -> loader.getResourceAsStream(RESOURCE_DIR + "/" + name));
        }
      }
    } catch (IOException e) {
      throw new RuleCatalogException("cannot list the rule metadata: " + e.getMessage(), e);
    }
    if (sources.isEmpty()) {
      throw new RuleCatalogException("no rule metadata (rules/*.yaml) on the classpath");
    }
    return parseAll(sources);
  }

  /**
   * Loads the metadata from a folder of YAML files (the source tree's {@code rules/}) or from a jar
   * holding {@code rules/*.yaml}.
   */
  public static RuleCatalog loadFrom(Path location) {
    Map<String, Source> sources = new TreeMap<>();
    try {
      if (Files.isDirectory(location)) {
        for (String name : listDirectory(location)) {
          Path file = location.resolve(name);
          sources.put(name, () -> Files.newInputStream(file));
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          for (String name : listJar(jar)) {
            byte[] bytes;
            try (InputStream in = jar.getInputStream(jar.getJarEntry(RESOURCE_DIR + "/" + name))) {
              bytes = in.readAllBytes();
            }
            sources.put(name, () -> new ByteArrayInputStream(bytes));
          }
        }
      }
    } catch (IOException e) {
      throw new RuleCatalogException("cannot read rule metadata from " + location + ": " + e, e);
    }
    return parseAll(sources);
  }

  /** All rules, sorted by id. */
  public List<RuleMetadata> rules() {
    return List.copyOf(byId.values());
  }

  /** All ids, sorted. */
  public List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  /** The rule with this id, if any. */
  public Optional<RuleMetadata> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** True when {@code id} names a rule of the catalogue. */
  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  public int size() {
    return byId.size();
  }

  /**
   * The fully qualified name of the class implementing a rule: the id in UpperCamelCase in {@code
   * org.mmreview.rules.checks} ({@code uffd-ops-null-check} becomes {@code
   * org.mmreview.rules.checks.UffdOpsNullCheck}).
   */
  public static String ruleClassName(String id) {
    if (id == null || !id.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("not a rule id: '" + id + "'");
    }
    StringBuilder out = new StringBuilder(CHECKS_PACKAGE).append('.');
    for (String part : id.split("-")) {
      out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
    }
    return out.toString();
  }

  /**
   * Parses one metadata document. {@code name} is its file name (a path is allowed): the rule's id
   * is that name without {@code .yaml}, and the document must not repeat it.
   */
  public static RuleMetadata parse(String name, InputStream in) {
    try {
      RuleMetadata meta = YAML.readValue(in, RuleMetadata.class);
      if (meta == null) {
        throw new RuleCatalogException(name + ": empty rule metadata");
      }
      if (meta.id() != null) {
        throw new RuleCatalogException(
            name + ": 'id: " + meta.id() + "' repeats the file name; drop it");
      }
      return meta.withId(idOf(name));
    } catch (IOException e) {
      throw new RuleCatalogException(name + ": " + e.getMessage(), e);
    }
  }

  /** {@code rules/uffd-ops-null-check.yaml} names rule {@code uffd-ops-null-check}. */
  private static String idOf(String name) {
    String file = name.substring(name.lastIndexOf('/') + 1);
    return file.endsWith(SUFFIX) ? file.substring(0, file.length() - SUFFIX.length()) : file;
  }

  private interface Source {
    InputStream open() throws IOException;
  }

  /**
   * Parses every file on all cores: the first YAML a process parses is slow (~0.7 s for the
   * catalogue on one core) and every command waits for it. A failure reported is the first in file
   * order, as a serial parse would report it.
   */
  private static RuleCatalog parseAll(Map<String, Source> sources) {
    List<Parsed> parsed =
        sources.entrySet().parallelStream()
            .map(e -> Parsed.of(RESOURCE_DIR + "/" + e.getKey(), e.getValue()))
            .toList();
    Map<String, RuleMetadata> byId = new TreeMap<>();
    for (Parsed p : parsed) {
      if (p.failure() != null) {
        throw p.failure();
      }
      byId.put(p.meta().id(), p.meta());
    }
    return new RuleCatalog(byId);
  }

  /** One file's metadata, or the failure to read it. */
  private record Parsed(RuleMetadata meta, RuleCatalogException failure) {
    static Parsed of(String file, Source source) {
      try (InputStream in = source.open()) {
        if (in == null) {
          return new Parsed(null, new RuleCatalogException(file + ": listed but not readable"));
        }
        return new Parsed(parse(file, in), null);
      } catch (IOException ex) {
        return new Parsed(null, new RuleCatalogException(file + ": " + ex.getMessage(), ex));
      } catch (RuleCatalogException ex) {
        return new Parsed(null, ex);
      }
    }
  }

  /** Lists the YAML names below a {@code rules} resource URL (file or jar). */
  private static List<String> listNames(URL url) throws IOException {
    switch (url.getProtocol()) {
      case "file":
        try {
          return listDirectory(Path.of(url.toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
          throw new IOException("bad resource URL " + url, e);
        }
      case "jar":
        URLConnection conn = url.openConnection();
        if (conn instanceof JarURLConnection jarConn) {
          jarConn.setUseCaches(false);
          try (JarFile jar = jarConn.getJarFile()) {
            return listJar(jar);
          }
        }
        return List.of();
      default:
        return List.of();
    }
  }

  /** Lists a classpath root (a classes directory or a jar) for {@code rules/*.yaml}. */
  private static List<String> listRoot(Path root) throws IOException {
    if (Files.isDirectory(root)) {
      Path dir = root.resolve(RESOURCE_DIR);
      return Files.isDirectory(dir) ? listDirectory(dir) : List.of();
    }
    if (Files.isRegularFile(root)) {
      try (JarFile jar = new JarFile(root.toFile())) {
        return listJar(jar);
      }
    }
    return List.of();
  }

  private static List<String> listDirectory(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(SUFFIX))
          .sorted()
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static List<String> listJar(JarFile jar) {
    List<String> names = new ArrayList<>();
    String prefix = RESOURCE_DIR + "/";
    for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
      String name = en.nextElement().getName();
      if (name.startsWith(prefix) && name.endsWith(SUFFIX)) {
        String rest = name.substring(prefix.length());
        if (!rest.contains("/")) {
          names.add(rest);
        }
      }
    }
    Collections.sort(names);
    return names;
  }

  private static Optional<Path> codeSourceOf(Class<?> type) {
    try {
      CodeSource cs = type.getProtectionDomain().getCodeSource();
      if (cs == null
          || cs.getLocation() == null
          || !"file".equals(cs.getLocation().getProtocol())) {
        return Optional.empty();
      }
      return Optional.of(Path.of(cs.getLocation().toURI()));
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
