package org.mmreview.audit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.mmreview.rules.RuleMetadata;
import org.mmreview.rules.RuleSet;
import org.mmreview.series.PatchReviewer;

/**
 * What a review was made with, recorded with every message and finding so that a rerun can tell
 * what a new release or another rule set affects: the tool version ({@code 0.1.0+} a digest of the
 * classes and data that decide findings: intake, parsing, analysis, rules and their metadata, so a
 * rebuilt development jar counts as another version) and the rule set (a digest of the rules that
 * ran, their ids and metadata).
 *
 * @param toolVersion {@code 0.1.0+1a2b3c4d5e6f}
 * @param ruleSet {@code 19:1a2b3c4d5e6f}: how many rules, and the digest of their ids and metadata
 * @param rules the ids of the rules, comma separated, for the runs table
 */
public record ReviewerStamp(String toolVersion, String ruleSet, String rules) {

  /** The packages and resources whose change can change what a review finds. */
  private static final List<String> DECIDING =
      List.of(
          "org/mmreview/intake/",
          "org/mmreview/review/",
          "org/mmreview/cparse/",
          "org/mmreview/ast/",
          "org/mmreview/analysis/",
          "org/mmreview/kernel/",
          "org/mmreview/rules/",
          "org/mmreview/report/",
          "org/mmreview/series/",
          "rules/");

  /** The stamp of this build running {@code rules}. */
  public static ReviewerStamp of(RuleSet rules) {
    return of(rules.entries().stream().map(RuleSet.Entry::metadata).toList(), codeDigest());
  }

  /**
   * The stamp of the rules with this metadata, {@code codeDigest} being this build's {@link
   * #codeDigest}: the rules need not be instantiated, nor the digest computed on this thread.
   */
  public static ReviewerStamp of(List<RuleMetadata> rules, String codeDigest) {
    List<String> ids = new ArrayList<>();
    MessageDigest md = sha256();
    rules.stream()
        .sorted(Comparator.comparing(RuleMetadata::id))
        .forEach(
            m -> {
              ids.add(m.id());
              md.update(m.toString().getBytes(StandardCharsets.UTF_8));
              md.update((byte) 0);
            });
    String ruleSet = ids.size() + ":" + hex(md.digest());
    return new ReviewerStamp(version() + "+" + codeDigest, ruleSet, String.join(",", ids));
  }

  /** The release this build says it is. */
  static String version() {
    Properties p = new Properties();
    try (InputStream in =
        ReviewerStamp.class.getResourceAsStream("/org/mmreview/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }

  /**
   * A digest of the deciding classes and resources, read from the jar or class directory this code
   * runs from; "unknown" when neither can be read (the tool version then is the release alone).
   */
  public static String codeDigest() {
    try {
      Path where =
          Path.of(PatchReviewer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      MessageDigest md = sha256();
      if (Files.isDirectory(where)) {
        List<Path> files;
        try (Stream<Path> s = Files.walk(where)) {
          files =
              s.filter(Files::isRegularFile)
                  .filter(f -> deciding(where.relativize(f).toString().replace('\\', '/')))
                  .sorted()
                  .toList();
        }
        for (Path f : files) {
          md.update(where.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
          md.update(Files.readAllBytes(f));
        }
      } else {
        try (JarFile jar = new JarFile(where.toFile())) {
          List<JarEntry> entries =
              jar.stream()
                  .filter(e -> !e.isDirectory() && deciding(e.getName()))
                  .sorted(Comparator.comparing(JarEntry::getName))
                  .toList();
          for (JarEntry e : entries) {
            md.update(e.getName().getBytes(StandardCharsets.UTF_8));
            try (InputStream in = jar.getInputStream(e)) {
              md.update(in.readAllBytes());
            }
          }
        }
      }
      return hex(md.digest());
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return "unknown";
    }
  }

  private static boolean deciding(String name) {
    return DECIDING.stream().anyMatch(name::startsWith);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest, 0, 6);
  }
}
