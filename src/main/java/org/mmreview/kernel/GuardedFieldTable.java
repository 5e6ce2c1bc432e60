package org.mmreview.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fields that are only stable under a lock ({@code ctx->mmap_changing} and the mmap lock or {@code
 * map_changing_lock}, {@code vma->anon_vma} and the VMA's lock, {@code folio->mapping} and the
 * folio lock), read from {@code lock-guarded-fields.yaml} next to this class.
 *
 * @param fields the rows of the table, in file order
 */
public record GuardedFieldTable(List<GuardedField> fields) {
  private static final GuardedFieldTable DEFAULT = load();

  /**
   * One lock that keeps a field stable: by family, or by the member naming the lock object; {@code
   * sameObject} when it must be the lock of the object whose field is read.
   */
  public record Guard(
      Optional<LockFamily> family, Optional<String> objectMember, boolean sameObject) {}

  /**
   * One field, the calls that read it, the calls that test it again themselves under a lock of
   * their own ({@code anon_vma_prepare()}), why it changes, and the locks that keep it stable.
   */
  public record GuardedField(
      String field, List<String> reads, List<String> recheckedBy, String why, List<Guard> guards) {}

  /** The table shipped with mmreview. */
  public static GuardedFieldTable defaults() {
    return DEFAULT;
  }

  private static GuardedFieldTable load() {
    try (InputStream in = GuardedFieldTable.class.getResourceAsStream("lock-guarded-fields.yaml")) {
      if (in == null) {
        throw new IllegalStateException("lock-guarded-fields.yaml missing from the class path");
      }
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      List<GuardedField> rows = new ArrayList<>();
      for (JsonNode n : root) {
        List<String> reads = new ArrayList<>();
        n.path("reads").forEach(r -> reads.add(r.asText()));
        List<String> recheckedBy = new ArrayList<>();
        n.path("rechecked_by").forEach(r -> recheckedBy.add(r.asText()));
        List<Guard> guards = new ArrayList<>();
        for (JsonNode g : n.path("locks")) {
          guards.add(
              new Guard(
                  Optional.ofNullable(g.get("family")).map(f -> LockFamily.named(f.asText())),
                  Optional.ofNullable(g.get("object")).map(JsonNode::asText),
                  g.path("same_object").asBoolean(false)));
        }
        rows.add(
            new GuardedField(
                n.get("field").asText(),
                List.copyOf(reads),
                List.copyOf(recheckedBy),
                n.path("why").asText(""),
                List.copyOf(guards)));
      }
      return new GuardedFieldTable(List.copyOf(rows));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
